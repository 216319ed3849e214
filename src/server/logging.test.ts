import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config/config.js";
import type { Database } from "../db/database.js";
import { freshPglite } from "../test/databases.js";
import { type ApiApp, buildApp } from "./app.js";

describe("structured logs", () => {
  let database: Database;
  let app: ApiApp;
  const lines: string[] = [];

  beforeAll(async () => {
    database = await freshPglite();
    const stream = new PassThrough();
    stream.on("data", (chunk: Buffer) => lines.push(...chunk.toString().split("\n").filter(Boolean)));
    app = await buildApp({
      config: loadConfig({ LOG_LEVEL: "trace", DATA_DIR: "/tmp/td-log-test" }),
      database,
      logStream: stream,
    });
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it("are JSON lines with request ids and never contain passwords, tokens or session ids", async () => {
    const password = "a very secret password 123";
    const setup = await app.inject({
      method: "POST",
      url: "/api/v1/setup",
      headers: { "x-request-id": "req-setup-1" },
      payload: { email: "admin@example.com", password, name: "Admin" },
    });
    expect(setup.statusCode).toBe(201);
    const session = setup.cookies.find((c) => c.name === "td_session")?.value ?? "";
    const csrf = setup.json().csrf_token as string;
    const token = await app.inject({
      method: "POST",
      url: "/api/v1/api-tokens",
      headers: { cookie: `td_session=${session}`, "x-csrf-token": csrf },
      payload: { name: "ci" },
    });
    const secret = token.json().token as string;
    await app.inject({
      method: "GET",
      url: "/api/v1/auth/me",
      headers: { authorization: `Bearer ${secret}` },
    });
    await app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: "admin@example.com", password: "wrong one!" },
    });

    expect(lines.length).toBeGreaterThan(4);
    const entries = lines.map((line) => JSON.parse(line) as { reqId?: string; level: number });
    expect(entries.some((e) => e.reqId === "req-setup-1")).toBe(true);
    const all = lines.join("\n");
    for (const leaked of [password, "wrong one!", session, csrf, secret]) expect(all).not.toContain(leaked);
  });
});
