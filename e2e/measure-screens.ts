/**
 * Measures how long each list screen takes to show its data in Chromium against a running
 * server (e.g. one seeded with `npm run cli -- seed-demo --tickets 100000`):
 *   BASE_URL=http://127.0.0.1:3000 EMAIL=... PASSWORD=... npx tsx e2e/measure-screens.ts
 * Each screen is opened by a full page load three times; the median is reported.
 */
import { launchBrowser } from "./browser.js";

const base = process.env.BASE_URL ?? "http://127.0.0.1:3000";
const email = process.env.EMAIL ?? "";
const password = process.env.PASSWORD ?? "";

const screens: [string, string, string][] = [
  ["Dashboard", "/", 'figure[aria-label="Tickets by status"]'],
  ["Ticket queue", "/tickets", "tr[data-ticket]"],
  ["Queue: open + urgent", "/tickets?priority=urgent&open=true", "tr[data-ticket]"],
  ["Queue: search", "/tickets?search=printer", "tr[data-ticket]"],
  ["Queue: sorted by priority, page 40", "/tickets?ordering=-priority&page=40", "tr[data-ticket]"],
  ["Companies", "/companies", "table[aria-label=Companies] tbody tr"],
  ["Contacts", "/contacts", "table[aria-label=Contacts] tbody tr"],
  ["All comments", "/admin/comments", "table[aria-label=Comments] tbody tr"],
  ["All attachments", "/admin/attachments", "table[aria-label=Attachments] tbody tr"],
  ["Users", "/admin/users", "table[aria-label=Users] tbody tr"],
];

const browser = await launchBrowser();
try {
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(30_000);
  await page.goto(`${base}/sign-in`);
  await page.getByLabel(/^Email/).fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${base}/`);
  const firstTicket = await page.evaluate(async () => {
    const response = await fetch("/api/v1/tickets?limit=1");
    const body = (await response.json()) as { results: { ticket_number: string }[] };
    return body.results[0]?.ticket_number ?? "";
  });
  screens.push(["Ticket detail", `/tickets/${firstTicket}`, "article"]);
  console.log("| screen | median ms (3 full page loads) |\n| --- | ---: |");
  for (const [name, url, selector] of screens) {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = Date.now();
      await page.goto(`${base}${url}`);
      // Data shown: the first row, or the "nothing found" message of a list.
      await page.locator(selector).or(page.getByText(/No tickets match|No tickets yet|found\./)).first().waitFor();
      times.push(Date.now() - started);
    }
    times.sort((a, b) => a - b);
    console.log(`| ${name} | ${times[1]} |`);
  }
} finally {
  await browser.close();
}
