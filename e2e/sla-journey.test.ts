import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { checkScreen, ensureWebBuilt, launchBrowser, type Server, startServer } from "./harness.js";

/**
 * The SLA issue's journey: an agent sees a ticket's time left in the queue, orders the queue by the next SLA
 * due time, opens the ticket and sees when its first response and resolution are due, applies a macro and
 * sees what it changed (the SLA too), then sets themselves unavailable. The tickets and the macro are made
 * through the API; everything the agent does is done in Chromium. The default policies (24×7): urgent 1 h,
 * medium 8 h, low 24 h to the first response.
 */
const admin = { name: "Ada Admin", email: "ada@example.com", password: "correct horse battery" };
const agent = { name: "Bob Agent", email: "bob@example.com", password: "bob's long password" };
const macroName = "Ask for a photo";

/** The input labelled so (Mantine's open dropdowns are labelled by the same label). */
function field(page: Page, label: RegExp) {
  return page.locator("input:not([type=hidden]), textarea").and(page.getByLabel(label));
}

async function pick(page: Page, label: RegExp, option: string) {
  await field(page, label).click();
  await page.getByRole("option", { name: option, exact: true }).click();
}

describe("an agent works a ticket by its SLA, in Chromium", { timeout: 150_000 }, () => {
  let server: Server;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  /** Created oldest first: low (24 h), medium (8 h), urgent (1 h). */
  const numbers = { low: "", medium: "", urgent: "" };
  const subject = "The scanner on the second floor only scans blank pages";

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer();
    const setup = await server.app.inject({ method: "POST", url: "/api/v1/setup", payload: admin });
    expect(setup.statusCode).toBe(201);
    const login = await server.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: admin.email, password: admin.password },
    });
    const headers = {
      cookie: `td_session=${login.cookies.find((c) => c.name === "td_session")?.value}`,
      "x-csrf-token": login.json().csrf_token as string,
    };
    async function call(url: string, payload: object) {
      const response = await server.app.inject({ method: "POST", url: `/api/v1${url}`, headers, payload });
      expect(response.statusCode, `POST ${url}: ${response.body}`).toBeLessThan(300);
      return response.json();
    }
    await call("/users", { ...agent, role: "agent" });
    const company = await call("/companies", { name: "Acme Music", domain: "acme.example" });
    const contact = await call("/contacts", {
      company_id: company.id,
      name: "Carol Customer",
      email: "carol@acme.example",
    });
    await call("/macros", {
      name: macroName,
      actions: {
        status: "pending",
        comment: { text: "Hi {{contact.first_name}}, could you send us a photo of a scanned page?" },
      },
    });
    for (const [priority, text] of [
      ["low", "Please order more toner for the printer"],
      ["medium", subject],
      ["urgent", "Nobody can sign in to the shop"],
    ] as const) {
      const ticket = await call("/tickets", {
        company_id: company.id,
        contact_id: contact.id,
        subject: text,
        description: "Details to follow.",
        priority,
      });
      numbers[priority] = ticket.ticket_number;
    }

    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(15_000);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const rowsInOrder = () =>
    page.locator("tr[data-ticket]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-ticket")));
  const slaOf = (number: string) => page.locator(`[data-ticket="${number}"] [data-kind="sla"]`);

  test("sees the time left, orders by the next SLA due, applies a macro, and goes away", async () => {
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel(/^Email/).fill(agent.email);
    await page.getByLabel(/^Password/).fill(agent.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();

    // The queue: the medium ticket's first response is due in 8 hours, counted from a moment ago.
    await page.getByRole("link", { name: "Tickets", exact: true }).click();
    await slaOf(numbers.medium).waitFor();
    expect(await slaOf(numbers.medium).textContent()).toMatch(/^(8 h|7 h 59 m)$/);
    expect(await slaOf(numbers.medium).getAttribute("title")).toMatch(/^First response due /);
    expect(await slaOf(numbers.urgent).textContent()).toMatch(/^(1 h|59 m)$/);
    expect(await rowsInOrder()).toEqual([numbers.urgent, numbers.medium, numbers.low]);
    await checkScreen(page, "sla-01-queue");

    // Ordered by the next SLA due time, soonest first (the newest ticket is due first, so turn it round).
    await pick(page, /^Sort tickets by/, "Oldest first");
    await expect.poll(rowsInOrder).toEqual([numbers.low, numbers.medium, numbers.urgent]);
    await pick(page, /^Sort tickets by/, "Next SLA due");
    await expect.poll(() => page.url()).toContain("ordering=sla_due");
    await expect.poll(rowsInOrder).toEqual([numbers.urgent, numbers.medium, numbers.low]);
    expect(await page.getByRole("columnheader", { name: /SLA/ }).getAttribute("aria-sort")).toBe("ascending");
    await checkScreen(page, "sla-02-queue-by-sla");

    // The ticket: both targets, their state and the time left.
    await page.getByRole("link", { name: numbers.medium }).click();
    await page.getByRole("heading", { name: subject }).waitFor();
    const sla = page.getByRole("region", { name: "SLA" });
    const firstResponse = sla.locator('[data-sla-target="first_response"]');
    const resolution = sla.locator('[data-sla-target="resolution"]');
    await firstResponse.waitFor();
    expect(await firstResponse.textContent()).toMatch(/First response due.*On track.*(8 h|7 h 59 m) left$/);
    expect(await resolution.textContent()).toMatch(/Resolution due.*On track.*(3 d|2 d 23 h) left$/);
    await checkScreen(page, "sla-03-ticket");

    // The macro answers the customer and waits on them: the first response is met, the resolution paused.
    await pick(page, /^Apply macro/, macroName);
    await page.getByText("Hi Carol, could you send us a photo of a scanned page?").waitFor();
    await page.getByText(`${macroName} applied`).waitFor();
    await expect.poll(() => page.locator('[data-kind="status"]').first().textContent()).toBe("Pending");
    await expect.poll(() => firstResponse.getAttribute("data-tone")).toBe("met");
    await expect.poll(() => resolution.getAttribute("data-tone")).toBe("paused");
    expect(await page.locator('main [data-kind="sla"]').first().textContent()).toBe("Paused");
    await checkScreen(page, "sla-04-ticket-after-macro");
    await page.getByRole("tab", { name: "History" }).click();
    await page.getByText(/changed status from new to pending/).waitFor();

    // Away: the header's switch says so, and so does the server.
    const available = page.getByRole("switch", { name: "Available for new tickets" });
    expect(await available.isChecked()).toBe(true);
    await available.click({ force: true });
    await page.getByText("Away", { exact: true }).waitFor();
    expect(await available.isChecked()).toBe(false);
    const me = await page.evaluate(() => fetch("/api/v1/auth/me").then((r) => r.json()));
    expect(me.user).toMatchObject({ email: agent.email, available: false });
    await checkScreen(page, "sla-05-away");
  });

  test("on a 390 px phone the queue's cards and the ticket show the SLA", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/tickets?ordering=sla_due`);
    const card = page.locator(`[role=listitem][data-ticket="${numbers.urgent}"]`);
    await card.waitFor();
    expect(await card.locator('[data-kind="sla"]').textContent()).toMatch(/^(1 h|\d\d? m)$/);
    expect(
      await page.locator(`[role=listitem][data-ticket="${numbers.medium}"] [data-kind="sla"]`).textContent(),
    ).toBe("Paused");
    await checkScreen(page, "sla-06-queue-phone");
    await page.goto(`${server.url}/tickets/${numbers.medium}`);
    await page.getByRole("region", { name: "SLA" }).waitFor();
    await checkScreen(page, "sla-07-ticket-phone");
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
