import { beforeAll, expect, it } from "vitest";
import { createTestCompany, createTestContact, findTeamId } from "../test/factories.js";
import { createTestUser, describeApi, type TestUser } from "../test/http.js";
import { renderedOutbox } from "../test/rendered-outbox.js";

type Json = Record<string, unknown>;
type Ticket = { id: string; ticket_number: string; status: string; [key: string]: unknown };

describeApi("applying a macro to a ticket", (use) => {
  let admin: TestUser;
  let agent: TestUser;
  let sam: TestUser;
  let finance: string;
  let sales: string;
  let company: { id: string; name: string };
  let contact: { id: string; email: string };

  beforeAll(async () => {
    const { app } = use();
    finance = await findTeamId(app.ctx.db, "Finance");
    sales = await findTeamId(app.ctx.db, "Sales");
    admin = await createTestUser(app, { role: "admin", name: "Ada Admin" });
    agent = await createTestUser(app, { name: "Agnes Agent", team_id: sales });
    sam = await createTestUser(app, { name: "Sam Sales", team_id: sales });
    company = await createTestCompany(app.ctx.db, { name: "Acme Music" });
    contact = await createTestContact(app.ctx.db, company.id, {
      name: "Carol Ann Customer",
      email: "carol@acme.example",
    });
  });

  const request = (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, payload?: object, as = admin) =>
    use().app.inject({ method, url: `/api/v1${url}`, headers: as.headers, ...(payload ? { payload } : {}) });

  let counter = 0;
  async function createMacro(actions: Json, overrides: Json = {}): Promise<{ id: string; name: string }> {
    const response = await request("POST", "/macros", { name: `Macro ${++counter}`, actions, ...overrides });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }

  async function openTicket(overrides: Json = {}): Promise<Ticket> {
    const response = await request("POST", "/tickets", {
      company_id: company.id,
      contact_id: contact.id,
      subject: "Invoice twice",
      description: "I was charged twice",
      ...overrides,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }

  const apply = (ticketRef: string, macroId: string, as = agent) =>
    request("POST", `/tickets/${ticketRef}/apply-macro`, { macro_id: macroId }, as);

  async function history(ticketId: string) {
    return (await request("GET", `/tickets/${ticketId}/events?limit=100`)).json().results as {
      type: string;
      field: string | null;
      old_value: string | null;
      new_value: string | null;
      actor: { id: string; name: string } | null;
    }[];
  }

  /** The ticket's mails, rendered as the sender renders them (what they would say). */
  async function outbox(ticketId: string) {
    return (await renderedOutbox(use().app.ctx, ticketId)).map(
      ({ kind, to_address, comment_id, status, text_body }) => ({
        kind,
        to_address,
        comment_id,
        status,
        text_body,
      }),
    );
  }

  /** What a ticket is made of in the database, to prove a refused macro changed nothing. */
  async function snapshot(ticketId: string) {
    const { db } = use().app.ctx;
    return {
      ticket: await db.selectFrom("tickets").selectAll().where("id", "=", ticketId).executeTakeFirst(),
      comments: await db
        .selectFrom("ticket_comments")
        .select("id")
        .where("ticket_id", "=", ticketId)
        .execute(),
      events: await db.selectFrom("ticket_events").select("id").where("ticket_id", "=", ticketId).execute(),
      mails: await outbox(ticketId),
    };
  }

  it("changes every field, writes each to the history as the agent's, and replies with placeholders filled", async () => {
    const ticket = await openTicket({ tags: ["triage", "invoice"], category: "general" });
    const macro = await createMacro({
      status: "pending",
      priority: "urgent",
      team_id: finance,
      assignee: { user_id: sam.id },
      add_tags: ["billing"],
      remove_tags: ["triage"],
      comment: {
        text:
          "Hi {{contact.first_name}}, {{agent.first_name}} here about {{ ticket.number }} " +
          "({{ticket.subject}}, now {{ticket.status}}, {{ticket.priority}}) for {{company.name}}, " +
          "{{contact.name}} <{{contact.email}}>. — {{agent.name}}",
      },
    });
    const response = await apply(ticket.id, macro.id);
    expect(response.statusCode, response.body).toBe(200);
    const { ticket: applied, comment } = response.json();

    const text =
      `Hi Carol, Agnes here about ${ticket.ticket_number} (Invoice twice, now pending, urgent) for Acme Music, ` +
      "Carol Ann Customer <carol@acme.example>. — Agnes Agent";
    expect(applied).toMatchObject({
      status: "pending",
      priority: "urgent",
      assigned_team: { id: finance, name: "Finance" },
      assigned_to: { id: sam.id, name: "Sam Sales" },
      tags: ["invoice", "billing"],
      comments_count: 1,
    });
    expect(applied.first_response_at).not.toBeNull();
    expect(comment).toMatchObject({
      text,
      is_internal: false,
      author: { id: agent.id, name: "Agnes Agent" },
      channel: "api",
      // No SMTP relay in tests: the reply's mail waits in the outbox.
      delivery: { status: "queued", attempts: 0 },
    });
    // The same representation as GET /tickets/{id}, with the reply in its conversation.
    const detail = (await request("GET", `/tickets/${ticket.id}`, undefined, agent)).json();
    expect(applied).toEqual(detail);
    expect(detail.comments.map((c: { id: string }) => c.id)).toEqual([comment.id]);

    const events = (await history(ticket.id)).slice(1);
    expect(events.map((e) => [e.type, e.field, e.old_value, e.new_value])).toEqual([
      ["field_changed", "status", "new", "pending"],
      ["field_changed", "priority", "medium", "urgent"],
      ["field_changed", "assigned_team", null, finance],
      ["field_changed", "assigned_to", null, sam.id],
      ["field_changed", "tags", "triage, invoice", "invoice, billing"],
      ["commented", "comment", null, text],
    ]);
    expect(events.every((e) => e.actor?.id === agent.id)).toBe(true);

    // The reply to the contact, as any reply is mailed; "assigned to you" to Sam, like a PATCH would.
    const mails = await outbox(ticket.id);
    expect(mails.map((m) => [m.kind, m.to_address, m.comment_id])).toEqual([
      ["agent-reply", "carol@acme.example", comment.id],
      ["assigned-to-you", sam.email.toLowerCase(), null],
    ]);
    expect(mails[0]?.text_body).toContain(text);
  });

  it("writes an internal note without mailing anyone and without counting it as the first response", async () => {
    const ticket = await openTicket();
    const macro = await createMacro({
      comment: { text: "{{agent.name}} checked {{contact.email}}'s invoices", is_internal: true },
      add_tags: ["checked"],
    });
    const response = await apply(ticket.ticket_number, macro.id);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().comment).toMatchObject({
      text: "Agnes Agent checked carol@acme.example's invoices",
      is_internal: true,
      delivery: null,
    });
    expect(response.json().ticket).toMatchObject({
      tags: ["checked"],
      first_response_at: null,
      internal_notes_count: 1,
    });
    expect(await outbox(ticket.id)).toEqual([]);
    expect((await history(ticket.id)).at(-1)).toMatchObject({ type: "commented", field: "internal_note" });
  });

  it("assigns the agent applying it ('current_user'): new → assigned, their team fills an empty one", async () => {
    const ticket = await openTicket({ category: "general" });
    expect(ticket.assigned_team).toBeNull();
    const macro = await createMacro({ assignee: "current_user" });
    const response = await apply(ticket.id, macro.id);
    expect(response.json().ticket).toMatchObject({
      status: "assigned",
      assigned_to: { id: agent.id, name: "Agnes Agent" },
      assigned_team: { id: sales, name: "Sales" },
    });
    expect(response.json().comment).toBeNull();
    // Nobody mails themself "assigned to you".
    expect(await outbox(ticket.id)).toEqual([]);
    const byAdmin = await apply(ticket.id, macro.id, admin);
    expect(byAdmin.json().ticket.assigned_to.id).toBe(admin.id);

    const unassign = await createMacro({ assignee: null });
    expect((await apply(ticket.id, unassign.id)).json().ticket).toMatchObject({
      status: "new",
      assigned_to: null,
    });
  });

  it("applies nothing when a rule refuses one action: an agent cannot reopen a closed ticket by macro either", async () => {
    const ticket = await openTicket({ tags: ["keep"] });
    await request("PATCH", `/tickets/${ticket.id}`, { status: "closed" }, agent);
    const reopenAndReply = await createMacro({
      status: "in_progress",
      priority: "high",
      add_tags: ["reopened"],
      comment: { text: "We are on it again, {{contact.first_name}}." },
    });
    const before = await snapshot(ticket.id);
    const refused = await apply(ticket.id, reopenAndReply.id);
    const patched = await request("PATCH", `/tickets/${ticket.id}`, { status: "in_progress" }, agent);
    expect(refused.statusCode).toBe(403);
    expect(refused.statusCode).toBe(patched.statusCode);
    expect(refused.json().error.code).toBe(patched.json().error.code);
    expect(await snapshot(ticket.id)).toEqual(before);

    // An admin may reopen it, by macro as by PATCH.
    const reopened = await apply(ticket.id, reopenAndReply.id, admin);
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json().ticket).toMatchObject({
      status: "in_progress",
      reopened_count: 1,
      closed_at: null,
    });
  });

  it("rolls back the changes already made when a later action fails (a reply that fills in empty)", async () => {
    const ticket = await openTicket({ contact_id: null });
    const macro = await createMacro({
      status: "in_progress",
      remove_tags: ["never-there"],
      comment: { text: "{{contact.name}}" },
    });
    const before = await snapshot(ticket.id);
    const response = await apply(ticket.id, macro.id);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0].field).toBe("actions.comment.text");
    expect(await snapshot(ticket.id)).toEqual(before);
  });

  it("fills a missing contact's placeholders with nothing", async () => {
    const ticket = await openTicket({ contact_id: null });
    const macro = await createMacro({ comment: { text: "Hello {{contact.first_name}}!" } });
    const response = await apply(ticket.id, macro.id);
    expect(response.json().comment.text).toBe("Hello !");
    // No contact, no mail: as for any reply.
    expect(response.json().comment.delivery).toBeNull();
    expect(await outbox(ticket.id)).toEqual([]);
  });

  it("answers 4xx, naming the field, for an unknown, inactive or outdated macro and an unknown ticket", async () => {
    const ticket = await openTicket();
    const unknown = await apply(ticket.id, "0190f0f0-0000-7000-8000-000000000000");
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details).toEqual([{ field: "macro_id", message: "no such macro" }]);
    expect((await apply(ticket.id, "not-a-uuid")).json().error.details[0].field).toBe("macro_id");

    const off = await createMacro({ priority: "low" }, { is_active: false });
    const inactive = await apply(ticket.id, off.id);
    expect(inactive.statusCode).toBe(400);
    expect(inactive.json().error.details[0].field).toBe("macro_id");

    const working = await createMacro({ priority: "low" });
    expect((await apply("T-20000101-9999", working.id)).statusCode).toBe(404);

    const team = (await request("POST", "/teams", { name: "Short-lived" })).json();
    const leaver = await createTestUser(use().app, { name: "Lee Leaver" });
    const toTeam = await createMacro({ team_id: team.id });
    const toLeaver = await createMacro({ assignee: { user_id: leaver.id }, comment: { text: "Taken." } });
    expect((await request("DELETE", `/teams/${team.id}`)).statusCode).toBe(204);
    await request("PATCH", `/users/${leaver.id}`, { is_active: false });
    const before = await snapshot(ticket.id);
    const teamGone = await apply(ticket.id, toTeam.id);
    expect(teamGone.statusCode).toBe(409);
    expect(teamGone.json().error.details).toEqual([
      { field: "actions.team_id", message: "the team no longer exists" },
    ]);
    const leaverGone = await apply(ticket.id, toLeaver.id);
    expect(leaverGone.statusCode).toBe(409);
    expect(leaverGone.json().error).toMatchObject({
      message: expect.stringContaining("Lee Leaver is deactivated"),
      details: [{ field: "actions.assignee.user_id" }],
    });
    expect(await snapshot(ticket.id)).toEqual(before);
  });

  it("refuses to take a ticket above 20 tags, applying nothing", async () => {
    const tags = Array.from({ length: 20 }, (_, i) => `t${i}`);
    const ticket = await openTicket({ tags });
    const macro = await createMacro({ priority: "high", add_tags: ["one-more"] });
    const before = await snapshot(ticket.id);
    const response = await apply(ticket.id, macro.id);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0].field).toBe("tags");
    expect(await snapshot(ticket.id)).toEqual(before);
  });
});
