import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config/config.js";
import { type Database, openPostgres } from "../db/database.js";
import { type ApiApp, buildApp } from "../server/app.js";
import { freshPostgresUrl, hasPostgres } from "../test/databases.js";
import { createTestUser, signInWithSession } from "../test/http.js";
import { signedInChannel } from "./authenticate.js";

/**
 * Two app instances over two connection pools on one PostgreSQL database, as two servers behind a load
 * balancer: they share one sign-in budget, and a credential ended on one is refused by the other at once,
 * not when the other's 5-second sign-in cache lets go of it.
 */
describe.runIf(hasPostgres())("sign-ins across two app instances [postgres]", () => {
  const instances: { app: ApiApp; database: Database }[] = [];
  let dataDir: string;
  const app = (i: number): ApiApp => {
    const instance = instances[i];
    if (!instance) throw new Error(`no instance ${i}`);
    return instance.app;
  };

  /** Resolves when instance `i` has heard sign-in news (the cache clears in the same delivery). */
  const hearsSignInNews = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`instance ${i} heard no sign-in news`)), 5_000);
      const stop = app(i).ctx.news.subscribe(signedInChannel, () => {
        clearTimeout(timer);
        stop();
        resolve();
      });
    });

  beforeAll(async () => {
    const url = await freshPostgresUrl();
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "ticketdesk-multi-auth-"));
    for (let i = 0; i < 2; i++) {
      const database = await openPostgres(url, 4);
      const instance = await buildApp({ config: loadConfig({ DATA_DIR: dataDir }), database, logger: false });
      instances.push({ app: instance, database });
    }
  });

  afterAll(async () => {
    for (const { app, database } of instances) {
      await app.close();
      await database.close();
    }
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it("counts failed sign-ins on both: 10 failures on A, and the 11th on B is 429", async () => {
    const user = await createTestUser(app(0));
    const attempt = (i: number) =>
      app(i).inject({
        method: "POST",
        url: "/api/v1/auth/login",
        remoteAddress: "198.51.100.20",
        payload: { email: user.email, password: "not the password" },
      });
    for (let n = 0; n < 10; n++) expect((await attempt(0)).statusCode).toBe(401);
    const limited = await attempt(1);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(800);
    // Even the right password waits: the budget is spent, on every instance.
    const right = await app(1).inject({
      method: "POST",
      url: "/api/v1/auth/login",
      remoteAddress: "198.51.100.21",
      payload: { email: user.email, password: user.password },
    });
    expect(right.statusCode).toBe(429);
  });

  it("refuses on B a token revoked on A, at B's next request", async () => {
    const user = await createTestUser(app(0));
    const created = await app(0).inject({
      method: "POST",
      url: "/api/v1/api-tokens",
      headers: user.headers,
      payload: { name: "script" },
    });
    const { id, token } = created.json() as { id: string; token: string };
    const headers = { authorization: `Bearer ${token}` };
    const meOnB = () => app(1).inject({ method: "GET", url: "/api/v1/auth/me", headers });
    expect((await meOnB()).statusCode).toBe(200); // B now remembers the token for 5 s

    const heard = hearsSignInNews(1);
    const revoked = await app(0).inject({ method: "DELETE", url: `/api/v1/api-tokens/${id}`, headers });
    expect(revoked.statusCode).toBe(204);
    await heard;
    expect((await meOnB()).statusCode).toBe(401);
  });

  it("refuses on B a session ended on A, and tells the browser to drop the cookie", async () => {
    const user = await createTestUser(app(0));
    const session = await signInWithSession(app(0), user.email, user.password);
    const meOnB = () =>
      app(1).inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie: session.cookie } });
    expect((await meOnB()).statusCode).toBe(200);

    const heard = hearsSignInNews(1);
    const out = await app(0).inject({ method: "POST", url: "/api/v1/auth/logout", headers: session.headers });
    expect(out.statusCode).toBe(204);
    await heard;
    const refused = await meOnB();
    expect(refused.statusCode).toBe(401);
    expect(refused.cookies.find((c) => c.name === "td_session")?.value).toBe("");
  });
});
