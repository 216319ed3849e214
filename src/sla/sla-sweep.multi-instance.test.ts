import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config/config.js";
import { type Database, openPostgres } from "../db/database.js";
import { type ApiApp, buildApp } from "../server/app.js";
import { freshPostgresUrl, hasPostgres } from "../test/databases.js";
import { createTestCompany } from "../test/factories.js";
import { createTestUser, type TestUser } from "../test/http.js";
import { sweepSla } from "./sla-sweep.js";

const minute = 60_000;

/**
 * Two instances sweeping one PostgreSQL database at the same moment, as their schedules may (and as a
 * sweep that outlives its job's lease would): each breach is announced once, each ticket closed once.
 */
describe.runIf(hasPostgres())("SLA sweep on two instances [postgres]", { timeout: 60_000 }, () => {
  const instances: { app: ApiApp; database: Database }[] = [];
  let dataDir: string;
  let agent: TestUser;
  let companyId: string;

  beforeAll(async () => {
    const url = await freshPostgresUrl();
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "ticketdesk-sla-"));
    for (let i = 0; i < 2; i++) {
      const database = await openPostgres(url, 10);
      const app = await buildApp({ config: loadConfig({ DATA_DIR: dataDir }), database, logger: false });
      instances.push({ app, database });
    }
    const first = instances[0];
    if (!first) throw new Error("no instance");
    agent = await createTestUser(first.app);
    companyId = (await createTestCompany(first.database.db)).id;
  });

  afterAll(async () => {
    for (const { app, database } of instances) {
      await app.close();
      await database.close();
    }
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  const apps = () => instances.map((i) => i.app);
  const db = () => instances[0]?.database.db ?? (undefined as never);

  async function createTickets(n: number, subject: string) {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const res = await apps()[i % 2]?.inject({
        method: "POST",
        url: "/api/v1/tickets",
        headers: agent.headers,
        payload: {
          subject,
          description: "x",
          company_id: companyId,
          assigned_to: agent.id,
          priority: "urgent",
        },
      });
      ids.push(res?.json().id);
    }
    return ids;
  }

  it("announces each breach once when both instances sweep together", async () => {
    const ids = await createTickets(120, "Two sweeps");
    const later = new Date(Date.now() + 300 * minute);
    // Small batches would not change the outcome; several rounds each make the overlap likely.
    await Promise.all(apps().flatMap((app) => [sweepSla(app.ctx, later), sweepSla(app.ctx, later)]));
    const events = await db()
      .selectFrom("ticket_events")
      .select(["ticket_id", "field"])
      .where("type", "=", "sla_breached")
      .where("ticket_id", "in", ids)
      .execute();
    // First response and resolution, once each, for every ticket.
    expect(events).toHaveLength(ids.length * 2);
    expect(new Set(events.map((e) => `${e.ticket_id}:${e.field}`)).size).toBe(ids.length * 2);
    const mails = await db()
      .selectFrom("outbound_mails")
      .select("id")
      .where("kind", "=", "sla-breached")
      .where("ticket_id", "in", ids)
      .execute();
    expect(mails.length).toBeGreaterThanOrEqual(ids.length * 2);
  });

  it("closes each resolved ticket once when both instances sweep together", async () => {
    const ids = await createTickets(80, "Two closes");
    for (const [i, id] of ids.entries())
      await apps()[i % 2]?.inject({
        method: "PATCH",
        url: `/api/v1/tickets/${id}`,
        headers: agent.headers,
        payload: { status: "resolved" },
      });
    const later = new Date(Date.now() + 5 * 24 * 60 * minute);
    await Promise.all(apps().flatMap((app) => [sweepSla(app.ctx, later), sweepSla(app.ctx, later)]));
    const closed = await db()
      .selectFrom("ticket_events")
      .select("ticket_id")
      .where("type", "=", "field_changed")
      .where("field", "=", "status")
      .where("new_value", "=", "closed")
      .where("ticket_id", "in", ids)
      .execute();
    expect(closed).toHaveLength(ids.length);
    expect(new Set(closed.map((e) => e.ticket_id)).size).toBe(ids.length);
  });
});
