import { beforeAll, expect, it } from "vitest";
import { createTestTicket } from "../test/factories.js";
import { createTestUser, describeApi, type TestUser } from "../test/http.js";
import { errorFields, requester } from "./test-requests.js";

describeApi("teams", (use) => {
  const call = requester(use);
  let admin: TestUser;
  let agent: TestUser;

  beforeAll(async () => {
    admin = await createTestUser(use().app, { role: "admin" });
    agent = await createTestUser(use().app, { role: "agent" });
  });

  it("lists the default teams by name to agents, and nothing to the anonymous", async () => {
    const list = await call("GET", "/teams", agent);
    expect(list.status).toBe(200);
    expect(list.body.count).toBe(5);
    expect(list.body.results.map((t: { name: string }) => t.name)).toEqual([
      "Admin",
      "Finance",
      "Music",
      "Sales",
      "Tech",
    ]);
    const page = await call("GET", "/teams?limit=2&offset=1", agent);
    expect(page.body).toMatchObject({ count: 5, results: [{ name: "Finance" }, { name: "Music" }] });
    expect((await call("GET", "/teams", null)).status).toBe(401);
    const tooMany = await call("GET", "/teams?limit=101", agent);
    expect(tooMany.status).toBe(400);
    expect(errorFields(tooMany.body)).toEqual(["limit"]);
  });

  it("lets admins create, read and rename teams, with unique names whatever the case", async () => {
    const created = await call("POST", "/teams", admin, { name: "  Support Tier 2 " });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Support Tier 2" });
    const id = created.body.id as string;
    expect((await call("GET", `/teams/${id}`, agent)).body.name).toBe("Support Tier 2");

    const duplicate = await call("POST", "/teams", admin, { name: "support tier 2" });
    expect(duplicate.status).toBe(409);
    expect(errorFields(duplicate.body)).toEqual(["name"]);

    const renamed = await call("PATCH", `/teams/${id}`, admin, { name: "Escalations" });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe("Escalations");
    const clash = await call("PATCH", `/teams/${id}`, admin, { name: "TECH" });
    expect(clash.status).toBe(409);
    // Renaming a team to its own name in another case is not a clash with itself.
    expect((await call("PATCH", `/teams/${id}`, admin, { name: "ESCALATIONS" })).status).toBe(200);
  });

  it("answers 400 naming the field for bad input, and 404 for a missing team", async () => {
    const tooLong = await call("POST", "/teams", admin, { name: "x".repeat(101) });
    expect(tooLong.status).toBe(400);
    expect(errorFields(tooLong.body)).toEqual(["name"]);
    const blank = await call("POST", "/teams", admin, { name: "   " });
    expect(errorFields(blank.body)).toEqual(["name"]);
    const unknown = await call("POST", "/teams", admin, { name: "Ok", colour: "red" });
    expect(unknown.status).toBe(400);
    expect(errorFields(unknown.body)).toEqual(["colour"]);
    const badId = await call("GET", "/teams/not-a-uuid", agent);
    expect(badId.status).toBe(400);
    expect(errorFields(badId.body)).toEqual(["id"]);
    const missing = "01900000-0000-7000-8000-000000000000";
    expect((await call("GET", `/teams/${missing}`, agent)).status).toBe(404);
    expect((await call("PATCH", `/teams/${missing}`, admin, { name: "Nope" })).status).toBe(404);
    expect((await call("DELETE", `/teams/${missing}`, admin)).status).toBe(404);
  });

  it("forbids agents to create, rename or delete teams", async () => {
    const tech = (await call("GET", "/teams", agent)).body.results.find(
      (t: { name: string }) => t.name === "Tech",
    );
    const create = await call("POST", "/teams", agent, { name: "Rogue" });
    expect(create.status).toBe(403);
    expect(create.body.error.message).toMatch(/admins/);
    expect((await call("PATCH", `/teams/${tech.id}`, agent, { name: "Mine" })).status).toBe(403);
    expect((await call("DELETE", `/teams/${tech.id}`, agent)).status).toBe(403);
    expect((await call("GET", `/teams/${tech.id}`, agent)).body.name).toBe("Tech");
  });

  it("refuses to delete a team with open tickets or routed categories, then deletes it", async () => {
    const { db } = use().database;
    const team = (await call("POST", "/teams", admin, { name: "Night Shift" })).body;
    const member = await createTestUser(use().app, { role: "agent", team_id: team.id });
    const ticket = await createTestTicket(db, { assigned_team: team.id, status: "in_progress" });

    const busy = await call("DELETE", `/teams/${team.id}`, admin);
    expect(busy.status).toBe(409);
    expect(busy.body.error.message).toContain("1 open ticket");

    await db.updateTable("tickets").set({ status: "closed" }).where("id", "=", ticket.id).execute();
    const category = await call("POST", "/categories", admin, {
      key: "night_calls",
      label: "Night calls",
      default_team_id: team.id,
    });
    const routed = await call("DELETE", `/teams/${team.id}`, admin);
    expect(routed.status).toBe(409);
    expect(routed.body.error.message).toContain("night_calls");

    await call("PATCH", `/categories/${category.body.id}`, admin, { default_team_id: null });
    expect((await call("DELETE", `/teams/${team.id}`, admin)).status).toBe(204);
    expect((await call("GET", `/teams/${team.id}`, agent)).status).toBe(404);
    // The member and the closed ticket stay, without a team.
    expect((await call("GET", `/users/${member.id}`, agent)).body).toMatchObject({
      team_id: null,
      team: null,
    });
    const closed = await db
      .selectFrom("tickets")
      .select("assigned_team")
      .where("id", "=", ticket.id)
      .executeTakeFirst();
    expect(closed).toEqual({ assigned_team: null });
  });

  it("assigns a team's tickets by hand unless an admin picks round robin or least loaded", async () => {
    const created = await call("POST", "/teams", admin, { name: "Night shift" });
    expect(created.body.assignment).toBe("manual");
    const id = created.body.id as string;
    expect(
      (await call("GET", "/teams", agent)).body.results.every(
        (t: { assignment: string }) => t.assignment === "manual",
      ),
    ).toBe(true);
    const roundRobin = await call("PATCH", `/teams/${id}`, admin, { assignment: "round_robin" });
    expect(roundRobin.status).toBe(200);
    expect(roundRobin.body).toMatchObject({ name: "Night shift", assignment: "round_robin" });
    expect((await call("GET", `/teams/${id}`, agent)).body.assignment).toBe("round_robin");
    const both = await call("PATCH", `/teams/${id}`, admin, {
      name: "Late shift",
      assignment: "least_loaded",
    });
    expect(both.body).toMatchObject({ name: "Late shift", assignment: "least_loaded" });
    const atCreation = await call("POST", "/teams", admin, {
      name: "Early shift",
      assignment: "round_robin",
    });
    expect(atCreation.body.assignment).toBe("round_robin");

    const bad = await call("PATCH", `/teams/${id}`, admin, { assignment: "random" });
    expect(bad.status).toBe(400);
    expect(errorFields(bad.body)).toEqual(["assignment"]);
    // A name clash changes nothing, the assignment included.
    const clash = await call("PATCH", `/teams/${id}`, admin, { name: "Tech", assignment: "manual" });
    expect(clash.status).toBe(409);
    expect((await call("GET", `/teams/${id}`, agent)).body.assignment).toBe("least_loaded");
    expect((await call("PATCH", `/teams/${id}`, agent, { assignment: "manual" })).status).toBe(403);
  });
});
