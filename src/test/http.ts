import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe } from "vitest";
import { createApiToken } from "../auth/auth.service.js";
import { loadConfig } from "../config/config.js";
import type { Database, Engine } from "../db/database.js";
import type { UserRole } from "../db/schema.js";
import { createUser } from "../directory/create-user.js";
import { type ApiApp, buildApp } from "../server/app.js";
import type { Actor } from "../server/context.js";
import { freshDatabase, testEngines } from "./databases.js";

export type TestApp = { app: ApiApp; database: Database; dataDir: string };

export async function createTestApp(engine: Engine, env: NodeJS.ProcessEnv = {}): Promise<TestApp> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "ticketdesk-app-"));
  const database = await freshDatabase(engine);
  const config = loadConfig({ DATA_DIR: dataDir, ...env });
  const app = await buildApp({ config, database, logger: false });
  return { app, database, dataDir };
}

export async function closeTestApp(t: TestApp | undefined): Promise<void> {
  if (!t) return;
  await t.app.close();
  await t.database.close();
  await fs.rm(t.dataDir, { recursive: true, force: true });
}

let userCounter = 0;

export type TestUser = Awaited<ReturnType<typeof createUser>> & {
  password: string;
  headers: Record<string, string>;
};

/** A user with an API token; `headers` authenticate requests as them (no CSRF needed). */
export async function createTestUser(
  app: ApiApp,
  overrides: {
    role?: UserRole;
    email?: string;
    name?: string;
    password?: string;
    team_id?: string | null;
  } = {},
): Promise<TestUser> {
  userCounter += 1;
  const password = overrides.password ?? "correct horse battery";
  const user = await createUser(app.ctx.db, {
    email: overrides.email ?? `user${userCounter}-${Date.now()}@example.com`,
    name: overrides.name ?? `Test User ${userCounter}`,
    role: overrides.role ?? "agent",
    team_id: overrides.team_id ?? null,
    password,
  });
  const actor: Actor = { ...user, via: "token", session_id: null };
  const { token } = await createApiToken(app.ctx, actor, "tests");
  return { ...user, password, headers: { authorization: `Bearer ${token}` } };
}

/** Signs in through the API like a browser: returns cookie + CSRF headers for writes. */
export async function signInWithSession(app: ApiApp, email: string, password: string) {
  const response = await app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { email, password },
  });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === "td_session");
  const body = response.json() as { csrf_token: string };
  return {
    cookie: `td_session=${cookie?.value}`,
    csrf: body.csrf_token,
    headers: { cookie: `td_session=${cookie?.value}`, "x-csrf-token": body.csrf_token },
  };
}

/** Runs a suite once per engine with its own app over a fresh database. */
export function describeApi(title: string, body: (use: () => TestApp, engine: Engine) => void): void {
  for (const engine of testEngines()) {
    describe(`${title} [${engine}]`, () => {
      let t: TestApp | undefined;
      beforeAll(async () => {
        t = await createTestApp(engine);
      }, 60_000);
      afterAll(() => closeTestApp(t));
      body(() => {
        if (!t) throw new Error("app not ready");
        return t;
      }, engine);
    });
  }
}
