import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "../shared/ids.js";
import { createTestCompany, createTestContact, findTeamId } from "../test/factories.js";
import { createTestUser, describeApi, type TestUser } from "../test/http.js";

type Ticket = { id: string; ticket_number: string; status: string; [key: string]: unknown };

describeApi("changing, deleting and auditing tickets", (use) => {
  let admin: TestUser;
  let agent: TestUser;
  let salesAgent: TestUser;
  let company: { id: string };
  let sales: string;

  beforeAll(async () => {
    const { app } = use();
    sales = await findTeamId(app.ctx.db, "Sales");
    admin = await createTestUser(app, { role: "admin", name: "Ada Admin" });
    agent = await createTestUser(app, { name: "Agnes Agent" });
    salesAgent = await createTestUser(app, { name: "Sam Sales", team_id: sales });
    company = await createTestCompany(app.ctx.db);
  });

  async function openTicket(overrides: Record<string, unknown> = {}): Promise<Ticket> {
    const response = await use().app.inject({
      method: "POST",
      url: "/api/v1/tickets",
      headers: agent.headers,
      payload: {
        company_id: company.id,
        category: "general",
        subject: "Help",
        description: "Please",
        ...overrides,
      },
    });
    expect(response.statusCode).toBe(201);
    return response.json();
  }
  const patch = (ref: string, payload: Record<string, unknown>, user: TestUser = agent) =>
    use().app.inject({ method: "PATCH", url: `/api/v1/tickets/${ref}`, headers: user.headers, payload });
  const events = async (ref: string) => {
    const response = await use().app.inject({
      method: "GET",
      url: `/api/v1/tickets/${ref}/events?limit=100`,
      headers: agent.headers,
    });
    expect(response.statusCode).toBe(200);
    return response.json() as {
      count: number;
      results: {
        type: string;
        field: string | null;
        old_value: string | null;
        new_value: string | null;
        actor: unknown;
      }[];
    };
  };

  it("changes fields and writes one history entry per change, with the actor", async () => {
    const ticket = await openTicket({ tags: ["a"] });
    const response = await patch(ticket.id, {
      priority: "high",
      subject: "Help now",
      tags: ["a", "b"],
      due_date: "2031-05-06T07:08:09Z",
      category: "billing",
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      priority: "high",
      subject: "Help now",
      tags: ["a", "b"],
      due_date: "2031-05-06T07:08:09.000Z",
      category: "billing",
      // No team yet: the new category routes it.
      assigned_team: { name: "Finance" },
    });
    const history = await events(ticket.id);
    expect(history.count).toBe(7);
    expect(history.results[0]).toMatchObject({ type: "created", new_value: ticket.ticket_number });
    expect(history.results.slice(1).map((e) => [e.field, e.old_value, e.new_value])).toEqual([
      ["priority", "medium", "high"],
      ["category", "general", "billing"],
      ["assigned_team", null, expect.any(String)],
      // Until set by hand the due date was the SLA's resolution due time.
      ["due_date", ticket.resolution_due_at, "2031-05-06T07:08:09.000Z"],
      ["subject", "Help", "Help now"],
      ["tags", "a", "a, b"],
    ]);
    expect(history.results[1]).toMatchObject({
      type: "field_changed",
      actor: { id: agent.id, name: "Agnes Agent" },
    });
  });

  it("pages the history and refuses bad paging with 400", async () => {
    const ticket = await openTicket();
    await patch(ticket.id, { priority: "low" });
    await patch(ticket.id, { priority: "high" });
    const { app } = use();
    const page = await app.inject({
      method: "GET",
      url: `/api/v1/tickets/${ticket.ticket_number}/events?limit=1&offset=1`,
      headers: agent.headers,
    });
    expect(page.json()).toMatchObject({ count: 3, results: [{ field: "priority", new_value: "low" }] });
    expect(page.json().results).toHaveLength(1);
    for (const query of ["limit=101", "offset=-1", "since=yesterday"]) {
      const bad = await app.inject({
        method: "GET",
        url: `/api/v1/tickets/${ticket.id}/events?${query}`,
        headers: agent.headers,
      });
      expect(bad.statusCode, query).toBe(400);
    }
  });

  it("writes nothing when nothing changes", async () => {
    const ticket = await openTicket();
    const response = await patch(ticket.ticket_number, { status: "new", subject: "Help" });
    expect(response.statusCode).toBe(200);
    expect(response.json().updated_at).toBe(ticket.updated_at);
    expect((await events(ticket.id)).count).toBe(1);
  });

  it("assigns: new → assigned, the assignee's team fills an empty team; unassigning → new", async () => {
    const ticket = await openTicket();
    const assigned = await patch(ticket.id, { assigned_to: salesAgent.id });
    expect(assigned.json()).toMatchObject({
      status: "assigned",
      assigned_to: { id: salesAgent.id, name: "Sam Sales" },
      assigned_team: { id: sales, name: "Sales" },
    });
    const unassigned = await patch(ticket.id, { assigned_to: null });
    expect(unassigned.json()).toMatchObject({
      status: "new",
      assigned_to: null,
      assigned_team: { id: sales },
    });
    const fields = (await events(ticket.id)).results.map((e) => e.field);
    expect(fields).toEqual([null, "status", "assigned_team", "assigned_to", "status", "assigned_to"]);
  });

  it("resolves, closes and reopens with the timestamps and reopen count", async () => {
    const ticket = await openTicket();
    const resolved = (await patch(ticket.id, { status: "resolved" })).json();
    expect(resolved.resolved_at).not.toBeNull();
    expect(resolved.resolution_time_hours).toBeGreaterThanOrEqual(0);
    expect(resolved.abilities.reopen).toBe(true);
    const reopened = (await patch(ticket.id, { status: "in_progress" })).json();
    expect(reopened).toMatchObject({
      resolved_at: null,
      closed_at: null,
      reopened_count: 1,
      resolution_time_hours: null,
    });
    const closed = (await patch(ticket.id, { status: "closed" })).json();
    expect(closed.closed_at).not.toBeNull();
    expect(closed.resolved_at).not.toBeNull();
    expect(closed.abilities).toMatchObject({ update: false, reopen: false });
  });

  it("lets only admins change or reopen a closed ticket (403 for agents)", async () => {
    const ticket = await openTicket();
    await patch(ticket.id, { status: "closed" });
    const agentReopen = await patch(ticket.id, { status: "new" });
    expect(agentReopen.statusCode).toBe(403);
    expect(agentReopen.json().error.code).toBe("forbidden");
    expect((await patch(ticket.id, { priority: "low" })).statusCode).toBe(403);
    const adminReopen = await patch(ticket.id, { status: "pending" }, admin);
    expect(adminReopen.statusCode).toBe(200);
    expect(adminReopen.json()).toMatchObject({ status: "pending", reopened_count: 1, closed_at: null });
  });

  it("answers 409 for `assigned` without an assignee", async () => {
    const ticket = await openTicket();
    const response = await patch(ticket.id, { status: "assigned" });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({
      code: "invalid_transition",
      details: [{ field: "status" }],
    });
  });

  it("answers 400 naming the field for bad changes and unknown references", async () => {
    const ticket = await openTicket();
    const otherContact = await createTestContact(
      use().app.ctx.db,
      (await createTestCompany(use().app.ctx.db)).id,
    );
    const missing = "0190f0f0-0000-7000-8000-000000000000";
    const cases: [Record<string, unknown>, string][] = [
      [{ status: "done" }, "status"],
      [{ subject: "" }, "subject"],
      [{ ticket_number: "T-20200101-0001" }, "ticket_number"],
      [{ company_id: company.id }, "company_id"],
      [{ category: "missing" }, "category"],
      [{ assigned_to: missing }, "assigned_to"],
      [{ assigned_team: missing }, "assigned_team"],
      [{ contact_id: missing }, "contact_id"],
      [{ contact_id: otherContact.id }, "contact_id"],
      [{ tags: "a,b" }, "tags"],
      [{ due_date: "2031-13-01T00:00:00Z" }, "due_date"],
    ];
    for (const [payload, field] of cases) {
      const response = await patch(ticket.id, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });

  it("sets a contact of the ticket's company and clears it again", async () => {
    const ticket = await openTicket();
    const contact = await createTestContact(use().app.ctx.db, company.id, { name: "Cleo" });
    expect((await patch(ticket.id, { contact_id: contact.id })).json().contact).toMatchObject({
      name: "Cleo",
    });
    expect((await patch(ticket.id, { contact_id: null })).json().contact).toBeNull();
  });

  it("answers 404 for unknown tickets on every ticket endpoint", async () => {
    const { app } = use();
    const missing = "0190f0f0-0000-7000-8000-000000000000";
    for (const [method, url] of [
      ["PATCH", `/api/v1/tickets/${missing}`],
      ["DELETE", `/api/v1/tickets/${missing}`],
      ["GET", `/api/v1/tickets/${missing}/events`],
      ["GET", "/api/v1/tickets/T-20000101-9999/events"],
    ] as const) {
      const response = await app.inject({
        method,
        url,
        headers: admin.headers,
        payload: method === "PATCH" ? {} : undefined,
      });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
    }
  });

  describe("DELETE /tickets/{id}", () => {
    it("is for admins only (403 for agents)", async () => {
      const ticket = await openTicket();
      const response = await use().app.inject({
        method: "DELETE",
        url: `/api/v1/tickets/${ticket.id}`,
        headers: agent.headers,
      });
      expect(response.statusCode).toBe(403);
      const still = await use().app.inject({
        method: "GET",
        url: `/api/v1/tickets/${ticket.id}`,
        headers: agent.headers,
      });
      expect(still.statusCode).toBe(200);
    });

    it("deletes the ticket with its comments, history, attachment rows and files", async () => {
      const { app } = use();
      const db = app.ctx.db;
      const ticket = await openTicket();
      const stored = await app.ctx.storage.save(Readable.from([Buffer.from("hello")]), { maxBytes: 100 });
      await db
        .insertInto("ticket_attachments")
        .values({
          id: newId(),
          ticket_id: ticket.id,
          name: "hello.txt",
          size: stored.size,
          content_type: "text/plain",
          storage_key: stored.key,
          uploaded_by: agent.id,
        })
        .execute();
      await db
        .insertInto("ticket_comments")
        .values({ id: newId(), ticket_id: ticket.id, author_id: agent.id, text: "hi", is_internal: false })
        .execute();
      expect(await app.ctx.storage.exists(stored.key)).toBe(true);

      const response = await app.inject({
        method: "DELETE",
        url: `/api/v1/tickets/${ticket.ticket_number}`,
        headers: admin.headers,
      });
      expect(response.statusCode).toBe(204);
      expect(response.body).toBe("");
      expect(await app.ctx.storage.exists(stored.key)).toBe(false);
      for (const table of ["ticket_comments", "ticket_attachments", "ticket_events"] as const) {
        const rows = await db.selectFrom(table).select("id").where("ticket_id", "=", ticket.id).execute();
        expect(rows, table).toEqual([]);
      }
      const gone = await app.inject({
        method: "GET",
        url: `/api/v1/tickets/${ticket.id}`,
        headers: admin.headers,
      });
      expect(gone.statusCode).toBe(404);
    });
  });
});
