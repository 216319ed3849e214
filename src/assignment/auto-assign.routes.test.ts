import { beforeAll, expect, it } from "vitest";
import { requester } from "../directory/test-requests.js";
import { createTestCompany, createTestTicket } from "../test/factories.js";
import { createTestUser, describeApi, type TestUser } from "../test/http.js";
import { renderedOutbox } from "../test/rendered-outbox.js";
import { runTicketCreatedJob } from "../test/ticket-created-job.js";

type Ticket = {
  id: string;
  status: string;
  assigned_to: { id: string; name: string } | null;
  assigned_team: { id: string } | null;
};
type Event = {
  type: string;
  field: string | null;
  old_value: string | null;
  new_value: string | null;
  actor: { id: string } | null;
};

/** SPEC §7 auto-assignment through the API: who gets a team's new or moved-in ticket, and what the history says. */
describeApi("auto-assignment", (use) => {
  const call = requester(use);
  let admin: TestUser;
  let companyId: string;
  let teams = 0;

  beforeAll(async () => {
    admin = await createTestUser(use().app, { role: "admin", name: "Ada Admin" });
    companyId = (await createTestCompany(use().app.ctx.db)).id;
  });

  async function team(assignment: "manual" | "round_robin" | "least_loaded"): Promise<string> {
    const created = await call("POST", "/teams", admin, { name: `Queue ${++teams}`, assignment });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id;
  }

  async function member(
    teamId: string,
    name: string,
    settings: { available?: boolean; max_open_tickets?: number | null; is_active?: boolean } = {},
  ): Promise<TestUser> {
    const user = await createTestUser(use().app, { name, team_id: teamId });
    if (Object.keys(settings).length > 0) {
      const changed = await call("PATCH", `/users/${user.id}`, admin, settings);
      expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    }
    return user;
  }

  /** Open tickets already assigned to the user (any team), as the count auto-assignment reads. */
  async function giveOpenTickets(
    user: TestUser,
    n: number,
    status: "in_progress" | "resolved" = "in_progress",
  ) {
    for (let i = 0; i < n; i++)
      await createTestTicket(use().app.ctx.db, { company_id: companyId, assigned_to: user.id, status });
  }

  /** POST /tickets as `by`, then its creation job, as a job runner would a moment later. */
  async function createInTeam(teamId: string | null, by: TestUser = admin): Promise<Ticket> {
    const created = await call("POST", "/tickets", by, {
      company_id: companyId,
      subject: "Printer on fire",
      description: "Smoke",
      ...(teamId ? { assigned_team: teamId } : {}),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // Created unassigned: the assignment comes with the creation job.
    expect(created.body.assigned_to).toBeNull();
    // A ticket without a team has no creation job (nothing to mail, nobody to assign).
    if (teamId) await runTicketCreatedJob(use().app.ctx, created.body.id);
    return (await call("GET", `/tickets/${created.body.id}`, admin)).body;
  }

  async function history(ticketId: string): Promise<Event[]> {
    return (await call("GET", `/tickets/${ticketId}/events?limit=100`, admin)).body.results;
  }
  const autoEvents = async (ticketId: string) =>
    (await history(ticketId))
      .filter((e) => e.type.startsWith("auto_"))
      .map((e) => [e.type, e.new_value] as const);

  it("round robin gives each new ticket to the next available agent and writes why in the history", async () => {
    const id = await team("round_robin");
    const ana = await member(id, "Ana");
    const ben = await member(id, "Ben");
    const cy = await member(id, "Cy");
    expect((await call("PATCH", "/users/me", cy, { available: false })).status).toBe(200);

    const tickets = [];
    for (let i = 0; i < 4; i++) tickets.push(await createInTeam(id));
    expect(tickets.map((t) => t.assigned_to?.name)).toEqual(["Ana", "Ben", "Ana", "Ben"]);
    expect(tickets.map((t) => t.status)).toEqual(["assigned", "assigned", "assigned", "assigned"]);

    const [first] = tickets;
    if (!first) throw new Error("no ticket");
    const events = await history(first.id);
    // The system is the actor; the job ran twice, and the ticket was assigned once.
    expect(events.filter((e) => e.type !== "created")).toEqual([
      expect.objectContaining({ type: "field_changed", field: "status", new_value: "assigned", actor: null }),
      expect.objectContaining({
        type: "field_changed",
        field: "assigned_to",
        new_value: ana.id,
        actor: null,
      }),
      expect.objectContaining({ type: "auto_assigned", field: "assigned_to", new_value: "round robin" }),
    ]);
    // Back from away, Cy takes their turn: never auto-assigned, so first in line.
    expect((await call("PATCH", "/users/me", cy, { available: true })).status).toBe(200);
    expect((await createInTeam(id)).assigned_to?.id).toBe(cy.id);
    expect((await createInTeam(id)).assigned_to?.id).toBe(ana.id);
    expect(ben.id).toBeDefined();
  });

  it("least loaded gives the ticket to the agent with the fewest open tickets and says how many", async () => {
    const id = await team("least_loaded");
    const ana = await member(id, "Ana");
    const ben = await member(id, "Ben");
    const cy = await member(id, "Cy");
    await giveOpenTickets(ana, 5);
    await giveOpenTickets(ben, 3);
    await giveOpenTickets(cy, 4);
    // Resolved tickets are not a load.
    await giveOpenTickets(ben, 4, "resolved");

    const ticket = await createInTeam(id);
    expect(ticket.assigned_to?.id).toBe(ben.id);
    expect(await autoEvents(ticket.id)).toEqual([["auto_assigned", "least loaded: 3 open"]]);
    // Ben (4) and Cy (4) now tie: Cy waited longer since an auto-assignment (never).
    const next = await createInTeam(id);
    expect(next.assigned_to?.id).toBe(cy.id);
    expect(await autoEvents(next.id)).toEqual([["auto_assigned", "least loaded: 4 open"]]);
  });

  it("never goes past an agent's max_open_tickets, and leaves the ticket in the queue saying why", async () => {
    const id = await team("round_robin");
    const ana = await member(id, "Ana", { max_open_tickets: 1 });
    const ben = await member(id, "Ben", { max_open_tickets: 2 });
    await giveOpenTickets(ana, 1);

    const assigned = [await createInTeam(id), await createInTeam(id)];
    expect(assigned.map((t) => t.assigned_to?.id)).toEqual([ben.id, ben.id]);
    const left = await createInTeam(id);
    expect(left).toMatchObject({ assigned_to: null, status: "new", assigned_team: { id } });
    expect(await autoEvents(left.id)).toEqual([
      ["auto_assignment_skipped", "every available agent has reached their limit of open tickets"],
    ]);
    // A ticket resolved frees a place.
    const [done] = assigned;
    if (!done) throw new Error("no ticket");
    expect((await call("PATCH", `/tickets/${done.id}`, admin, { status: "resolved" })).status).toBe(200);
    expect((await createInTeam(id)).assigned_to?.id).toBe(ben.id);
  });

  it("skips agents who are away or deactivated, and assigns nobody when nobody is there", async () => {
    const id = await team("least_loaded");
    await member(id, "Ana", { available: false });
    await member(id, "Ben", { is_active: false });
    const ticket = await createInTeam(id);
    expect(ticket.assigned_to).toBeNull();
    expect(await autoEvents(ticket.id)).toEqual([
      ["auto_assignment_skipped", "no agent of the team is available"],
    ]);
    const cy = await member(id, "Cy");
    expect((await createInTeam(id)).assigned_to?.id).toBe(cy.id);
  });

  it("leaves a manual team's tickets alone", async () => {
    const id = await team("manual");
    await member(id, "Ana");
    const ticket = await createInTeam(id);
    expect(ticket).toMatchObject({ assigned_to: null, status: "new" });
    expect(await autoEvents(ticket.id)).toEqual([]);
  });

  it("mails 'assigned to you' to the chosen agent, even one who created the ticket", async () => {
    const id = await team("round_robin");
    const ana = await member(id, "Ana");
    const ticket = await createInTeam(id, ana);
    expect(ticket.assigned_to?.id).toBe(ana.id);
    const mails = await renderedOutbox(use().app.ctx, ticket.id);
    const assigned = mails.filter((m) => m.kind === "assigned-to-you");
    expect(assigned.map((m) => m.to_address)).toEqual([ana.email.toLowerCase()]);
    // Nobody chose Ana by hand: the mail names no one.
    expect(assigned[0]?.text_body).toContain("was assigned to you");
    expect(assigned[0]?.text_body).not.toContain("Ana assigned");
  });

  it("auto-assigns an unassigned ticket moved to the team, by PATCH or macro, and mails the agent", async () => {
    const manual = await team("manual");
    const id = await team("round_robin");
    const ana = await member(id, "Ana");
    const ticket = await createInTeam(manual);
    expect(ticket.assigned_to).toBeNull();

    const moved = await call("PATCH", `/tickets/${ticket.id}`, admin, { assigned_team: id });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ assigned_to: { id: ana.id }, status: "assigned" });
    const events = (await history(ticket.id)).filter((e) => e.type !== "created");
    expect(events.map((e) => [e.type, e.field, e.actor?.id ?? null])).toEqual([
      ["field_changed", "assigned_team", admin.id],
      ["field_changed", "status", null],
      ["field_changed", "assigned_to", null],
      ["auto_assigned", "assigned_to", null],
    ]);
    const mails = await renderedOutbox(use().app.ctx, ticket.id);
    expect(mails.filter((m) => m.kind === "assigned-to-you").map((m) => m.to_address)).toEqual([
      ana.email.toLowerCase(),
    ]);

    const macro = await call("POST", "/macros", admin, { name: "To the queue", actions: { team_id: id } });
    expect(macro.status, JSON.stringify(macro.body)).toBe(201);
    const other = await createInTeam(manual);
    const applied = await call("POST", `/tickets/${other.id}/apply-macro`, admin, {
      macro_id: macro.body.id,
    });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body.ticket).toMatchObject({ assigned_to: { id: ana.id }, status: "assigned" });
    expect(await autoEvents(other.id)).toEqual([["auto_assigned", "round robin"]]);
  });

  it("auto-assigns an unassigned ticket its new category routes to the team", async () => {
    const id = await team("least_loaded");
    const ana = await member(id, "Ana");
    const category = await call("POST", "/categories", admin, {
      key: `queue_${teams}`,
      label: `Queue ${teams} issue`,
      default_team_id: id,
    });
    expect(category.status, JSON.stringify(category.body)).toBe(201);
    const ticket = await createInTeam(null);
    expect(ticket.assigned_team).toBeNull();
    const routed = await call("PATCH", `/tickets/${ticket.id}`, admin, { category: category.body.key });
    expect(routed.body).toMatchObject({
      assigned_team: { id },
      assigned_to: { id: ana.id },
      status: "assigned",
    });
    expect(await autoEvents(ticket.id)).toEqual([["auto_assigned", "least loaded: 0 open"]]);
  });

  it("keeps the assignee of a ticket moved to the team, and assigns nothing when only other fields change", async () => {
    const manual = await team("manual");
    const id = await team("round_robin");
    await member(id, "Ana");
    const bo = await member(manual, "Bo");
    const assigned = await createInTeam(manual);
    await call("PATCH", `/tickets/${assigned.id}`, admin, { assigned_to: bo.id });
    const moved = await call("PATCH", `/tickets/${assigned.id}`, admin, { assigned_team: id });
    expect(moved.body.assigned_to?.id).toBe(bo.id);

    const waiting = await createInTeam(manual);
    await call("PATCH", `/teams/${manual}`, admin, { assignment: "round_robin" });
    // Not a team change: the ticket waits for someone to take it.
    const edited = await call("PATCH", `/tickets/${waiting.id}`, admin, { priority: "high" });
    expect(edited.body.assigned_to).toBeNull();
    expect(await autoEvents(waiting.id)).toEqual([]);
  });
});
