import { beforeAll, expect, it } from "vitest";
import { findTeamId } from "../test/factories.js";
import { createTestUser, describeApi, type TestUser } from "../test/http.js";

const missing = "0190f0f0-0000-7000-8000-000000000000";

describeApi("macros: writing and reading them", (use) => {
  let admin: TestUser;
  let agent: TestUser;
  let finance: string;

  beforeAll(async () => {
    const { app } = use();
    finance = await findTeamId(app.ctx.db, "Finance");
    admin = await createTestUser(app, { role: "admin", name: "Ada Admin" });
    agent = await createTestUser(app, { name: "Agnes Agent" });
  });

  const request = (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, payload?: object, as = admin) =>
    use().app.inject({ method, url: `/api/v1${url}`, headers: as.headers, ...(payload ? { payload } : {}) });

  let counter = 0;
  const uniqueName = (base: string) => `${base} ${++counter}`;

  it("creates, reads, changes and deletes a macro with every kind of action", async () => {
    const actions = {
      status: "pending",
      priority: "high",
      team_id: finance,
      assignee: { user_id: agent.id },
      add_tags: ["billing", " refund ", "billing"],
      remove_tags: ["triage"],
      comment: { text: "Hi {{ contact.first_name }}, about {{ticket.number}}…" },
    };
    const created = await request("POST", "/macros", {
      name: "  Refund request  ",
      description: "Send to Finance and ask for the invoice",
      actions,
    });
    expect(created.statusCode).toBe(201);
    const macro = created.json();
    expect(macro).toMatchObject({
      name: "Refund request",
      description: "Send to Finance and ask for the invoice",
      is_active: true,
      actions: {
        ...actions,
        // Tags are trimmed and de-duplicated like a ticket's; a comment is public unless it says otherwise.
        add_tags: ["billing", "refund"],
        comment: { text: actions.comment.text, is_internal: false },
      },
      created_by: { id: admin.id, name: "Ada Admin" },
      problems: [],
    });

    // Every agent reads them: they apply them.
    const list = await request("GET", "/macros", undefined, agent);
    expect(list.statusCode).toBe(200);
    expect(list.json().results.map((m: { id: string }) => m.id)).toContain(macro.id);
    expect((await request("GET", `/macros/${macro.id}`, undefined, agent)).json()).toEqual(macro);

    const changed = await request("PATCH", `/macros/${macro.id}`, {
      name: "Refund",
      description: null,
      actions: { assignee: "current_user", comment: { text: "Noted.", is_internal: true } },
    });
    expect(changed.statusCode).toBe(200);
    // `actions` replaces them all.
    expect(changed.json()).toMatchObject({
      name: "Refund",
      description: null,
      actions: { assignee: "current_user", comment: { text: "Noted.", is_internal: true } },
    });
    expect(Object.keys(changed.json().actions).sort()).toEqual(["assignee", "comment"]);
    const unassign = await request("PATCH", `/macros/${macro.id}`, { actions: { assignee: null } });
    expect(unassign.json().actions).toEqual({ assignee: null });

    expect((await request("DELETE", `/macros/${macro.id}`)).statusCode).toBe(204);
    expect((await request("GET", `/macros/${macro.id}`)).statusCode).toBe(404);
    expect((await request("PATCH", `/macros/${macro.id}`, { name: "Gone" })).statusCode).toBe(404);
    expect((await request("DELETE", `/macros/${macro.id}`)).statusCode).toBe(404);
  });

  it("refuses an unknown or malformed placeholder when saving, naming the field and the placeholder", async () => {
    const unknown = await request("POST", "/macros", {
      name: uniqueName("Typo"),
      actions: { comment: { text: "Hello {{contact.nmae}}, {{ticket.number}}" } },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details).toEqual([
      { field: "actions.comment.text", message: "unknown placeholder {{contact.nmae}}" },
    ]);
    const malformed = await request("POST", "/macros", {
      name: uniqueName("Typo"),
      actions: { comment: { text: "Hello {{contact.name" } },
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.details[0]).toMatchObject({
      field: "actions.comment.text",
      message: expect.stringContaining("{{contact.name"),
    });
    // On a change too.
    const fine = await request("POST", "/macros", { name: uniqueName("Fine"), actions: { priority: "low" } });
    const patched = await request("PATCH", `/macros/${fine.json().id}`, {
      actions: { comment: { text: "{{ agent.nickname }}", is_internal: true } },
    });
    expect(patched.statusCode).toBe(400);
    expect(patched.json().error.details[0]).toEqual({
      field: "actions.comment.text",
      message: "unknown placeholder {{agent.nickname}}",
    });
  });

  it("answers 400 naming the field for bad actions and unknown records", async () => {
    const deactivated = await createTestUser(use().app);
    await request("PATCH", `/users/${deactivated.id}`, { is_active: false });
    const cases: [Record<string, unknown>, string][] = [
      [{}, "actions"],
      [{ add_tags: [], remove_tags: [] }, "actions"],
      [{ status: "done" }, "actions.status"],
      [{ priority: "whenever" }, "actions.priority"],
      [{ assignee: "someone" }, "actions.assignee"],
      [{ assignee: { user_id: "nope" } }, "actions.assignee.user_id"],
      [{ assignee: { user_id: missing } }, "actions.assignee.user_id"],
      [{ assignee: { user_id: deactivated.id } }, "actions.assignee.user_id"],
      [{ team_id: missing }, "actions.team_id"],
      [{ status: "assigned", assignee: null }, "actions.status"],
      [{ add_tags: ["vip"], remove_tags: ["vip"] }, "actions.remove_tags"],
      [{ add_tags: ["a,b"] }, "actions.add_tags.0"],
      [{ comment: { text: "  " } }, "actions.comment.text"],
      [{ comment: { text: "Hi", is_internal: "no" } }, "actions.comment.is_internal"],
      [{ close_ticket: true }, "actions.close_ticket"],
    ];
    for (const [actions, field] of cases) {
      const response = await request("POST", "/macros", { name: uniqueName("Bad"), actions });
      expect(response.statusCode, JSON.stringify(actions)).toBe(400);
      expect(
        response.json().error.details.map((d: { field: string }) => d.field),
        JSON.stringify(actions),
      ).toContain(field);
    }
    const noName = await request("POST", "/macros", { name: " ", actions: { priority: "low" } });
    expect(noName.json().error.details[0].field).toBe("name");
  });

  it("keeps names unique in any case (409 naming the field)", async () => {
    const first = await request("POST", "/macros", { name: "Escalate", actions: { priority: "urgent" } });
    expect(first.statusCode).toBe(201);
    const again = await request("POST", "/macros", { name: "ESCALATE", actions: { priority: "high" } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.details).toEqual([{ field: "name", message: "is already taken" }]);
    const other = await request("POST", "/macros", { name: "Calm down", actions: { priority: "low" } });
    const renamed = await request("PATCH", `/macros/${other.json().id}`, { name: "escalate" });
    expect(renamed.statusCode).toBe(409);
  });

  it("lets agents read and apply macros but not write them (403)", async () => {
    const macro = (
      await request("POST", "/macros", { name: uniqueName("Mine"), actions: { priority: "low" } })
    ).json();
    const attempts = [
      await request("POST", "/macros", { name: uniqueName("Agent's"), actions: { priority: "low" } }, agent),
      await request("PATCH", `/macros/${macro.id}`, { name: "Agent's" }, agent),
      await request("DELETE", `/macros/${macro.id}`, undefined, agent),
    ];
    for (const response of attempts) {
      expect(response.statusCode).toBe(403);
      expect(response.json().error.message).toBe("Only admins may manage macros");
    }
    expect((await request("GET", `/macros/${macro.id}`)).json().name).toBe(macro.name);
    const placeholders = await request("GET", "/macros/placeholders", undefined, agent);
    expect(placeholders.json().results.map((p: { name: string }) => p.name)).toEqual([
      "ticket.number",
      "ticket.subject",
      "ticket.status",
      "ticket.priority",
      "contact.name",
      "contact.first_name",
      "contact.email",
      "company.name",
      "agent.name",
      "agent.first_name",
    ]);
    expect((await request("GET", "/auth/me", undefined, agent)).json().abilities.manage_macros).toBe(false);
    expect((await request("GET", "/auth/me")).json().abilities.manage_macros).toBe(true);
  });

  it("lists only the active ones when asked, and says why a macro no longer applies", async () => {
    const off = await request("POST", "/macros", {
      name: uniqueName("Retired"),
      is_active: false,
      actions: { priority: "low" },
    });
    expect(off.json().is_active).toBe(false);
    const active = (await request("GET", "/macros?is_active=true&limit=100", undefined, agent)).json();
    expect(active.results.every((m: { is_active: boolean }) => m.is_active)).toBe(true);
    expect(active.results.map((m: { id: string }) => m.id)).not.toContain(off.json().id);
    const all = (await request("GET", "/macros?limit=100")).json();
    expect(all.count).toBe(
      active.count + all.results.filter((m: { is_active: boolean }) => !m.is_active).length,
    );

    const team = (await request("POST", "/teams", { name: uniqueName("Temp team") })).json();
    const leaver = await createTestUser(use().app, { name: "Lee Leaver" });
    const stale = (
      await request("POST", "/macros", {
        name: uniqueName("Stale"),
        actions: { team_id: team.id, assignee: { user_id: leaver.id } },
      })
    ).json();
    expect(stale.problems).toEqual([]);
    expect((await request("DELETE", `/teams/${team.id}`)).statusCode).toBe(204);
    await request("PATCH", `/users/${leaver.id}`, { is_active: false });
    expect((await request("GET", `/macros/${stale.id}`)).json().problems).toEqual([
      { field: "actions.team_id", message: "the team no longer exists" },
      { field: "actions.assignee.user_id", message: "Lee Leaver is deactivated" },
    ]);
  });
});
