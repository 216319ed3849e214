import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshPglite } from "../test/databases.js";
import { createTestCompany, createTestTicket } from "../test/factories.js";
import type { Database } from "./database.js";
import { maintainEmbedded, needsAnalyze, startEmbeddedMaintenance } from "./embedded-maintenance.js";

describe("needsAnalyze", () => {
  it("follows autovacuum's bar: 50 rows plus 10% since the last count", () => {
    expect(needsAnalyze(0, -1)).toBe(false);
    expect(needsAnalyze(1, -1)).toBe(true);
    expect(needsAnalyze(150, 100)).toBe(false);
    expect(needsAnalyze(161, 100)).toBe(true);
    expect(needsAnalyze(110_000, 100_000)).toBe(false);
    expect(needsAnalyze(110_051, 100_000)).toBe(true);
    // Deletions count too.
    expect(needsAnalyze(89_000, 100_000)).toBe(true);
  });
});

describe("embedded database maintenance", () => {
  let database: Database;
  const counted = async () => {
    const { rows } = await sql<{ n: number }>`
      select reltuples::float8 as n from pg_class where oid = 'tickets'::regclass`.execute(database.db);
    return Number(rows[0]?.n);
  };

  beforeAll(async () => {
    database = await freshPglite();
    const company = await createTestCompany(database.db);
    for (let i = 0; i < 60; i += 1) await createTestTicket(database.db, { company_id: company.id });
  });
  afterAll(async () => {
    await database.close();
  });

  it("analyses the tickets once they moved past the bar, then only vacuums the counters", async () => {
    expect(await counted()).toBeLessThan(1);
    expect(await maintainEmbedded(database.db)).toMatchObject({ analyzed: true, tickets: 60 });
    expect(await counted()).toBe(60);
    expect(await maintainEmbedded(database.db)).toMatchObject({ analyzed: false, tickets: 60 });
  });

  it("runs on a timer, says when it analysed, and stops cleanly", async () => {
    const company = await createTestCompany(database.db);
    for (let i = 0; i < 60; i += 1) await createTestTicket(database.db, { company_id: company.id });
    const logged: string[] = [];
    const maintenance = startEmbeddedMaintenance(
      database.db,
      { info: (_, message) => logged.push(message), error: (_, message) => logged.push(message) },
      20,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    await maintenance.stop();
    // The first pass analysed the 60 new tickets; later ones found nothing to report.
    expect(logged).toEqual(["Embedded database vacuumed and analysed"]);
    expect(await counted()).toBe(120);
  });
});
