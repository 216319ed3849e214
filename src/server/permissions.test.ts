import { beforeAll, expect, it } from "vitest";
import { createTestUser, describeApi, signInWithSession, type TestUser } from "../test/http.js";
import { fillPath, listOperations, type Operation } from "../test/openapi-operations.js";

const uuid = "01900000-0000-7000-8000-000000000000";
const isPublic = (op: Operation) =>
  [
    "GET /api/v1/setup",
    "POST /api/v1/setup",
    "POST /api/v1/auth/login",
    "GET /healthz",
    "GET /readyz",
  ].includes(`${op.method} ${op.path}`);
const isWrite = (op: Operation) => op.method !== "GET";

/**
 * The generic rows of the permission matrix, for every documented endpoint: anonymous callers,
 * deactivated users' tokens and cookie writes without the CSRF token are refused before any
 * input is looked at. Role rules (agent vs admin) are asserted per endpoint in each domain's tests.
 */
describeApi("permission matrix", (use) => {
  let operations: Operation[];
  let agent: TestUser;
  let deactivated: TestUser;
  let session: { cookie: string; csrf: string };

  beforeAll(async () => {
    const { app } = use();
    operations = (await listOperations(app)).filter((op) => op.path.startsWith("/api/v1"));
    agent = await createTestUser(app);
    deactivated = await createTestUser(app);
    await app.ctx.db
      .updateTable("users")
      .set({ is_active: false })
      .where("id", "=", deactivated.id)
      .execute();
    session = await signInWithSession(app, agent.email, agent.password);
  });

  it("refuses anonymous callers with 401 everywhere but the public endpoints", async () => {
    const { app } = use();
    for (const op of operations.filter((o) => !isPublic(o))) {
      const response = await app.inject({
        method: op.method,
        url: fillPath(op.path, { id: uuid }),
        payload: isWrite(op) ? {} : undefined,
      });
      expect(response.statusCode, `${op.method} ${op.path}`).toBe(401);
      expect(response.json().error.code).toBe("unauthenticated");
    }
  });

  it("refuses a deactivated user's API token with 401", async () => {
    const { app } = use();
    for (const op of operations.filter((o) => !isPublic(o))) {
      const response = await app.inject({
        method: op.method,
        url: fillPath(op.path, { id: uuid }),
        headers: deactivated.headers,
        payload: isWrite(op) ? {} : undefined,
      });
      expect(response.statusCode, `${op.method} ${op.path}`).toBe(401);
    }
  });

  it("refuses cookie-authenticated writes without the right X-CSRF-Token with 403", async () => {
    const { app } = use();
    for (const op of operations.filter((o) => isWrite(o) && !isPublic(o))) {
      for (const csrf of [undefined, "wrong", `${session.csrf}x`]) {
        const response = await app.inject({
          method: op.method,
          url: fillPath(op.path, { id: uuid }),
          headers: { cookie: session.cookie, ...(csrf ? { "x-csrf-token": csrf } : {}) },
          payload: {},
        });
        expect(response.statusCode, `${op.method} ${op.path} csrf=${csrf}`).toBe(403);
      }
    }
  });

  it("lets an API token write without a CSRF token", async () => {
    const { app } = use();
    const response = await app.inject({
      method: "POST",
      url: "/api/v1/api-tokens",
      headers: agent.headers,
      payload: { name: "x" },
    });
    expect(response.statusCode).toBe(201);
  });
});
