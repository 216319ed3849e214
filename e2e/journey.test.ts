import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { checkScreen, ensureWebBuilt, launchBrowser, type Server, startServer } from "./harness.js";

const admin = { name: "Ada Admin", email: "ada@example.com", password: "correct horse battery" };

describe("agent journey in Chromium", () => {
  let server: Server;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer();
    browser = await launchBrowser();
    context = browser.context;
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(10_000);
      if (r.url().includes("/api/")) console.log("RESP", r.request().method(), r.url(), r.status());
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
    await expect.poll(() => page.getByRole("heading", { name: "Dashboard" }).isVisible()).toBe(true);
  });

  test("sign out, then an expired session returns to sign-in and back to the same screen", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/sign-in");
    await checkScreen(page, "02-sign-in");
    await page.getByLabel(/^Email/).fill(admin.email);
    await page.getByLabel(/^Password/).fill("wrong password!");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toMatch(/invalid|incorrect|wrong/i);
    await page.getByLabel(/^Password/).fill(admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${server.url}/`);

    await page.goto(`${server.url}/companies`);
    await context.clearCookies();
    await page.getByRole("link", { name: "Contacts" }).click();
    await page.waitForURL(/\/sign-in\?/);
    await page.getByLabel(/^Email/).fill(admin.email);
    await page.getByLabel(/^Password/).fill(admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${server.url}/contacts`);
  });
});
