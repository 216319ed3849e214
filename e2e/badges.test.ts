import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { receiveMail } from "../src/email/process-inbound-mail.js";
import { checkScreen, ensureWebBuilt, launchBrowser, type Server, startServer } from "./harness.js";

/**
 * The SLA issue: at common desktop widths the queue's badges were cut to "IN PRO…", "URG…", "OVER…", and
 * the ticket page's internal-note badge showed an empty box where its icon belongs (an emoji, and
 * Debian's chromium has no emoji font). Every badge must show its whole word, and the icon must be drawn.
 */
const admin = { name: "Ada Admin", email: "ada@example.com", password: "correct horse battery" };

/** One ticket per status, every priority among them, and an overdue one; subjects as long as real ones. */
const tickets = [
  {
    subject: "The label printer in the warehouse prints every page twice and then jams on the last sheet",
    priority: "urgent",
    status: "new",
    overdue: true,
  },
  {
    subject: "Invoices for March were sent to the old billing address although it changed in January",
    priority: "high",
    status: "assigned",
  },
  {
    subject: "VPN drops every few minutes for the whole sales team since the router firmware update",
    priority: "medium",
    status: "in_progress",
  },
  {
    subject: "Please add two new starters to the shared calendar and the mailing lists before Monday",
    priority: "low",
    status: "pending",
  },
  {
    subject: "The conference room screen shows no picture when a laptop is connected over HDMI",
    priority: "urgent",
    status: "resolved",
  },
  {
    subject: "Request for a second monitor and a docking station for the new design workstation",
    priority: "medium",
    status: "closed",
  },
] as const;

const words = {
  status: ["New", "Assigned", "In progress", "Pending", "Resolved", "Closed"],
  priority: ["Urgent", "High", "Medium", "Low"],
  overdue: ["Overdue"],
  sla: ["Overdue 3 d 4 h", "Paused", "Met"],
};

type Measured = {
  kind: string;
  text: string;
  labelScroll: number;
  labelClient: number;
  rootScroll: number;
  rootClient: number;
};

/** Every Mantine badge under `scope`: its text and whether its label or the badge itself cuts it off. */
function measureBadges(page: Page, scope: string): Promise<Measured[]> {
  return page.evaluate(
    (selector) =>
      [...document.querySelectorAll(`${selector} .mantine-Badge-root`)].map((root) => {
        const label = root.querySelector(".mantine-Badge-label") as HTMLElement;
        return {
          kind: root.getAttribute("data-kind") ?? root.getAttribute("data-channel") ?? "other",
          text: label.textContent ?? "",
          labelScroll: label.scrollWidth,
          labelClient: label.clientWidth,
          rootScroll: root.scrollWidth,
          rootClient: root.clientWidth,
        };
      }),
    scope,
  );
}

function expectWhole(badges: Measured[], where: string) {
  const cut = badges.filter((b) => b.labelScroll > b.labelClient || b.rootScroll > b.rootClient);
  expect(cut, `badges cut off on ${where}`).toEqual([]);
}

