import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ensureWebBuilt, launchBrowser, type Server, startServer } from "./harness.js";

/**
 * Issue 19: the browser still holds the cookie of a session that ended on the server (the password was
 * changed from another device). Reloading must lead to the sign-in form, and signing in there must work.
 */
const admin = { name: "Ada Admin", email: "ada@example.com", password: "correct horse battery" };
const newPassword = "a new and longer password";

async function sessionCookie(context: BrowserContext) {
  return (await context.cookies()).find((cookie) => cookie.name === "td_session");
}

describe("signing in again after the session ended elsewhere, in Chromium", { timeout: 90_000 }, () => {
  let server: Server;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer();
    const setup = await server.app.inject({ method: "POST", url: "/api/v1/setup", payload: admin });
    expect(setup.statusCode).toBe(201);
    browser = await launchBrowser();
    context = browser.context;
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signInThroughTheForm(password: string) {
    await page.getByLabel(/^Email/).fill(admin.email);
    await page.getByLabel(/^Password/).fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
  }

  test("signs in, loses the session to a password change elsewhere, reloads and signs in again", async () => {
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/sign-in/);
    await signInThroughTheForm(admin.password);
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    const before = await sessionCookie(context);
    expect(before?.value).toBeTruthy();

    // Another device signs in and changes the password: every other session ends, the browser's too.
    const elsewhere = await server.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: admin.email, password: admin.password },
    });
    const cookie = elsewhere.cookies.find((c) => c.name === "td_session")?.value;
    const changed = await server.app.inject({
      method: "POST",
      url: "/api/v1/auth/password",
      headers: { cookie: `td_session=${cookie}`, "x-csrf-token": elsewhere.json().csrf_token },
      payload: { current_password: admin.password, new_password: newPassword },
    });
    expect(changed.statusCode).toBe(204);

    await page.reload();
    await page.waitForURL(/\/sign-in/);
    // The server's 401 told the browser to drop the dead cookie.
    await expect.poll(() => sessionCookie(context)).toBeUndefined();
    await signInThroughTheForm(newPassword);
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    const after = await sessionCookie(context);
    expect(after?.value).toBeTruthy();
    expect(after?.value).not.toBe(before?.value);
  });
});
