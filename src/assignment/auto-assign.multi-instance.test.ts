import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config/config.js";
import { type Database, openPostgres } from "../db/database.js";
import { ticketCreatedJobType } from "../email/ticket-created.job.js";
import { type ApiApp, buildApp } from "../server/app.js";
import { freshPostgresUrl, hasPostgres } from "../test/databases.js";
import { createTestCompany, createTestTicket } from "../test/factories.js";
import { createTestUser, type TestUser } from "../test/http.js";
import { ticketCreatedJob } from "../tickets/ticket-intake.repository.js";

/**
 * Two app instances over their own pools on one PostgreSQL database, creating tickets for one team at the same
 * moment and running their creation jobs at the same moment (each job on both instances at once, as after a
 * lease ran out): an agent never gets more open tickets from auto-assignment than their max_open_tickets.
 * (PGlite is one connection; the race only exists here.)
 */
describe.runIf(hasPostgres())("auto-assignment across two app instances [postgres]", () => {
  const instances: { app: ApiApp; database: Database }[] = [];
  let dataDir: string;
  let admin: TestUser;
  let companyId: string;
  let teams = 0;

  beforeAll(async () => {
    const url = await freshPostgresUrl();
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "ticketdesk-assign-"));
    for (let i = 0; i < 2; i++) {
      const database = await openPostgres(url, 10);
      const app = await buildApp({ config: loadConfig({ DATA_DIR: dataDir }), database, logger: false });
      instances.push({ app, database });
    }
    admin = await createTestUser(app(0), { role: "admin" });
    companyId = (await createTestCompany(app(0).ctx.db)).id;
  }, 60_000);

  afterAll(async () => {
    for (const { app, database } of instances) {
      await app.close();
      await database.close();
    }
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  function app(i: number): ApiApp {
    const found = instances[i % 2]?.app;
    if (!found) throw new Error(`no instance ${i}`);
    return found;
  }

  async function team(assignment: "round_robin" | "least_loaded"): Promise<string> {
    const created = await app(0).inject({
      method: "POST",
      url: "/api/v1/teams",
      headers: admin.headers,
      payload: { name: `Race ${++teams}`, assignment },
    });
    expect(created.statusCode).toBe(201);
    return created.json().id;
  }

  async function agent(teamId: string, maxOpen: number): Promise<TestUser> {
    const user = await createTestUser(app(0), { team_id: teamId });
    const changed = await app(1).inject({
      method: "PATCH",
      url: `/api/v1/users/${user.id}`,
      headers: admin.headers,
      payload: { max_open_tickets: maxOpen },
    });
    expect(changed.statusCode).toBe(200);
    return user;
  }

  /** `n` tickets for the team, created at once, alternately on each instance. */
  async function createAtOnce(teamId: string, n: number): Promise<string[]> {
    const responses = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        app(i).inject({
          method: "POST",
          url: "/api/v1/tickets",
          headers: admin.headers,
          payload: { company_id: companyId, subject: `Race ${i}`, description: "Now", assigned_team: teamId },
        }),
      ),
    );
    expect(responses.map((r) => r.statusCode).filter((s) => s !== 201)).toEqual([]);
    return responses.map((r) => r.json().id as string);
  }

  /** Every creation job of these tickets, each run on both instances at the same moment. */
  async function runCreationJobsAtOnce(ticketIds: string[]): Promise<void> {
    const jobs = await app(0)
      .ctx.db.selectFrom("jobs")
      .select(["id", "payload"])
      .where("name", "=", ticketCreatedJob)
      .execute();
    const ours = jobs.filter((job) =>
      (job.payload as { ticketIds: string[] }).ticketIds.some((id) => ticketIds.includes(id)),
    );
    expect(ours.length).toBeGreaterThan(0);
    await Promise.all(
      ours.flatMap((job) =>
        [0, 1].map((i) => {
          const type = ticketCreatedJobType(app(i).ctx);
          const payload = type.parse ? type.parse(job.payload) : (job.payload as { ticketIds: string[] });
          const context = { jobId: job.id, attempt: 1, maxAttempts: 1, signal: new AbortController().signal };
          return type.run(payload, context);
        }),
      ),
    );
  }

  async function openTicketsOf(userId: string): Promise<number> {
    const row = await app(0)
      .ctx.db.selectFrom("tickets")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("assigned_to", "=", userId)
      .where("status", "not in", ["resolved", "closed"])
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async function autoEvents(ticketIds: string[]) {
    return app(0)
      .ctx.db.selectFrom("ticket_events")
      .select(["ticket_id", "type", "new_value"])
      .where("ticket_id", "in", ticketIds)
      .where("type", "like", "auto_%")
      .execute();
  }

  it("gives the agent's last free place to one of two tickets created at once on two instances", async () => {
    const id = await team("least_loaded");
    const solo = await agent(id, 2);
    await createTestTicket(app(0).ctx.db, {
      company_id: companyId,
      assigned_to: solo.id,
      status: "assigned",
    });

    for (let round = 0; round < 3; round++) {
      const tickets = await createAtOnce(id, 2);
      await runCreationJobsAtOnce(tickets);
      const events = await autoEvents(tickets);
      if (round === 0) {
        expect(events.filter((e) => e.type === "auto_assigned")).toEqual([
          expect.objectContaining({ new_value: "least loaded: 1 open" }),
        ]);
      } else {
        expect(events.filter((e) => e.type === "auto_assigned")).toEqual([]);
      }
      // Each ticket was tried once, though each job ran twice at the same time.
      expect(events.map((e) => e.ticket_id).sort()).toEqual([...tickets].sort());
      expect(await openTicketsOf(solo.id)).toBe(2);
    }
  });

  it("never takes an agent past max_open_tickets, however many tickets arrive at once", async () => {
    const id = await team("round_robin");
    const ana = await agent(id, 3);
    const ben = await agent(id, 4);
    const tickets = await createAtOnce(id, 24);
    await runCreationJobsAtOnce(tickets);
    expect(await openTicketsOf(ana.id)).toBe(3);
    expect(await openTicketsOf(ben.id)).toBe(4);
    const events = await autoEvents(tickets);
    expect(events.filter((e) => e.type === "auto_assigned")).toHaveLength(7);
    expect(events.filter((e) => e.type === "auto_assignment_skipped")).toHaveLength(17);
    const assigned = await app(1)
      .ctx.db.selectFrom("tickets")
      .select(["assigned_to", "status"])
      .where("id", "in", tickets)
      .where("assigned_to", "is not", null)
      .execute();
    expect(assigned).toHaveLength(7);
    expect(new Set(assigned.map((t) => t.status))).toEqual(new Set(["assigned"]));
  });

  it("moves between teams and creation jobs at the same moment neither deadlock nor pass a limit", async () => {
    const [a, b] = [await team("round_robin"), await team("least_loaded")];
    const [inA, inB] = [await agent(a, 4), await agent(b, 4)];
    const created = await createAtOnce(a, 12);
    const manual = await app(0).inject({
      method: "POST",
      url: "/api/v1/teams",
      headers: admin.headers,
      payload: { name: `Race ${++teams}` },
    });
    const parked = await createAtOnce(manual.json().id, 8);
    // While A's creation jobs run, half of A's new tickets move to B, and the parked ones to A or B: a PATCH
    // holds its ticket and then wants the team, the job holds its tickets and then wants the teams.
    const moves = [
      ...created.slice(0, 6).map((id) => [id, b] as const),
      ...parked.map((id, i) => [id, i % 2 === 0 ? a : b] as const),
    ];
    const [, ...patches] = await Promise.all([
      runCreationJobsAtOnce(created),
      ...moves.map(([id, teamId], i) =>
        app(i).inject({
          method: "PATCH",
          url: `/api/v1/tickets/${id}`,
          headers: admin.headers,
          payload: { assigned_team: teamId },
        }),
      ),
    ]);
    expect(patches.filter((p) => p.statusCode !== 200).map((p) => p.body)).toEqual([]);
    // At least 6 tickets were tried in each team: both agents filled up, and neither went past 4.
    expect(await openTicketsOf(inA.id)).toBe(4);
    expect(await openTicketsOf(inB.id)).toBe(4);
    const events = await autoEvents([...created, ...parked]);
    expect(events.filter((e) => e.type === "auto_assigned")).toHaveLength(8);
  });
});
