/**
 * Measures how long each list screen takes to show its data in Chromium against a running
 * server (e.g. one seeded with `npm run cli -- seed-demo --tickets 100000`):
 *   BASE_URL=http://127.0.0.1:3000 EMAIL=... PASSWORD=... npx tsx e2e/measure-screens.ts
 * Each screen is opened three times by a full page load and three times by in-app navigation from
 * a freshly loaded page (nothing cached); the medians are reported.
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
  console.log("| screen | full page load, median ms | in-app navigation, median ms |\n| --- | ---: | ---: |");
  const shown = (selector: string) =>
    page
      .locator(selector)
      .or(page.getByText(/No tickets match|No tickets yet|found\./))
      .first()
      .waitFor();
  // In-app: the agent clicks from another screen; the JavaScript is loaded, only data is fetched.
  const navigate = (url: string) =>
    page.evaluate((to) => {
      window.history.pushState({}, "", to);
      window.dispatchEvent(new PopStateEvent("popstate"));
    }, url);
  for (const [name, url, selector] of screens) {
    const times: number[] = [];
    const inApp: number[] = [];
    for (let i = 0; i < 3; i++) {
      // A fresh page each time, so no answer is served from the client's cache.
      await page.goto(`${base}/settings/tokens`);
      await page.getByRole("heading", { name: "API tokens" }).waitFor();
      const started = Date.now();
      await navigate(url);
      await shown(selector);
      inApp.push(Date.now() - started);
    }
    for (let i = 0; i < 3; i++) {
      const started = Date.now();
      await page.goto(`${base}${url}`);
      await shown(selector);
      times.push(Date.now() - started);
    }
    times.sort((a, b) => a - b);
    inApp.sort((a, b) => a - b);
    console.log(`| ${name} | ${times[1]} | ${inApp[1]} |`);
  }
} finally {
  await browser.close();
}
