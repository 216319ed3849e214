import { beforeAll, expect, it } from "vitest";
import { createTestTicket } from "../test/factories.js";
import { createTestUser, describeApi, type TestUser } from "../test/http.js";
import { errorFields, requester } from "./test-requests.js";

describeApi("categories", (use) => {
  const call = requester(use);
  let admin: TestUser;
  let agent: TestUser;
  const teamId = async (name: string): Promise<string> =>
    (await call("GET", "/teams", agent)).body.results.find((t: { name: string }) => t.name === name).id;

  beforeAll(async () => {
    admin = await createTestUser(use().app, { role: "admin" });
    agent = await createTestUser(use().app, { role: "agent" });
  });

  it("lists the default categories by label with their routing", async () => {
    const list = await call("GET", "/categories", agent);
    expect(list.status).toBe(200);
    expect(list.body.count).toBe(6);
    expect(
      list.body.results.map((c: { key: string; default_team: { name: string } | null }) => [
        c.key,
        c.default_team?.name ?? null,
      ]),
    ).toEqual([
      ["account", "Sales"],
      ["billing", "Finance"],
      ["feature_request", null],
      ["general", null],
      ["technical", "Tech"],
      ["zone_config", "Music"],
    ]);
    expect(list.body.results[0]).toMatchObject({
      label: "Account Management",
      default_team: { id: expect.any(String) },
    });
  });

  it("lets admins create, rename and re-route a category; the key never changes", async () => {
    const tech = await teamId("Tech");
    const created = await call("POST", "/categories", admin, {
      key: "hardware",
      label: "Hardware fault",
      default_team_id: tech,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      key: "hardware",
      label: "Hardware fault",
      default_team: { id: tech, name: "Tech" },
    });
    const id = created.body.id as string;

    const sales = await teamId("Sales");
    const rerouted = await call("PATCH", `/categories/${id}`, admin, {
      label: "Hardware",
      default_team_id: sales,
    });
    expect(rerouted.status).toBe(200);
    expect(rerouted.body).toMatchObject({
      key: "hardware",
      label: "Hardware",
      default_team: { name: "Sales" },
    });
    const unrouted = await call("PATCH", `/categories/${id}`, admin, { default_team_id: null });
    expect(unrouted.body.default_team).toBeNull();
    expect((await call("GET", `/categories/${id}`, agent)).body).toMatchObject({
      label: "Hardware",
      default_team: null,
    });

    const rekey = await call("PATCH", `/categories/${id}`, admin, { key: "hw" });
    expect(rekey.status).toBe(400);
    expect(errorFields(rekey.body)).toEqual(["key"]);
  });

  it("refuses duplicate keys (409), bad slugs and unknown teams (400)", async () => {
    const duplicate = await call("POST", "/categories", admin, { key: "billing", label: "Money" });
    expect(duplicate.status).toBe(409);
    expect(errorFields(duplicate.body)).toEqual(["key"]);
    for (const key of ["Has Space", "UPPER", "-leading", "x".repeat(51), ""]) {
      const bad = await call("POST", "/categories", admin, { key, label: "Bad" });
      expect(bad.status, key).toBe(400);
      expect(errorFields(bad.body)).toEqual(["key"]);
    }
    const longLabel = await call("POST", "/categories", admin, { key: "ok", label: "x".repeat(101) });
    expect(errorFields(longLabel.body)).toEqual(["label"]);
    const noTeam = await call("POST", "/categories", admin, {
      key: "ghosts",
      label: "Ghosts",
      default_team_id: "01900000-0000-7000-8000-000000000000",
    });
    expect(noTeam.status).toBe(400);
    expect(errorFields(noTeam.body)).toEqual(["default_team_id"]);
    const badTeam = await call("POST", "/categories", admin, {
      key: "ghosts",
      label: "Ghosts",
      default_team_id: "tech",
    });
    expect(errorFields(badTeam.body)).toEqual(["default_team_id"]);
    expect((await call("GET", "/categories/01900000-0000-7000-8000-000000000000", agent)).status).toBe(404);
    expect(errorFields((await call("GET", "/categories/123", agent)).body)).toEqual(["id"]);
  });

  it("forbids agents to change categories", async () => {
    const general = (await call("GET", "/categories", agent)).body.results.find(
      (c: { key: string }) => c.key === "general",
    );
    expect((await call("POST", "/categories", agent, { key: "mine", label: "Mine" })).status).toBe(403);
    expect((await call("PATCH", `/categories/${general.id}`, agent, { label: "Other" })).status).toBe(403);
    expect((await call("DELETE", `/categories/${general.id}`, agent)).status).toBe(403);
    expect((await call("GET", `/categories/${general.id}`, agent)).body.label).toBe("General Inquiry");
  });

  it("refuses to delete a category tickets are filed under, and deletes an unused one", async () => {
    const used = (await call("POST", "/categories", admin, { key: "printers", label: "Printers" })).body;
    await createTestTicket(use().database.db, { category: "printers", status: "closed" });
    const refused = await call("DELETE", `/categories/${used.id}`, admin);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain("1 ticket");
    expect((await call("GET", `/categories/${used.id}`, agent)).status).toBe(200);

    const unused = (await call("POST", "/categories", admin, { key: "unused", label: "Unused" })).body;
    expect((await call("DELETE", `/categories/${unused.id}`, admin)).status).toBe(204);
    expect((await call("GET", `/categories/${unused.id}`, agent)).status).toBe(404);
    expect((await call("DELETE", `/categories/${unused.id}`, admin)).status).toBe(404);
  });
});
