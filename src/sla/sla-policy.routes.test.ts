import { beforeAll, expect, it } from "vitest";
import { errorFields, requester } from "../directory/test-requests.js";
import { createTestUser, describeApi, type TestUser } from "../test/http.js";

const missing = "01900000-0000-7000-8000-000000000000";

type Policy = {
  id: string;
  priority: string;
  team: { id: string; name: string } | null;
  first_response_minutes: number;
  resolution_minutes: number;
  is_fallback: boolean;
};

describeApi("SLA policies", (use) => {
  const call = requester(use);
  let admin: TestUser;
  let agent: TestUser;
  let teams: Record<string, string>;
  let defaultCalendar: { id: string; name: string };

  beforeAll(async () => {
    admin = await createTestUser(use().app, { role: "admin" });
    agent = await createTestUser(use().app);
    const list = await call("GET", "/teams", admin);
    teams = Object.fromEntries(list.body.results.map((t: { id: string; name: string }) => [t.name, t.id]));
    const calendars = await call("GET", "/business-calendars", admin);
    defaultCalendar = { id: calendars.body.results[0].id, name: calendars.body.results[0].name };
  });

  const policyOf = async (priority: string, teamId: string | null): Promise<Policy> => {
    const { body } = await call("GET", `/sla-policies?team_id=${teamId ?? "none"}`, admin);
    return body.results.find((p: Policy) => p.priority === priority);
  };

  it("starts with the SPEC's team-less defaults on the 24×7 calendar, urgent first, readable by agents", async () => {
    const list = await call("GET", "/sla-policies", agent);
    expect(list.status).toBe(200);
    expect(list.body.count).toBe(4);
    const escalation = { notify_team_admins: true, raise_priority: false, move_to_team: null };
    const fallback = { team: null, calendar: defaultCalendar, escalation, is_fallback: true };
    expect(list.body.results).toMatchObject([
      { priority: "urgent", first_response_minutes: 60, resolution_minutes: 240, ...fallback },
      { priority: "high", first_response_minutes: 240, resolution_minutes: 1440, ...fallback },
      { priority: "medium", first_response_minutes: 480, resolution_minutes: 4320, ...fallback },
      { priority: "low", first_response_minutes: 1440, resolution_minutes: 7200, ...fallback },
    ]);
    const one = await call("GET", `/sla-policies/${list.body.results[0].id}`, agent);
    expect(one.body).toEqual(list.body.results[0]);
    expect((await call("GET", "/sla-policies", null)).status).toBe(401);
    expect((await call("GET", `/sla-policies/${missing}`, admin)).status).toBe(404);
  });

  it("lets admins add, change and delete a team's policy; the list puts it after the team-less ones", async () => {
    const created = await call("POST", "/sla-policies", admin, {
      priority: "urgent",
      team_id: teams.Tech,
      first_response_minutes: 15,
      resolution_minutes: 120,
      escalation: { raise_priority: true, move_to_team_id: teams.Admin },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      priority: "urgent",
      team: { id: teams.Tech, name: "Tech" },
      first_response_minutes: 15,
      resolution_minutes: 120,
      calendar: defaultCalendar,
      escalation: { notify_team_admins: true, raise_priority: true, move_to_team: { name: "Admin" } },
      is_fallback: false,
    });
    const id = created.body.id;
    const list = await call("GET", "/sla-policies", agent);
    expect(list.body.results.map((p: Policy) => `${p.priority}/${p.team?.name ?? "-"}`)).toEqual([
      "urgent/-",
      "high/-",
      "medium/-",
      "low/-",
      "urgent/Tech",
    ]);
    const techOnly = await call("GET", `/sla-policies?team_id=${teams.Tech}`, agent);
    expect(techOnly.body).toMatchObject({ count: 1, results: [{ id }] });

    const changed = await call("PATCH", `/sla-policies/${id}`, admin, {
      priority: "high",
      team_id: teams.Sales,
      first_response_minutes: 30,
      escalation: { notify_team_admins: false, move_to_team_id: null },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      priority: "high",
      team: { name: "Sales" },
      first_response_minutes: 30,
      resolution_minutes: 120,
      escalation: { notify_team_admins: false, raise_priority: true, move_to_team: null },
    });
    expect((await call("DELETE", `/sla-policies/${id}`, admin)).status).toBe(204);
    expect((await call("GET", `/sla-policies/${id}`, admin)).status).toBe(404);
    expect((await call("DELETE", `/sla-policies/${id}`, admin)).status).toBe(404);
  });

  it("edits the team-less policies but never deletes them or gives them a team or another priority (409)", async () => {
    const urgent = await policyOf("urgent", null);
    const edited = await call("PATCH", `/sla-policies/${urgent.id}`, admin, {
      first_response_minutes: 30,
      resolution_minutes: 180,
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      first_response_minutes: 30,
      resolution_minutes: 180,
      is_fallback: true,
    });
    const deleted = await call("DELETE", `/sla-policies/${urgent.id}`, admin);
    expect(deleted.status).toBe(409);
    expect(deleted.body.error.message).toContain("fallback");
    const teamed = await call("PATCH", `/sla-policies/${urgent.id}`, admin, { team_id: teams.Tech });
    expect(teamed.status).toBe(409);
    expect(errorFields(teamed.body)).toEqual(["team_id"]);
    const reprioritised = await call("PATCH", `/sla-policies/${urgent.id}`, admin, { priority: "low" });
    expect(reprioritised.status).toBe(409);
    expect(errorFields(reprioritised.body)).toEqual(["priority"]);
    // Saying what it already is changes nothing and is fine.
    expect(
      (await call("PATCH", `/sla-policies/${urgent.id}`, admin, { priority: "urgent", team_id: null }))
        .status,
    ).toBe(200);
    expect((await call("GET", "/sla-policies?team_id=none", admin)).body.count).toBe(4);
  });

  it("refuses a second policy for one team and priority, and a second team-less one (409)", async () => {
    const body = {
      priority: "low",
      team_id: teams.Music,
      first_response_minutes: 60,
      resolution_minutes: 60,
    };
    expect((await call("POST", "/sla-policies", admin, body)).status).toBe(201);
    const again = await call("POST", "/sla-policies", admin, body);
    expect(again.status).toBe(409);
    expect(errorFields(again.body)).toEqual(["priority"]);
    const teamless = await call("POST", "/sla-policies", admin, { ...body, team_id: null });
    expect(teamless.status).toBe(409);
    const medium = await call("POST", "/sla-policies", admin, { ...body, priority: "medium" });
    expect(medium.status).toBe(201);
    const clash = await call("PATCH", `/sla-policies/${medium.body.id}`, admin, { priority: "low" });
    expect(clash.status).toBe(409);
    const toTeamless = await call("PATCH", `/sla-policies/${medium.body.id}`, admin, { team_id: null });
    expect(toTeamless.status).toBe(409);
  });

  it("answers 400 naming the field for bad targets, and for teams and calendars that do not exist", async () => {
    const valid = {
      priority: "high",
      team_id: teams.Finance,
      first_response_minutes: 60,
      resolution_minutes: 120,
    };
    const cases: [object, string[]][] = [
      [{ first_response_minutes: 0 }, ["first_response_minutes"]],
      [{ first_response_minutes: -5 }, ["first_response_minutes"]],
      [{ resolution_minutes: 0 }, ["resolution_minutes"]],
      [{ first_response_minutes: 1.5 }, ["first_response_minutes"]],
      [{ first_response_minutes: "60" }, ["first_response_minutes"]],
      [{ resolution_minutes: 600_000 }, ["resolution_minutes"]],
      [{ first_response_minutes: 120, resolution_minutes: 60 }, ["resolution_minutes"]],
      [{ priority: "critical" }, ["priority"]],
      [{ team_id: "tech" }, ["team_id"]],
      [{ team_id: missing }, ["team_id"]],
      [{ calendar_id: missing }, ["calendar_id"]],
      [{ escalation: { move_to_team_id: missing } }, ["escalation.move_to_team_id"]],
      [{ escalation: { notify_team_admins: "yes" } }, ["escalation.notify_team_admins"]],
      [{ escalation: { page_the_ceo: true } }, ["escalation.page_the_ceo"]],
      [{ first_response_minutes: undefined }, ["first_response_minutes"]],
    ];
    for (const [change, fields] of cases) {
      const response = await call("POST", "/sla-policies", admin, { ...valid, ...change });
      expect(response.status, JSON.stringify(change)).toBe(400);
      expect(errorFields(response.body), JSON.stringify(change)).toEqual(fields);
    }
    const resolution = await call("POST", "/sla-policies", admin, { ...valid, resolution_minutes: 30 });
    expect(resolution.body.error.details[0].message).toBe(
      "must be at least the first response target (60 minutes)",
    );

    // A PATCH is checked against the stored targets: urgent's first response is 60 or less.
    const high = await policyOf("high", null);
    const shorter = await call("PATCH", `/sla-policies/${high.id}`, admin, { resolution_minutes: 1 });
    expect(shorter.status).toBe(400);
    expect(errorFields(shorter.body)).toEqual(["resolution_minutes"]);
    const longer = await call("PATCH", `/sla-policies/${high.id}`, admin, {
      first_response_minutes: 100_000,
    });
    expect(errorFields(longer.body)).toEqual(["resolution_minutes"]);
    const noCalendar = await call("PATCH", `/sla-policies/${high.id}`, admin, { calendar_id: missing });
    expect(errorFields(noCalendar.body)).toEqual(["calendar_id"]);
    expect((await call("PATCH", `/sla-policies/${missing}`, admin, { resolution_minutes: 10 })).status).toBe(
      404,
    );
  });

  it("goes with its team when the team is deleted; an escalation team's deletion leaves no target", async () => {
    const team = await call("POST", "/teams", admin, { name: "Short-lived" });
    const target = await call("POST", "/teams", admin, { name: "Escalation target" });
    const own = await call("POST", "/sla-policies", admin, {
      priority: "medium",
      team_id: team.body.id,
      first_response_minutes: 60,
      resolution_minutes: 600,
    });
    const escalating = await call("POST", "/sla-policies", admin, {
      priority: "urgent",
      team_id: teams.Music,
      first_response_minutes: 10,
      resolution_minutes: 60,
      escalation: { move_to_team_id: target.body.id },
    });
    expect(escalating.body.escalation.move_to_team.name).toBe("Escalation target");
    expect((await call("DELETE", `/teams/${team.body.id}`, admin)).status).toBe(204);
    expect((await call("GET", `/sla-policies/${own.body.id}`, admin)).status).toBe(404);
    expect((await call("DELETE", `/teams/${target.body.id}`, admin)).status).toBe(204);
    expect(
      (await call("GET", `/sla-policies/${escalating.body.id}`, admin)).body.escalation.move_to_team,
    ).toBeNull();
  });

  it("lets only admins write (403 for agents)", async () => {
    const urgent = await policyOf("urgent", null);
    const body = {
      priority: "low",
      team_id: teams.Sales,
      first_response_minutes: 60,
      resolution_minutes: 60,
    };
    expect((await call("POST", "/sla-policies", agent, body)).status).toBe(403);
    expect(
      (await call("PATCH", `/sla-policies/${urgent.id}`, agent, { resolution_minutes: 999 })).status,
    ).toBe(403);
    expect((await call("DELETE", `/sla-policies/${urgent.id}`, agent)).status).toBe(403);
    expect(
      (await call("PATCH", `/sla-policies/${urgent.id}`, null, { resolution_minutes: 999 })).status,
    ).toBe(401);
  });
});
