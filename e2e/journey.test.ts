import path from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { receiveMail } from "../src/email/process-inbound-mail.js";
import {
  artifactsDir,
  checkScreen,
  ensureWebBuilt,
  launchBrowser,
  type Server,
  startServer,
} from "./harness.js";

const admin = { name: "Ada Admin", email: "ada@example.com", password: "correct horse battery" };
const agent = { name: "Bob Agent", email: "bob@example.com", password: "bob's long password" };
// User text must show as text: this subject must not run any script.
const subject = "Printer on fire <img src=x onerror=alert(1)>";

/** The input labelled so (Mantine's open dropdowns are labelled by the same label). */
function field(page: Page, label: RegExp) {
  return page.locator("input:not([type=hidden]), textarea").and(page.getByLabel(label));
}

async function pick(page: Page, label: RegExp, option: string) {
  await field(page, label).click();
  await page.getByRole("option", { name: option, exact: true }).click();
}

async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel(/^Email/).fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/**
 * Axe on an open dialog's form, with its errors shown. The page behind is checked on its own; while a Mantine
 * modal is open its <header> is a second banner landmark (true of every modal here), so those two rules wait.
 */
async function checkDialog(page: Page, name: string) {
  await page.screenshot({ path: path.join(artifactsDir, `${name}.png`) });
  const results = await new AxeBuilder({ page })
    .include('[role="dialog"]')
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
    .disableRules(["landmark-no-duplicate-banner", "landmark-unique"])
    .analyze();
  expect(
    results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);
}

/** Whether the element and every element around it are fully opaque (no fade still running). */
function fullyOpaque(element: Element): boolean {
  for (let node: Element | null = element; node; node = node.parentElement)
    if (getComputedStyle(node).opacity !== "1") return false;
  return true;
}

