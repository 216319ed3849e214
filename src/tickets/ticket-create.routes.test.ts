import { beforeAll, describe, expect, it } from "vitest";
import { createTestCompany, createTestContact, findTeamId } from "../test/factories.js";
import { createTestUser, describeApi, type TestUser } from "../test/http.js";
import { formatTicketNumber, ticketDay } from "./ticket-number.js";

describeApi("creating and reading tickets", (use) => {
  let agent: TestUser;
  let financeAgent: TestUser;
  let company: { id: string; name: string };
  let contact: { id: string; name: string; email: string };
  let teams: Record<string, string>;

  beforeAll(async () => {
    const { app } = use();
    const db = app.ctx.db;
    teams = { Tech: await findTeamId(db, "Tech"), Finance: await findTeamId(db, "Finance") };
    agent = await createTestUser(app, { name: "Agnes Agent" });
    financeAgent = await createTestUser(app, { name: "Fin Agent", team_id: teams.Finance });
    company = await createTestCompany(db, { name: "Acme Music" });
    contact = await createTestContact(db, company.id, {
      name: "Carla Customer",
      email: "carla@acme.example",
    });
  });

  const create = (payload: Record<string, unknown>, user: TestUser = agent) =>
    use().app.inject({ method: "POST", url: "/api/v1/tickets", headers: user.headers, payload });
  const valid = () => ({
    company_id: company.id,
    contact_id: contact.id,
    category: "technical",
    subject: "  Speakers silent in zone 3 ",
    description: "Since this morning nothing plays.",
  });

  it("creates a numbered, routed ticket with defaults and the full representation", async () => {
    const response = await create(valid());
    expect(response.statusCode).toBe(201);
    const ticket = response.json();
    const today = ticketDay(new Date(), "UTC");
    // The first ticket of the day in a fresh database.
    expect(ticket.ticket_number).toBe(formatTicketNumber(today, 1));
    expect(ticket).toMatchObject({
      subject: "Speakers silent in zone 3",
      status: "new",
      priority: "medium",
      category: "technical",
      tags: [],
      company: { id: company.id, name: "Acme Music" },
      contact: { id: contact.id, name: "Carla Customer", email: "carla@acme.example" },
      assigned_to: null,
      assigned_team: { id: teams.Tech, name: "Tech" },
      created_by: { id: agent.id, name: "Agnes Agent" },
      first_response_at: null,
      resolved_at: null,
      closed_at: null,
      // The medium policy's resolution target (72 h): the due date follows it until set by hand.
      due_date: ticket.resolution_due_at,
      due_date_set_by_hand: false,
      sla: { first_response: "ok", resolution: "ok", next_due_at: ticket.first_response_due_at },
      reopened_count: 0,
      comments_count: 0,
      internal_notes_count: 0,
      attachments_count: 0,
      first_response_time_hours: null,
      resolution_time_hours: null,
      is_overdue: false,
      abilities: { update: true, comment: true, upload: true, reopen: false, delete: false },
    });
    expect(Date.parse(ticket.created_at)).not.toBeNaN();
  });

  it("numbers tickets of the same day consecutively from 0001", async () => {
    const numbers: string[] = [];
    for (let i = 0; i < 3; i += 1) numbers.push((await create(valid())).json().ticket_number);
    const counters = numbers.map((n) => Number(n.split("-")[2]));
    expect(counters[1]).toBe((counters[0] ?? 0) + 1);
    expect(counters[2]).toBe((counters[0] ?? 0) + 2);
    const day = ticketDay(new Date(), "UTC");
    expect(numbers[0]).toBe(formatTicketNumber(day, counters[0] ?? 0));
  });

  it("keeps a hand-chosen team and leaves categories without a default team unrouted", async () => {
    const chosen = await create({ ...valid(), assigned_team: teams.Finance });
    expect(chosen.json().assigned_team).toEqual({ id: teams.Finance, name: "Finance" });
    const general = await create({ ...valid(), category: "feature_request" });
    expect(general.json().assigned_team).toBeNull();
  });

  it("assigns on creation: status assigned, empty team filled from the assignee", async () => {
    const response = await create({ ...valid(), category: "general", assigned_to: financeAgent.id });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      status: "assigned",
      assigned_to: { id: financeAgent.id, name: "Fin Agent", email: financeAgent.email },
      assigned_team: { id: teams.Finance, name: "Finance" },
    });
  });

  it("trims and de-duplicates tags and takes priority and due date", async () => {
    const response = await create({
      ...valid(),
      priority: "urgent",
      tags: [" vip ", "vip", "speakers"],
      due_date: "2030-01-02T03:04:05+07:00",
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      priority: "urgent",
      tags: ["vip", "speakers"],
      due_date: "2030-01-01T20:04:05.000Z",
    });
  });

  it("takes general as the category when none is given, as a mail does, and records the channel", async () => {
    const response = await create({
      company_id: company.id,
      subject: "No category",
      description: "Left out",
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      category: "general",
      assigned_team: null,
      channel: "api",
      cc: [],
    });
  });

  it("answers 400 naming the field for bad input", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...valid(), company_id: undefined }, "company_id"],
      [{ ...valid(), company_id: "not-a-uuid" }, "company_id"],
      [{ ...valid(), subject: "   " }, "subject"],
      [{ ...valid(), subject: "x".repeat(201) }, "subject"],
      [{ ...valid(), description: undefined }, "description"],
      [{ ...valid(), priority: "critical" }, "priority"],
      [{ ...valid(), tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, "tags"],
      [{ ...valid(), tags: ["x".repeat(51)] }, "tags.0"],
      [{ ...valid(), tags: [""] }, "tags.0"],
      [{ ...valid(), due_date: "tomorrow" }, "due_date"],
      [{ ...valid(), due_date: "0000-01-01T00:00:00Z" }, "due_date"],
      [{ ...valid(), status: "closed" }, "status"],
      [{ ...valid(), subject: "nul\u0000byte" }, "subject"],
    ];
    for (const [payload, field] of cases) {
      const response = await create(payload);
      expect(response.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
      expect(response.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });

  it("answers 400 for references that do not exist or do not fit", async () => {
    const other = await createTestContact(use().app.ctx.db, (await createTestCompany(use().app.ctx.db)).id);
    const missing = "0190f0f0-0000-7000-8000-000000000000";
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ ...valid(), company_id: missing }, "company_id", /no such company/],
      [{ ...valid(), contact_id: missing }, "contact_id", /no such contact/],
      [{ ...valid(), contact_id: other.id }, "contact_id", /company/],
      [{ ...valid(), category: "nope" }, "category", /no such category/],
      [{ ...valid(), assigned_to: missing }, "assigned_to", /no such user/],
      [{ ...valid(), assigned_team: missing }, "assigned_team", /no such team/],
    ];
    for (const [payload, field, message] of cases) {
      const response = await create(payload);
      expect(response.statusCode, field).toBe(400);
      expect(response.json().error.details).toEqual([{ field, message: expect.stringMatching(message) }]);
    }
  });

  it("refuses to assign a deactivated user", async () => {
    const { app } = use();
    const gone = await createTestUser(app);
    await app.ctx.db.updateTable("users").set({ is_active: false }).where("id", "=", gone.id).execute();
    const response = await create({ ...valid(), assigned_to: gone.id });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0]).toEqual({ field: "assigned_to", message: "is deactivated" });
  });

  it("requires sign-in", async () => {
    const response = await use().app.inject({ method: "POST", url: "/api/v1/tickets", payload: valid() });
    expect(response.statusCode).toBe(401);
    const list = await use().app.inject({ method: "GET", url: "/api/v1/tickets" });
    expect(list.statusCode).toBe(401);
  });

  describe("GET /tickets/{id or number}", () => {
    it("finds a ticket by id and by number in any case, with comments and attachments in time order", async () => {
      const { app } = use();
      const ticket = (await create(valid())).json();
      const db = app.ctx.db;
      const at = (minutes: number) => new Date(Date.now() + minutes * 60_000);
      await db
        .insertInto("ticket_comments")
        .values([
          {
            id: crypto.randomUUID(),
            ticket_id: ticket.id,
            author_id: agent.id,
            text: "second",
            is_internal: true,
            created_at: at(2),
          },
          {
            id: crypto.randomUUID(),
            ticket_id: ticket.id,
            author_id: agent.id,
            text: "first",
            is_internal: false,
            created_at: at(1),
          },
        ])
        .execute();
      const file = (name: string, minutes: number) => ({
        id: crypto.randomUUID(),
        ticket_id: ticket.id,
        name,
        size: 2048,
        content_type: "text/plain",
        storage_key: `2026/11/${crypto.randomUUID()}`,
        uploaded_by: agent.id,
        created_at: at(minutes),
      });
      await db
        .insertInto("ticket_attachments")
        .values([file("later.txt", 5), file("earlier.txt", 3)])
        .execute();
      for (const ref of [ticket.id, ticket.ticket_number, ticket.ticket_number.toLowerCase()]) {
        const response = await app.inject({
          method: "GET",
          url: `/api/v1/tickets/${ref}`,
          headers: agent.headers,
        });
        expect(response.statusCode, ref).toBe(200);
        const detail = response.json();
        expect(detail).toMatchObject({
          id: ticket.id,
          comments_count: 1,
          internal_notes_count: 1,
          attachments_count: 2,
        });
        expect(detail.attachments.map((a: { name: string }) => a.name)).toEqual(["earlier.txt", "later.txt"]);
        expect(detail.attachments[0]).toMatchObject({
          size: 2048,
          size_display: "2.0 KB",
          uploaded_by: { id: agent.id },
          download_url: `/api/v1/attachments/${detail.attachments[0].id}/download`,
          abilities: { delete: true },
        });
        expect(detail.comments.map((c: { text: string }) => c.text)).toEqual(["first", "second"]);
        expect(detail.comments[1]).toMatchObject({
          is_internal: true,
          author: { id: agent.id },
          abilities: { edit: true },
        });
      }
    });

    it("answers 404 for an unknown ticket and 400 for something that is neither id nor number", async () => {
      const { app } = use();
      const unknownId = await app.inject({
        method: "GET",
        url: "/api/v1/tickets/0190f0f0-0000-7000-8000-000000000000",
        headers: agent.headers,
      });
      expect(unknownId.statusCode).toBe(404);
      expect(unknownId.json().error.code).toBe("not_found");
      const unknownNumber = await app.inject({
        method: "GET",
        url: "/api/v1/tickets/T-19990101-0001",
        headers: agent.headers,
      });
      expect(unknownNumber.statusCode).toBe(404);
      const junk = await app.inject({
        method: "GET",
        url: "/api/v1/tickets/drop%20table",
        headers: agent.headers,
      });
      expect(junk.statusCode).toBe(400);
      expect(junk.json().error.details[0].field).toBe("id");
    });
  });
});
