import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config/config.js";
import type { Database } from "../db/database.js";
import { type ApiApp, buildApp } from "../server/app.js";
import { freshDatabase, testEngines } from "../test/databases.js";
import { createTestUser, signInWithSession, type TestUser } from "../test/http.js";
import { webApp } from "../web-app/web-app.plugin.js";

/**
 * Issue 19: a browser still holding the cookie of an ended session must be able to sign in again. Public
 * routes answer as if it sent no cookie, and the 401 it gets elsewhere tells it to drop the cookie.
 */
const publicRequests = [
  { method: "GET", url: "/api/v1/setup" },
  { method: "GET", url: "/healthz" },
  { method: "GET", url: "/readyz" },
  { method: "GET", url: "/api/v1/openapi.json" },
  { method: "GET", url: "/api/docs" },
  { method: "GET", url: "/api/docs/json" },
  { method: "GET", url: "/" },
  { method: "GET", url: "/tickets/T-20260101-0001" },
  { method: "GET", url: "/assets/index-abc123.js" },
] as const;

/** The parts of an answer a browser acts on (x-request-id and date differ between any two). */
function seen(response: LightMyRequestResponse) {
  const { "x-request-id": _id, date: _date, ...headers } = response.headers;
  return { status: response.statusCode, headers, body: response.body };
}

function sessionCookieOf(response: LightMyRequestResponse) {
  return response.cookies.find((cookie) => cookie.name === "td_session");
}

for (const engine of testEngines()) {
  describe(`signing in again from a browser with an ended session [${engine}]`, () => {
    let app: ApiApp;
    let database: Database;
    let dir: string;
    let admin: TestUser;

    beforeAll(async () => {
      dir = await fs.mkdtemp(path.join(os.tmpdir(), "ticketdesk-ended-"));
      const root = path.join(dir, "web");
      await fs.mkdir(path.join(root, "assets"), { recursive: true });
      await fs.writeFile(path.join(root, "index.html"), "<!doctype html><div id=root></div>");
      await fs.writeFile(path.join(root, "assets/index-abc123.js"), "console.log(1)");
      database = await freshDatabase(engine);
      app = await buildApp({
        config: loadConfig({ DATA_DIR: dir }),
        database,
        logger: false,
        extend: (instance) => webApp(instance, { root }),
      });
      admin = await createTestUser(app, { role: "admin" });
    }, 60_000);

    afterAll(async () => {
      await app?.close();
      await database?.close();
      await fs.rm(dir, { recursive: true, force: true });
    });

    const setActive = async (user: TestUser, is_active: boolean) => {
      const response = await app.inject({
        method: "PATCH",
        url: `/api/v1/users/${user.id}`,
        headers: admin.headers,
        payload: { is_active },
      });
      expect(response.statusCode).toBe(200);
    };

    const endings: { how: string; end(user: TestUser): Promise<string> }[] = [
      {
        how: "an admin deactivated and reactivated the user",
        async end(user) {
          await setActive(user, false);
          await setActive(user, true);
          return user.password;
        },
      },
      {
        how: "the user changed the password in another session",
        async end(user) {
          const other = await signInWithSession(app, user.email, user.password);
          const changed = await app.inject({
            method: "POST",
            url: "/api/v1/auth/password",
            headers: other.headers,
            payload: { current_password: user.password, new_password: "a brand new password" },
          });
          expect(changed.statusCode).toBe(204);
          return "a brand new password";
        },
      },
    ];

    for (const { how, end } of endings) {
      it(`works after ${how}`, async () => {
        const user = await createTestUser(app);
        const stale = await signInWithSession(app, user.email, user.password);
        const password = await end(user);

        // Public routes answer exactly as they do without a cookie.
        for (const { method, url } of publicRequests) {
          const without = await app.inject({ method, url });
          const withStale = await app.inject({ method, url, headers: { cookie: stale.cookie } });
          expect(without.statusCode, url).toBeLessThan(400);
          expect(seen(withStale), url).toEqual(seen(without));
        }

        // Elsewhere: 401, and the browser is told to drop the cookie.
        const me = await app.inject({
          method: "GET",
          url: "/api/v1/auth/me",
          headers: { cookie: stale.cookie },
        });
        expect(me.statusCode).toBe(401);
        expect(me.json().error.message).toMatch(/session has expired/);
        const cleared = sessionCookieOf(me);
        expect(cleared).toMatchObject({ value: "", path: "/", httpOnly: true });
        expect(cleared?.expires?.getTime()).toBeLessThanOrEqual(Date.now());

        // Signing in with the stale cookie still sent replaces it with a working one.
        const login = await app.inject({
          method: "POST",
          url: "/api/v1/auth/login",
          headers: { cookie: stale.cookie },
          payload: { email: user.email, password },
        });
        expect(login.statusCode).toBe(200);
        const fresh = sessionCookieOf(login);
        expect(fresh?.value).toBeTruthy();
        expect(`td_session=${fresh?.value}`).not.toBe(stale.cookie);
        const meAgain = await app.inject({
          method: "GET",
          url: "/api/v1/auth/me",
          headers: { cookie: `td_session=${fresh?.value}` },
        });
        expect(meAgain.statusCode).toBe(200);
        expect(meAgain.json().user.email).toBe(user.email);
      });
    }

    it("also lets first-run setup through with a cookie nobody knows", async () => {
      const response = await app.inject({
        method: "POST",
        url: "/api/v1/setup",
        headers: { cookie: "td_session=not-a-session" },
        payload: { email: "late@example.com", password: "long enough password", name: "Late" },
      });
      // Users exist already, so setup refuses as it does for anyone: 409, not 401.
      expect(response.statusCode).toBe(409);
    });

    it("does not clear the cookie on a 401 for a caller that sent none, nor keep a live session from working", async () => {
      const anonymous = await app.inject({ method: "GET", url: "/api/v1/auth/me" });
      expect(anonymous.statusCode).toBe(401);
      expect(sessionCookieOf(anonymous)).toBeUndefined();
      const live = await signInWithSession(app, admin.email, admin.password);
      const me = await app.inject({
        method: "GET",
        url: "/api/v1/auth/me",
        headers: { cookie: live.cookie },
      });
      expect(me.statusCode).toBe(200);
      expect(sessionCookieOf(me)).toBeUndefined();
    });

    it("ignores bearer tokens on public routes, malformed or revoked, but not elsewhere", async () => {
      for (const authorization of ["Bearer td_revoked", "Basic bm9ib2R5"]) {
        const setup = await app.inject({ method: "GET", url: "/api/v1/setup", headers: { authorization } });
        expect(setup.statusCode, authorization).toBe(200);
        const login = await app.inject({
          method: "POST",
          url: "/api/v1/auth/login",
          headers: { authorization },
          payload: { email: admin.email, password: admin.password },
        });
        expect(login.statusCode, authorization).toBe(200);
        const me = await app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { authorization } });
        expect(me.statusCode, authorization).toBe(401);
      }
    });
  });
}