describe("agent journey in Chromium", { timeout: 90_000 }, () => {
  let server: Server;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let context: BrowserContext;
  let page: Page;
  let ticketNumber = "";
  const dialogs: string[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer();
    browser = await launchBrowser();
    context = browser.context;
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.accept();
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test("first run: the setup screen creates the admin, who lands on the dashboard", async () => {
    await page.goto(`${server.url}/tickets`);
    await page.waitForURL("**/setup");
    await checkScreen(page, "01-setup");
    await page.getByLabel(/^Your name/).fill(admin.name);
    await page.getByLabel(/^Email/).fill(admin.email);
    await page.getByLabel(/^Password/).fill(admin.password);
    await page.getByRole("button", { name: "Create admin and sign in" }).click();
    await page.waitForURL(`${server.url}/`);
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    await page.getByText("My open tickets").waitFor();
    await checkScreen(page, "02-dashboard");
  });

  test("sign out and in; an expired session returns to sign-in and then back", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/sign-in");
    await checkScreen(page, "03-sign-in");
    await signIn(page, admin.email, "wrong password!");
    await expect.poll(() => page.getByRole("alert").textContent()).toMatch(/invalid|incorrect|wrong/i);
    await page.getByLabel(/^Password/).fill(admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${server.url}/`);

    await page.getByRole("link", { name: "Companies" }).click();
    await page.getByRole("heading", { name: "Companies" }).waitFor();
    await context.clearCookies();
    await page.getByRole("link", { name: "Contacts", exact: true }).click();
    await page.waitForURL(/\/sign-in\?expired=1/);
    await page.getByText("Your session has expired").waitFor();
    await signIn(page, admin.email, admin.password);
    await page.waitForURL(`${server.url}/contacts`);
  });

  test("create a company, then a ticket with an inline contact; routing shows the Tech team", async () => {
    await page.getByRole("link", { name: "Companies" }).click();
    await page.getByRole("button", { name: "New company" }).click();
    await page.getByLabel(/^Name/).fill("Acme Music");
    await page.getByLabel(/^Email domain/).fill("acme.example");
    await page.getByRole("button", { name: "Create company" }).click();
    await page.getByRole("heading", { name: "Acme Music" }).waitFor();
    await checkScreen(page, "04-company");

    await page.getByRole("link", { name: "New ticket" }).first().click();
    await page.getByRole("heading", { name: "New ticket" }).waitFor();
    await page.getByLabel(/^Subject/).fill(subject);
    await page.getByLabel(/^Description/).fill("The office printer is smoking.\nPlease help!");
    await field(page, /^Company/).fill("Acme");
    await page.getByRole("option", { name: "Acme Music" }).click();
    await page.getByRole("button", { name: "New contact" }).click();
    await page.getByLabel(/^Contact name/).fill("Carol Customer");
    await page.getByLabel(/^Contact email/).fill("carol@acme.example");
    await page.getByRole("button", { name: "Save contact" }).click();
    await expect.poll(() => field(page, /^Contact$/).inputValue()).toBe("Carol Customer");
    await pick(page, /^Category/, "Technical Issue");
    await expect.poll(() => page.getByTestId("routed-team").textContent()).toContain("Tech");
    await pick(page, /^Priority/, "High");
    await checkScreen(page, "05-new-ticket");
    await page.getByRole("button", { name: "Create ticket" }).click();
    await page.waitForURL(/\/tickets\/T-\d{8}-\d{4,}$/);
    ticketNumber = page.url().split("/").pop() ?? "";
    await page.getByRole("heading", { name: subject }).waitFor();
  });

  test("the ticket appears in the queue with the right badges and team", async () => {
    await page.getByRole("link", { name: "Tickets", exact: true }).click();
    const row = page.locator(`tr[data-ticket="${ticketNumber}"]`);
    await row.waitFor();
    await expect.poll(() => row.locator('[data-kind="status"]').getAttribute("data-color")).toBe("red");
    expect(await row.locator('[data-kind="status"]').textContent()).toBe("New");
    expect(await row.locator('[data-kind="priority"]').getAttribute("data-color")).toBe("orange");
    expect(await row.textContent()).toContain("Tech");
    expect(await row.textContent()).toContain(subject);
    await checkScreen(page, "06-queue");
    // j/k move through the queue, Enter opens.
    await page.locator("body").click({ position: { x: 5, y: 200 } });
    await page.keyboard.press("j");
    await page.keyboard.press("Enter");
    await page.waitForURL(`**/tickets/${ticketNumber}`);
  });

  test("reply publicly, add an internal note, attach a file, resolve", async () => {
    await page.getByRole("heading", { name: subject }).waitFor();
    await page.keyboard.press("r");
    await page.keyboard.type("We are sending a technician.");
    // The reply copies one more address (Cc, typed, ended with Enter); the box clears it once sent.
    await page.getByRole("button", { name: "Cc", exact: true }).click();
    await field(page, /^Cc on this reply/).fill("dave@acme.example");
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Send reply" }).click();
    await page.getByText("We are sending a technician.").waitFor();
    // No SMTP relay is set up here: the reply's mail waits in the outbox and says so.
    await page.getByText("Mail to the customer queued").waitFor();
    expect(await field(page, /^Cc on this reply/).count()).toBe(0);

    await page.getByText("Internal note", { exact: true }).click();
    await page.getByLabel(/^Internal note \(only agents/).fill("Customer sounded upset; call back.");
    await page.getByRole("button", { name: "Add internal note" }).click();
    const note = page.getByRole("article", { name: /Internal note by/ });
    await note.waitFor();
    expect(await note.getAttribute("data-internal")).toBe("true");
    expect(await note.textContent()).toContain("Customer sounded upset");

    await page
      .getByRole("region", { name: "Attachments" })
      .locator('input[type="file"]')
      .setInputFiles({
        name: "printer-log.txt",
        mimeType: "text/plain",
        buffer: Buffer.from("x".repeat(2048)),
      });
    await page.getByText("printer-log.txt").waitFor();
    await page.getByText(/2(\.0)? KB/).waitFor();

    await pick(page, /^Status/, "Resolved");
    await expect.poll(() => page.locator('[data-kind="status"]').first().textContent()).toBe("Resolved");
    await checkScreen(page, "07-ticket");
    await page.getByRole("tab", { name: "History" }).click();
    await page.getByText(/changed status from new/).waitFor();
    await checkScreen(page, "08-ticket-history");
    expect(dialogs).toEqual([]);
  });

  test("filters, quick views and search find it", async () => {
    await page.goto(`${server.url}/tickets?status=resolved`);
    await page.locator(`tr[data-ticket="${ticketNumber}"]`).waitFor();
    expect(
      await page.locator('tr[data-ticket] [data-kind="status"]').first().getAttribute("data-color"),
    ).toBe("green");

    await page.getByRole("button", { name: /^Open/ }).click();
    await expect.poll(() => page.url()).toContain("open=true");
    await page.getByText("No tickets match these filters.").waitFor();

    await page.getByRole("button", { name: "Filters" }).click();
    // Pressed once the panel has finished opening (its toggle says so, and it has faded fully in): the
    // panel's height and opacity are animated, and a click during that was once lost in CI.
    await page.getByRole("button", { name: "Hide filters" }).waitFor();
    const clear = page.getByRole("button", { name: "Clear filters" });
    await expect.poll(() => clear.evaluate(fullyOpaque)).toBe(true);
    await clear.click();
    // The cleared filters reach the URL asynchronously; picking before that could be overwritten.
    await expect.poll(() => page.url()).not.toContain("open=true");
    await pick(page, /^Status/, "Resolved");
    await page.keyboard.press("Escape");
    await expect.poll(() => page.url()).toContain("status=resolved");
    await page.locator(`tr[data-ticket="${ticketNumber}"]`).waitFor();
    await checkScreen(page, "09-queue-filtered");
    await page.goBack();
    await expect.poll(() => page.url()).not.toContain("status=resolved");

    await page.getByRole("heading", { name: "Tickets" }).click();
    await page.keyboard.press("/");
    await page.keyboard.type("printer");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.url()).toContain("search=printer");
    await page.locator(`tr[data-ticket="${ticketNumber}"]`).waitFor();
  });

  test("an admin creates an agent, deactivates them, and they cannot sign in", async () => {
    await page.getByRole("link", { name: "Users" }).click();
    await page.getByRole("button", { name: "New user" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel(/^Name/).fill(agent.name);
    await dialog.getByLabel(/^Email/).fill(agent.email);
    await dialog.getByLabel(/^Initial password/).fill(agent.password);
    await dialog.getByRole("button", { name: "Create user" }).click();
    const row = page.locator(`tr[data-user="${agent.email}"]`);
    await row.waitFor();
    await checkScreen(page, "10-users");
    await row.getByLabel(`${agent.name} is active`).click({ force: true });
    await row.getByText("Deactivated").waitFor();

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/sign-in");
    await signIn(page, agent.email, agent.password);
    await page.locator("form [role=alert]").waitFor();
    expect(page.url()).toContain("/sign-in");
    await signIn(page, admin.email, admin.password);
    await page.waitForURL(`${server.url}/`);
  });

  test("an admin adds a mailbox; the mail screens pass axe on a desktop and a 390 px phone", async () => {
    await page.getByRole("link", { name: "Mailboxes" }).click();
    await page.getByRole("heading", { name: "Mailboxes" }).waitFor();
    await page.getByRole("button", { name: "New mailbox" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel(/^Name/).fill("Acme support");
    await dialog.getByLabel(/^Address/).fill("Help@Acme.example");
    // Mail reaches this one by SMTP: no IMAP server to log in to here.
    await dialog.getByRole("switch", { name: /^Fetch mail from an IMAP account/ }).uncheck();
    await dialog.getByRole("button", { name: "Create mailbox" }).click();
    const row = page.locator('tr[data-mailbox="help@acme.example"]');
    await row.waitFor();
    expect(await row.textContent()).toContain("None (SMTP)");
    await dialog.waitFor({ state: "detached" });
    // The notification must be in before axe looks: measured while it fades in, its text fails contrast.
    await page.getByText("Mailbox Acme support created").waitFor();
    await checkScreen(page, "21-mailboxes");
    await page.getByRole("link", { name: "Failed mail" }).click();
    await page.getByText("No failed mail.").waitFor();
    await checkScreen(page, "22-failed-mail");

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/admin/mailboxes`);
    await row.waitFor();
    await checkScreen(page, "23-mailboxes-phone");
    await page.goto(`${server.url}/admin/failed-mail`);
    await page.getByText("No failed mail.").waitFor();
    await checkScreen(page, "24-failed-mail-phone");
    await page.setViewportSize({ width: 1280, height: 800 });

    // The customer answers by mail (as the SMTP listener would hand it over); the phone step below shows it.
    const raw = [
      "From: Carol Customer <carol@acme.example>",
      "To: help@acme.example",
      `Subject: Re: [${ticketNumber}] Printer on fire`,
      "Message-ID: <carol-reply-1@acme.example>",
      "Date: Fri, 01 May 2026 10:00:00 +0000",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Thanks, the technician put it out.",
      "",
    ].join("\r\n");
    const received = await receiveMail(server.app.ctx, {
      raw: Buffer.from(raw),
      via: "smtp",
      mailboxId: null,
    });
    expect(received.outcome).toBe("reply");
  });

  test("an admin sets business hours, is told where a time is wrong, and marks themselves away", async () => {
    await page.getByRole("link", { name: "Business hours" }).click();
    await page.getByRole("heading", { name: "Business hours" }).waitFor();
    await page.locator('tr[data-calendar="24×7"]').waitFor();
    await page.getByRole("button", { name: "New calendar" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel(/^Name/).fill("Berlin office");
    await dialog.getByLabel("Monday closes").fill("8:00");
    await dialog.getByRole("button", { name: "Create calendar" }).click();
    const monday = dialog.getByLabel("Monday closes");
    await expect.poll(() => monday.getAttribute("aria-invalid")).toBe("true");
    await dialog.getByText("must be a time HH:MM from 00:00 to 24:00").waitFor();
    await checkDialog(page, "26-calendar-form");
    await monday.fill("18:00");
    await dialog.getByRole("button", { name: "Create calendar" }).click();
    const row = page.locator('tr[data-calendar="Berlin office"]');
    await row.waitFor();
    expect(await row.textContent()).toContain("Mon 09:00–18:00; Tue–Fri 09:00–17:00");
    await dialog.waitFor({ state: "detached" });
    await page.getByText("Calendar Berlin office created").waitFor();
    await checkScreen(page, "26-business-hours-list");

    await page.getByRole("link", { name: "SLA policies" }).click();
    await page.locator('tr[data-policy="every team/urgent"]').waitFor();
    expect(await page.locator('tr[data-policy="every team/urgent"]').textContent()).toContain("4 h");
    await checkScreen(page, "27-sla-policies");

    const away = page.getByRole("switch", { name: "Available for new tickets" });
    await away.click({ force: true });
    await page.getByText("Away", { exact: true }).waitFor();
    await away.click({ force: true });
    await page.getByText("Available", { exact: true }).waitFor();
  });

  test("every other screen loads without axe violations", async () => {
    const screens: [string, string, string][] = [
      ["/companies", "Companies", "11-companies"],
      ["/contacts", "Contacts", "12-contacts"],
      ["/admin/teams", "Teams", "13-teams"],
      ["/admin/categories", "Categories", "14-categories"],
      ["/admin/comments", "All comments", "15-comments"],
      ["/admin/attachments", "All attachments", "16-attachments"],
      ["/settings/tokens", "API tokens", "17-api-tokens"],
      ["/settings", "My settings", "25-my-settings"],
      ["/admin/settings", "Desk settings", "28-desk-settings"],
    ];
    for (const [path, heading, name] of screens) {
      await page.goto(`${server.url}${path}`);
      await page.getByRole("heading", { name: heading, exact: true }).waitFor();
      await checkScreen(page, name);
    }
    // Nine screens, each with axe: on a loaded two-core runner they took 80 s.
  }, 150_000);

  test("a 390 px phone shows the queue and the ticket without horizontal scrolling", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/tickets`);
    await page.locator(`[data-ticket="${ticketNumber}"]`).waitFor();
    await checkScreen(page, "18-queue-phone");
    await page.goto(`${server.url}/tickets/${ticketNumber}`);
    await page.getByRole("heading", { name: subject }).waitFor();
    const mail = page.getByRole("article", { name: "Message by Carol Customer (customer)" });
    expect(await mail.textContent()).toContain("Thanks, the technician put it out.");
    expect(await mail.getByText("Email", { exact: true }).count()).toBe(1);
    await mail.getByRole("link", { name: /Original message/ }).waitFor();
    await checkScreen(page, "19-ticket-phone");
    await page.goto(`${server.url}/`);
    await page.getByText("My open tickets").waitFor();
    await checkScreen(page, "20-dashboard-phone");
    await page.goto(`${server.url}/admin/sla-policies`);
    await page.locator('tr[data-policy="every team/urgent"]').waitFor();
    await checkScreen(page, "29-sla-policies-phone");
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  test("a macro written by the admin changes the ticket and replies with its placeholders filled", async () => {
    await page.getByRole("link", { name: "Macros" }).click();
    await page.getByRole("heading", { name: "Macros" }).waitFor();
    await page.getByRole("button", { name: "New macro" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel(/^Name/).fill("Waiting on customer");
    await pick(page, /^Status/, "Pending");
    await dialog.getByLabel(/^Public reply/).check();
    await field(page, /^Reply text/).fill(
      "Hi {{contact.first_name}}, {{agent.first_name}} here: {{ticket.number}} waits on you.",
    );
    await dialog.getByRole("table", { name: "Placeholders" }).waitFor();
    await checkScreen(page, "26-macro-form");
    await dialog.getByRole("button", { name: "Create macro" }).click();
    await page.locator('tr[data-macro="Waiting on customer"]').waitFor();
    await dialog.waitFor({ state: "detached" });
    await page.getByText("Macro Waiting on customer created").waitFor();
    await checkScreen(page, "27-macros");

    // Applied by the one staff member this journey has left (the agent was deactivated above).
    await page.goto(`${server.url}/tickets/${ticketNumber}`);
    await page.getByRole("heading", { name: subject }).waitFor();
    await pick(page, /^Apply macro/, "Waiting on customer");
    await page.getByText(`Hi Carol, Ada here: ${ticketNumber} waits on you.`).waitFor();
    await expect.poll(() => page.locator('[data-kind="status"]').first().textContent()).toBe("Pending");
    await page.getByText("Waiting on customer applied").waitFor();
    await checkScreen(page, "28-ticket-macro");
  });
});
