import { beforeAll, expect, it } from "vitest";
import { createTestUser, describeApi, signInWithSession, type TestUser } from "../test/http.js";
import { errorFields, requester } from "./test-requests.js";

describeApi("users", (use) => {
  const call = requester(use);
  let admin: TestUser;
  let agent: TestUser;
  let financeId: string;

  beforeAll(async () => {
    admin = await createTestUser(use().app, { role: "admin", name: "Ada Admin" });
    agent = await createTestUser(use().app, { role: "agent", name: "Alan Agent" });
    const teams = (await call("GET", "/teams", agent)).body.results as { id: string; name: string }[];
    financeId = teams.find((t) => t.name === "Finance")?.id ?? "";
  });

  it("lets admins create users: email unique in any case, password of 10+, never shown", async () => {
    const created = await call("POST", "/users", admin, {
      email: " Grace@Example.COM ",
      name: "Grace Hopper",
      password: "a long enough password",
      team_id: financeId,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      email: "grace@example.com",
      name: "Grace Hopper",
      role: "agent",
      team: { id: financeId, name: "Finance" },
      is_active: true,
      available: true,
      max_open_tickets: null,
      last_login_at: null,
    });
    expect(created.body).not.toHaveProperty("password_hash");
    expect(JSON.stringify(created.body)).not.toContain("argon2");
    await signInWithSession(use().app, "GRACE@example.com", "a long enough password");

    const duplicate = await call("POST", "/users", admin, {
      email: "grace@EXAMPLE.com",
      name: "Other Grace",
      password: "a long enough password",
    });
    expect(duplicate.status).toBe(409);
    expect(errorFields(duplicate.body)).toEqual(["email"]);
  });

  it("answers 400 naming the field for bad input and 404 for a missing user", async () => {
    const good = { email: "new@example.com", name: "New", password: "a long enough password" };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...good, password: "short" }, "password"],
      [{ ...good, email: "nope" }, "email"],
      [{ ...good, name: "x".repeat(201) }, "name"],
      [{ ...good, role: "owner" }, "role"],
      [{ ...good, team_id: "finance" }, "team_id"],
      [{ ...good, team_id: "01900000-0000-7000-8000-000000000000" }, "team_id"],
      [{ ...good, is_admin: true }, "is_admin"],
    ];
    for (const [payload, field] of cases) {
      const response = await call("POST", "/users", admin, payload);
      expect(response.status, JSON.stringify(payload)).toBe(400);
      expect(errorFields(response.body)).toEqual([field]);
    }
    const missing = "01900000-0000-7000-8000-000000000000";
    expect((await call("GET", `/users/${missing}`, agent)).status).toBe(404);
    expect((await call("PATCH", `/users/${missing}`, admin, { name: "X" })).status).toBe(404);
    expect(
      (await call("POST", `/users/${missing}/password`, admin, { password: "a long enough password" }))
        .status,
    ).toBe(404);
    expect(errorFields((await call("GET", "/users/42", agent)).body)).toEqual(["id"]);
    expect(errorFields((await call("GET", "/users?is_active=yes", agent)).body)).toEqual(["is_active"]);
    // Users are deactivated, never deleted.
    expect((await call("DELETE", `/users/${agent.id}`, admin)).status).toBe(404);
  });

  it("lets agents list and read users (to assign tickets) but not change them", async () => {
    const list = await call("GET", "/users?limit=100", agent);
    expect(list.status).toBe(200);
    expect(list.body.count).toBe(list.body.results.length);
    expect(list.body.results.map((u: { id: string }) => u.id)).toEqual(
      expect.arrayContaining([admin.id, agent.id]),
    );
    expect(JSON.stringify(list.body)).not.toContain("password");
    expect((await call("GET", `/users/${admin.id}`, agent)).body).toMatchObject({
      name: "Ada Admin",
      role: "admin",
    });

    const create = await call("POST", "/users", agent, {
      email: "x@example.com",
      name: "X",
      password: "a long enough password",
    });
    expect(create.status).toBe(403);
    expect((await call("PATCH", `/users/${agent.id}`, agent, { role: "admin" })).status).toBe(403);
    expect((await call("PATCH", `/users/${admin.id}`, agent, { is_active: false })).status).toBe(403);
    expect(
      (await call("POST", `/users/${admin.id}/password`, agent, { password: "taken over now!" })).status,
    ).toBe(403);
    expect((await call("GET", `/users/${agent.id}`, agent)).body.role).toBe("agent");
  });

  it("filters by search, role, team and active state", async () => {
    const ops = await createTestUser(use().app, {
      name: "Zed Zimmerman",
      email: "zed.z@example.com",
      team_id: financeId,
    });
    const byName = await call("GET", "/users?search=zimmer", agent);
    expect(byName.body).toMatchObject({ count: 1, results: [{ id: ops.id }] });
    const byEmail = await call("GET", "/users?search=ZED.Z@", agent);
    expect(byEmail.body.results.map((u: { id: string }) => u.id)).toEqual([ops.id]);
    const admins = await call("GET", "/users?role=admin&limit=100", agent);
    expect(admins.body.results.every((u: { role: string }) => u.role === "admin")).toBe(true);
    expect(admins.body.results.map((u: { id: string }) => u.id)).toContain(admin.id);
    const finance = await call("GET", `/users?team_id=${financeId}&limit=100`, agent);
    expect(finance.body.results.map((u: { id: string }) => u.id)).toContain(ops.id);
    expect(finance.body.results.every((u: { team_id: string }) => u.team_id === financeId)).toBe(true);
    const noTeam = await call("GET", "/users?team_id=none&limit=100", agent);
    expect(noTeam.body.results.map((u: { id: string }) => u.id)).toContain(agent.id);
    expect(noTeam.body.results.map((u: { id: string }) => u.id)).not.toContain(ops.id);

    await call("PATCH", `/users/${ops.id}`, admin, { is_active: false });
    const inactive = await call("GET", "/users?is_active=false", agent);
    expect(inactive.body.results.map((u: { id: string }) => u.id)).toEqual([ops.id]);
    const active = await call("GET", "/users?is_active=true&limit=100", agent);
    expect(active.body.results.map((u: { id: string }) => u.id)).not.toContain(ops.id);
  });

  it("lets admins change a user's name, email, role and team; emails stay unique", async () => {
    const user = await createTestUser(use().app, { name: "Changing Person" });
    const updated = await call("PATCH", `/users/${user.id}`, admin, {
      name: "Changed Person",
      email: "Changed@Example.com",
      role: "admin",
      team_id: financeId,
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      name: "Changed Person",
      email: "changed@example.com",
      role: "admin",
      team: { name: "Finance" },
    });
    const noTeam = await call("PATCH", `/users/${user.id}`, admin, { team_id: null, role: "agent" });
    expect(noTeam.body).toMatchObject({ team_id: null, team: null, role: "agent" });
    const clash = await call("PATCH", `/users/${user.id}`, admin, { email: admin.email.toUpperCase() });
    expect(clash.status).toBe(409);
    expect(errorFields(clash.body)).toEqual(["email"]);
  });

  it("never lets admins demote or deactivate themselves", async () => {
    const demote = await call("PATCH", `/users/${admin.id}`, admin, { role: "agent" });
    expect(demote.status).toBe(409);
    expect(demote.body.error.message).toMatch(/own admin role/);
    const deactivate = await call("PATCH", `/users/${admin.id}`, admin, { is_active: false });
    expect(deactivate.status).toBe(409);
    expect(deactivate.body.error.message).toMatch(/deactivate your own account/);
    expect((await call("GET", `/users/${admin.id}`, admin)).body).toMatchObject({
      role: "admin",
      is_active: true,
    });
    // Other changes to one's own account are fine.
    expect((await call("PATCH", `/users/${admin.id}`, admin, { name: "Ada A.", role: "admin" })).status).toBe(
      200,
    );
  });

  it("ends a deactivated user's sessions and API tokens at once; they cannot sign in", async () => {
    const leaver = await createTestUser(use().app, { name: "Leaving Agent" });
    const session = await signInWithSession(use().app, leaver.email, leaver.password);
    expect((await call("GET", "/auth/me", leaver)).status).toBe(200);
    expect((await call("GET", "/auth/me", session)).status).toBe(200);

    const off = await call("PATCH", `/users/${leaver.id}`, admin, { is_active: false });
    expect(off.status).toBe(200);
    expect(off.body.is_active).toBe(false);
    expect((await call("GET", "/auth/me", leaver)).status).toBe(401);
    expect((await call("GET", "/companies", leaver)).status).toBe(401);
    expect((await call("GET", "/auth/me", session)).status).toBe(401);
    const login = await call("POST", "/auth/login", null, { email: leaver.email, password: leaver.password });
    expect(login.status).toBe(401);
    const { db } = use().database;
    const left = await db.selectFrom("api_tokens").select("id").where("user_id", "=", leaver.id).execute();
    expect(left).toEqual([]);

    // Reactivated, they sign in again, but the old token stays revoked.
    expect((await call("PATCH", `/users/${leaver.id}`, admin, { is_active: true })).body.is_active).toBe(
      true,
    );
    await signInWithSession(use().app, leaver.email, leaver.password);
    expect((await call("GET", "/auth/me", leaver)).status).toBe(401);
  });

  it("lets admins reset a password: the old one stops working and the user's sessions end", async () => {
    const forgetful = await createTestUser(use().app, { name: "Forgetful Agent" });
    const session = await signInWithSession(use().app, forgetful.email, forgetful.password);
    const short = await call("POST", `/users/${forgetful.id}/password`, admin, { password: "too short" });
    expect(short.status).toBe(400);
    expect(errorFields(short.body)).toEqual(["password"]);

    const reset = await call("POST", `/users/${forgetful.id}/password`, admin, {
      password: "brand new password",
    });
    expect(reset.status).toBe(204);
    expect((await call("GET", "/auth/me", session)).status).toBe(401);
    const old = await call("POST", "/auth/login", null, {
      email: forgetful.email,
      password: forgetful.password,
    });
    expect(old.status).toBe(401);
    await signInWithSession(use().app, forgetful.email, "brand new password");
  });

  it("lets every signed-in user mark themselves away and back with PATCH /users/me; /auth/me shows it", async () => {
    const worker = await createTestUser(use().app, { name: "Wanda Worker" });
    expect((await call("GET", "/auth/me", worker)).body.user.available).toBe(true);
    const away = await call("PATCH", "/users/me", worker, { available: false });
    expect(away.status).toBe(200);
    expect(away.body).toMatchObject({ id: worker.id, available: false });
    expect((await call("GET", "/auth/me", worker)).body.user.available).toBe(false);
    expect((await call("GET", `/users/${worker.id}`, agent)).body.available).toBe(false);
    // A session (the web app's header switch) needs its CSRF token like any write.
    const session = await signInWithSession(use().app, worker.email, worker.password);
    const back = await use().app.inject({
      method: "PATCH",
      url: "/api/v1/users/me",
      headers: session.headers,
      payload: { available: true },
    });
    expect(back.json()).toMatchObject({ id: worker.id, available: true });
    const adminAway = await call("PATCH", "/users/me", admin, { available: false });
    expect(adminAway.body).toMatchObject({ id: admin.id, available: false });
    await call("PATCH", "/users/me", admin, { available: true });
    // Nothing else about yourself changes here: role, team and the cap are an admin's call on /users/{id}.
    for (const body of [
      { available: "no" },
      {},
      { available: true, max_open_tickets: 99 },
      { role: "admin" },
    ]) {
      const refused = await call("PATCH", "/users/me", worker, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
    }
    expect((await call("PATCH", "/users/me", null, { available: false })).status).toBe(401);
    // /users/me does not shadow /users/{id}, and there is still no GET /users/me (as before: a bad id).
    expect((await call("GET", `/users/${worker.id}`, worker)).body.name).toBe("Wanda Worker");
    const get = await call("GET", "/users/me", worker);
    expect(get.status).toBe(400);
    expect(errorFields(get.body)).toEqual(["id"]);
  });

  it("lets admins cap an agent's open tickets (or lift the cap with null) and mark them away", async () => {
    const capped = await createTestUser(use().app, { name: "Carl Capped" });
    const set = await call("PATCH", `/users/${capped.id}`, admin, { max_open_tickets: 12, available: false });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ max_open_tickets: 12, available: false });
    expect((await call("GET", "/auth/me", capped)).body.user).toMatchObject({ max_open_tickets: 12 });
    const lifted = await call("PATCH", `/users/${capped.id}`, admin, { max_open_tickets: null });
    expect(lifted.body).toMatchObject({ max_open_tickets: null, available: false });
    for (const value of [0, -3, 2.5, "10"]) {
      const bad = await call("PATCH", `/users/${capped.id}`, admin, { max_open_tickets: value });
      expect(bad.status, String(value)).toBe(400);
      expect(errorFields(bad.body)).toEqual(["max_open_tickets"]);
    }
    const own = await call("PATCH", `/users/${capped.id}`, capped, { max_open_tickets: 1000 });
    expect(own.status).toBe(403);
  });
});
