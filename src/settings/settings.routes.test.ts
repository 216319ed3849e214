import { beforeAll, expect, it } from "vitest";
import { errorFields, requester } from "../directory/test-requests.js";
import { createTestUser, describeApi, type TestUser } from "../test/http.js";

describeApi("settings", (use) => {
  const call = requester(use);
  let admin: TestUser;
  let agent: TestUser;

  beforeAll(async () => {
    admin = await createTestUser(use().app, { role: "admin" });
    agent = await createTestUser(use().app);
  });

  it("closes resolved tickets after 4 days by default, readable by any signed-in user", async () => {
    const read = await call("GET", "/settings", agent);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ auto_close_after_days: 4 });
    expect((await call("GET", "/settings", null)).status).toBe(401);
  });

  it("lets admins set auto-close from 1 to 365 days, or never (null)", async () => {
    for (const days of [1, 365, null, 7]) {
      const changed = await call("PATCH", "/settings", admin, { auto_close_after_days: days });
      expect(changed.status).toBe(200);
      expect(changed.body.auto_close_after_days).toBe(days);
      expect((await call("GET", "/settings", agent)).body.auto_close_after_days).toBe(days);
    }
    // Fields left out stay.
    const nothing = await call("PATCH", "/settings", admin, {});
    expect(nothing.body.auto_close_after_days).toBe(7);
  });

  it("answers 400 naming the field for days out of range or not whole", async () => {
    for (const days of [0, 366, -1, 2.5, "x", "4", true]) {
      const response = await call("PATCH", "/settings", admin, { auto_close_after_days: days });
      expect(response.status, String(days)).toBe(400);
      expect(errorFields(response.body)).toEqual(["auto_close_after_days"]);
    }
    const unknown = await call("PATCH", "/settings", admin, { portal_enabled: true });
    expect(unknown.status).toBe(400);
    expect(errorFields(unknown.body)).toEqual(["portal_enabled"]);
    expect((await call("GET", "/settings", admin)).body.auto_close_after_days).toBe(7);
  });

  it("lets only admins change them (403 for agents)", async () => {
    const refused = await call("PATCH", "/settings", agent, { auto_close_after_days: 30 });
    expect(refused.status).toBe(403);
    expect((await call("PATCH", "/settings", null, { auto_close_after_days: 30 })).status).toBe(401);
    expect((await call("GET", "/settings", agent)).body.auto_close_after_days).not.toBe(30);
  });
});