describe("badges show their whole word, in Chromium", { timeout: 90_000 }, () => {
  let server: Server;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let context: BrowserContext;
  let page: Page;
  let noted = "";
  let notedId = "";

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
    const adminId = login.json().user.id as string;
    async function call(method: "POST" | "PATCH", url: string, payload: object) {
      const response = await server.app.inject({ method, url: `/api/v1${url}`, headers, payload });
      expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
      return response.json();
    }
    const company = await call("POST", "/companies", {
      name: "Northwind Traders International",
      domain: "northwind.example",
    });
    const contact = await call("POST", "/contacts", {
      company_id: company.id,
      name: "Carol Customer",
      email: "carol@northwind.example",
    });
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    for (const t of tickets) {
      const created = await call("POST", "/tickets", {
        company_id: company.id,
        contact_id: contact.id,
        category: "technical",
        subject: t.subject,
        description: "Details to follow.",
        priority: t.priority,
        ...("overdue" in t ? { due_date: yesterday } : {}),
        ...(t.status === "new" ? {} : { assigned_to: adminId }),
      });
      // Answered, then waiting on the customer: its SLA is paused.
      if (t.status === "pending")
        await call("POST", `/tickets/${created.id}/comments`, { text: "Which lists?", is_internal: false });
      if (t.status !== "new" && t.status !== "assigned")
        await call("PATCH", `/tickets/${created.id}`, { status: t.status });
      if (t.status === "new") [noted, notedId] = [created.ticket_number, created.id];
    }
    // The first ticket's conversation: an internal note, a reply by API token and one by mail.
    await call("POST", `/tickets/${notedId}/comments`, { text: "Call them back.", is_internal: true });
    const token = await call("POST", "/api-tokens", { name: "script" });
    const byToken = await server.app.inject({
      method: "POST",
      url: `/api/v1/tickets/${notedId}/comments`,
      headers: { authorization: `Bearer ${token.token}` },
      payload: { text: "A technician is on the way.", is_internal: false },
    });
    expect(byToken.statusCode).toBe(201);
    const raw = [
      "From: Carol Customer <carol@northwind.example>",
      "To: help@northwind.example",
      `Subject: Re: [${noted}] The label printer`,
      "Message-ID: <carol-badges-1@northwind.example>",
      "Date: Fri, 01 May 2026 10:00:00 +0000",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Thanks.",
      "",
    ].join("\r\n");
    const received = await receiveMail(server.app.ctx, {
      raw: Buffer.from(raw),
      via: "smtp",
      mailboxId: null,
    });
    expect(received.outcome).toBe("reply");
    // The overdue ticket's resolution was due 3 days 4 hours ago: the longest SLA label a queue shows.
    // (Its next check stays in the future, so the SLA sweep leaves the hand-made due time alone.)
    const longAgo = new Date(Date.now() - (3 * 24 + 4) * 3600_000 - 60_000);
    await server.app.ctx.db
      .updateTable("tickets")
      .set({ resolution_due_at: longAgo, sla_next_due_at: longAgo })
      .where("id", "=", notedId)
      .execute();

    browser = await launchBrowser();
    context = browser.context;
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel(/^Email/).fill(admin.email);
    await page.getByLabel(/^Password/).fill(admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test.each([1280, 1400, 1920])(
    "the queue at %i px: every status, priority and overdue badge whole",
    async (width) => {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${server.url}/tickets`);
      await expect.poll(() => page.locator("tr[data-ticket]").count()).toBe(tickets.length);
      await checkScreen(page, `badges-queue-${width}`);
      const badges = await measureBadges(page, "table[aria-label=Tickets] tbody");
      for (const [kind, expected] of Object.entries(words))
        expect(
          badges.filter((b) => b.kind === kind).map((b) => b.text),
          kind,
        ).toEqual(expect.arrayContaining(expected));
      expectWhole(badges, `the queue at ${width} px`);
      // Whole because the columns are wide enough, not because the table scrolls sideways past them.
      const sideways = await page
        .locator(".mantine-TableScrollContainer-scrollContainer")
        .evaluate((el) => el.scrollWidth - el.clientWidth);
      expect(sideways, "the queue table scrolls sideways").toBeLessThanOrEqual(0);
    },
  );

  test("the queue on a 390 px phone: cards, every badge whole", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/tickets`);
    await expect.poll(() => page.locator("[role=listitem][data-ticket]").count()).toBe(tickets.length);
    await checkScreen(page, "badges-queue-phone");
    const badges = await measureBadges(page, "[role=list][aria-label=Tickets]");
    expect(badges.map((b) => b.text)).toEqual(
      expect.arrayContaining([...words.status, ...words.priority, "Overdue", ...words.sla]),
    );
    expectWhole(badges, "the phone queue");
  });

  test.each([1400, 390])(
    "the ticket page at %i px: the internal note's icon is drawn, badges whole",
    async (width) => {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${server.url}/tickets/${noted}`);
      const note = page.getByRole("article", { name: /^Internal note by/ });
      await note.waitFor();
      await page.getByRole("article", { name: "Message by Carol Customer (customer)" }).waitFor();
      await checkScreen(page, `badges-ticket-${width}`);

      const badge = note.locator(".mantine-Badge-root", { hasText: "Internal note" });
      // An SVG drawn at a real size, and no character whose glyph depends on the fonts installed.
      const icon = badge.locator(".mantine-Badge-section svg");
      expect(await icon.count()).toBe(1);
      const box = await icon.boundingBox();
      expect(box?.width).toBeGreaterThan(0);
      expect(box?.height).toBeGreaterThan(0);
      expect((await badge.locator(".mantine-Badge-section").textContent())?.trim()).toBe("");

      const badges = await measureBadges(page, "main");
      expect(badges.filter((b) => b.kind === "api" || b.kind === "email").map((b) => b.text)).toEqual(
        expect.arrayContaining(["API", "Email"]),
      );
      expect(badges.map((b) => b.text)).toEqual(
        expect.arrayContaining(["New", "Urgent", "Overdue", "Internal note", "Overdue 3 d 4 h", "Breached"]),
      );
      expectWhole(badges, `the ticket page at ${width} px`);
    },
  );
});
