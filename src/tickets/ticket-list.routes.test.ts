import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { createTestCompany, createTestContact, findTeamId } from "../test/factories.js";
import { createTestUser, describeApi, type TestUser } from "../test/http.js";

type Ticket = { id: string; ticket_number: string; subject: string; [key: string]: unknown };

describeApi("listing, filtering and searching tickets", (use) => {
  let agent: TestUser;
  let other: TestUser;
  let company: { id: string; name: string };
  let contact: { id: string };
  let tech: string;
  const t: Record<string, Ticket> = {};

  const list = async (query: string, user: TestUser = agent) => {
    const response = await use().app.inject({
      method: "GET",
      url: `/api/v1/tickets?${query}`,
      headers: user.headers,
    });
    expect(response.statusCode, `${query} → ${response.body.slice(0, 200)}`).toBe(200);
    return response.json() as { count: number; results: Ticket[] };
  };
  /** Subjects of the matching tickets of this suite's company, in the order returned. */
  const subjects = async (query: string) =>
    (await list(`company_id=${company.id}&limit=100&${query}`)).results.map((r) => r.subject);

  beforeAll(async () => {
    const { app } = use();
    const db = app.ctx.db;
    tech = await findTeamId(db, "Tech");
    agent = await createTestUser(app);
    other = await createTestUser(app);
    company = await createTestCompany(db, { name: "Globex Radio" });
    const elsewhere = await createTestCompany(db, { name: "Initech Sound" });
    contact = await createTestContact(db, company.id, {
      name: "Marvin Listener",
      email: "marvin@globex.example",
    });
    const create = async (key: string, body: Record<string, unknown>) => {
      const response = await app.inject({
        method: "POST",
        url: "/api/v1/tickets",
        headers: agent.headers,
        payload: { company_id: company.id, category: "general", description: "Details", ...body },
      });
      expect(response.statusCode, response.body).toBe(201);
      t[key] = response.json();
    };
    await create("printer", {
      subject: "Printer jammed",
      description: "The paper tray is stuck",
      priority: "low",
      tags: ["hardware"],
    });
    await create("music", {
      subject: "Music stops at night",
      category: "zone_config",
      priority: "urgent",
      contact_id: contact.id,
    });
    await create("invoice", {
      subject: "Invoice twice",
      category: "billing",
      priority: "high",
      assigned_to: agent.id,
      tags: ["vip", "billing"],
    });
    await create("login", {
      subject: "Cannot log in",
      priority: "medium",
      assigned_to: other.id,
      due_date: "2020-01-01T00:00:00Z",
    });
    await create("done", {
      subject: "Old question about printer",
      priority: "high",
      due_date: "2020-01-01T00:00:00Z",
    });
    const foreign = await app.inject({
      method: "POST",
      url: "/api/v1/tickets",
      headers: agent.headers,
      payload: {
        company_id: elsewhere.id,
        category: "general",
        subject: "Printer elsewhere",
        description: "x",
      },
    });
    expect(foreign.statusCode).toBe(201);
    // Spread creation over days so date filters and ordering have something to tell apart.
    const days: Record<string, string> = {
      printer: "2026-11-01T10:00:00Z",
      music: "2026-11-05T10:00:00Z",
      invoice: "2026-11-10T10:00:00Z",
      login: "2026-11-15T10:00:00Z",
      done: "2026-11-20T10:00:00Z",
    };
    for (const [key, day] of Object.entries(days)) {
      // created_at is immutable for the application; only a test may back-date it.
      const at = new Date(day);
      await sql`update tickets set created_at = ${at}, updated_at = ${at} where id = ${t[key]?.id}`.execute(
        db,
      );
    }
    const resolved = await app.inject({
      method: "PATCH",
      url: `/api/v1/tickets/${t.done?.id}`,
      headers: agent.headers,
      payload: { status: "resolved" },
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
  });

  it("lists newest first with count and the ticket representation", async () => {
    const page = await list(`company_id=${company.id}`);
    expect(page.count).toBe(5);
    expect(page.results.map((r) => r.subject)).toEqual([
      "Old question about printer",
      "Cannot log in",
      "Invoice twice",
      "Music stops at night",
      "Printer jammed",
    ]);
    expect(page.results[0]).toHaveProperty("abilities");
    expect(page.results[0]).not.toHaveProperty("comments");
  });

  it("pages with limit and offset (default 25, at most 100)", async () => {
    const first = await list(`company_id=${company.id}&limit=2`);
    const second = await list(`company_id=${company.id}&limit=2&offset=2`);
    expect(first.count).toBe(5);
    expect(first.results.map((r) => r.subject)).toEqual(["Old question about printer", "Cannot log in"]);
    expect(second.results.map((r) => r.subject)).toEqual(["Invoice twice", "Music stops at night"]);
    expect((await list(`company_id=${company.id}&offset=5`)).results).toEqual([]);
  });

  it("filters by status list, priority, category, team, open and tag", async () => {
    expect(await subjects("status=new,assigned")).toEqual([
      "Cannot log in",
      "Invoice twice",
      "Music stops at night",
      "Printer jammed",
    ]);
    expect(await subjects("status=resolved")).toEqual(["Old question about printer"]);
    expect(await subjects("priority=high")).toEqual(["Old question about printer", "Invoice twice"]);
    expect(await subjects("priority=low,urgent")).toEqual(["Music stops at night", "Printer jammed"]);
    expect(await subjects("category=zone_config")).toEqual(["Music stops at night"]);
    expect(await subjects(`assigned_team=${tech}`)).toEqual([]);
    expect(await subjects("assigned_team=none")).toEqual([
      "Old question about printer",
      "Cannot log in",
      "Printer jammed",
    ]);
    expect(await subjects("open=true")).toHaveLength(4);
    expect(await subjects("open=false")).toEqual(["Old question about printer"]);
    expect(await subjects("tag=vip")).toEqual(["Invoice twice"]);
    expect(await subjects("tag=VIP")).toEqual([]);
  });

  it("filters by assignee: a user id, me, none", async () => {
    expect(await subjects("assigned_to=me")).toEqual(["Invoice twice"]);
    expect(await subjects(`assigned_to=${other.id}`)).toEqual(["Cannot log in"]);
    expect(await subjects("assigned_to=none")).toEqual([
      "Old question about printer",
      "Music stops at night",
      "Printer jammed",
    ]);
    const theirs = await list(`company_id=${company.id}&assigned_to=me`, other);
    expect(theirs.results.map((r) => r.subject)).toEqual(["Cannot log in"]);
  });

  it("filters by company, contact, overdue and creation dates", async () => {
    expect(await subjects(`contact_id=${contact.id}`)).toEqual(["Music stops at night"]);
    // Overdue counts open tickets only: the resolved one with a past due date is not overdue.
    expect(await subjects("overdue=true")).toEqual(["Cannot log in"]);
    expect(await subjects("overdue=false")).toHaveLength(4);
    const overdue = (await list(`company_id=${company.id}&overdue=true`)).results[0];
    expect(overdue?.is_overdue).toBe(true);
    expect(await subjects("created_after=2026-11-10&created_before=2026-11-20")).toEqual([
      "Cannot log in",
      "Invoice twice",
    ]);
    expect(await subjects("created_after=2026-11-15T10:00:00Z")).toEqual([
      "Old question about printer",
      "Cannot log in",
    ]);
    expect(await subjects("created_before=2026-11-05T10:00:00.001Z")).toEqual([
      "Music stops at night",
      "Printer jammed",
    ]);
  });

  it("orders by any documented field, both ways; priority by severity", async () => {
    expect(await subjects("ordering=-priority&status=new,assigned")).toEqual([
      "Music stops at night",
      "Invoice twice",
      "Cannot log in",
      "Printer jammed",
    ]);
    expect((await subjects("ordering=priority")).at(0)).toBe("Printer jammed");
    expect(await subjects("ordering=created_at")).toEqual([
      "Printer jammed",
      "Music stops at night",
      "Invoice twice",
      "Cannot log in",
      "Old question about printer",
    ]);
    // Two due dates were set by hand in 2020; the others follow their SLA (days from now).
    expect((await subjects("ordering=due_date")).slice(0, 2).sort()).toEqual([
      "Cannot log in",
      "Old question about printer",
    ]);
    expect((await subjects("ordering=-due_date")).slice(3).sort()).toEqual([
      "Cannot log in",
      "Old question about printer",
    ]);
    // The next SLA due time: a resolved ticket has none and comes last, whichever the direction.
    expect((await subjects("ordering=sla_due")).at(-1)).toBe("Old question about printer");
    expect((await subjects("ordering=-sla_due")).at(-1)).toBe("Old question about printer");
    expect((await subjects("ordering=-status")).at(0)).toBe("Old question about printer");
    const numbers = (await list(`company_id=${company.id}&ordering=ticket_number`)).results.map(
      (r) => r.ticket_number,
    );
    expect(numbers).toEqual([...numbers].sort());
    expect((await subjects("ordering=-updated_at")).at(0)).toBe("Old question about printer");
  });

  it("searches subject and description (full text, stemmed), company, contact and number", async () => {
    expect(await subjects("search=printers")).toEqual(["Old question about printer", "Printer jammed"]);
    expect(await subjects("search=paper tray")).toEqual(["Printer jammed"]);
    expect(await subjects("search=marvin@globex")).toEqual(["Music stops at night"]);
    expect(await subjects("search=Listener")).toEqual(["Music stops at night"]);
    expect(await subjects("search=globex radio")).toHaveLength(5);
    expect(await subjects("search=100%25")).toEqual([]);
    const all = await list("search=printer&limit=100");
    expect(all.results.map((r) => r.subject).sort()).toEqual([
      "Old question about printer",
      "Printer elsewhere",
      "Printer jammed",
    ]);
  });

  it("ranks an exact ticket number first, in any case, and matches number fragments", async () => {
    const wanted = t.invoice;
    if (!wanted) throw new Error("fixture missing");
    const exact = await list(`search=${wanted.ticket_number.toLowerCase()}`);
    expect(exact.results[0]?.id).toBe(wanted.id);
    const fragment = wanted.ticket_number.slice(0, 11);
    expect((await list(`search=${fragment}&limit=100`)).count).toBeGreaterThanOrEqual(6);
  });

  it("ranks subject matches above description matches unless an ordering is given", async () => {
    const { app } = use();
    const make = async (subject: string, description: string) =>
      (
        await app.inject({
          method: "POST",
          url: "/api/v1/tickets",
          headers: agent.headers,
          payload: { company_id: company.id, category: "general", subject, description },
        })
      ).json() as Ticket;
    const inBody = await make("Strange noise", "The amplifier hums loudly");
    const inSubject = await make("Amplifier hums", "Strange noise");
    const ranked = await list("search=amplifier hums");
    expect(ranked.results.map((r) => r.id)).toEqual([inSubject.id, inBody.id]);
    const ordered = await list("search=amplifier hums&ordering=created_at");
    expect(ordered.results.map((r) => r.id)).toEqual([inBody.id, inSubject.id]);
  });

  it("answers 400 naming the parameter for bad filters", async () => {
    const cases: [string, string][] = [
      ["status=open", "status"],
      ["status=new,bogus", "status"],
      ["status=", "status"],
      ["priority=severe", "priority"],
      ["assigned_to=someone", "assigned_to"],
      ["assigned_team=x", "assigned_team"],
      ["company_id=1", "company_id"],
      ["contact_id=abc", "contact_id"],
      ["open=yes", "open"],
      ["overdue=1", "overdue"],
      ["created_after=yesterday", "created_after"],
      ["created_before=2026-02-30", "created_before"],
      ["created_after=0000-01-01", "created_after"],
      ["ordering=name", "ordering"],
      ["ordering=--priority", "ordering"],
      ["limit=101", "limit"],
      ["limit=0", "limit"],
      ["limit=1e3", "limit"],
      ["offset=-1", "offset"],
      [`search=${"x".repeat(201)}`, "search"],
      ["search=%00", "search"],
      ["tag=%00", "tag"],
      ["category=a%00", "category"],
      ["colour=red", "colour"],
    ];
    for (const [query, field] of cases) {
      const response = await use().app.inject({
        method: "GET",
        url: `/api/v1/tickets?${query}`,
        headers: agent.headers,
      });
      expect(response.statusCode, query).toBe(400);
      expect(
        response.json().error.details.map((d: { field: string }) => d.field),
        query,
      ).toContain(field);
    }
  });
});
