import { type Kysely, sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import type { DB } from "../db/schema.js";
import { newId } from "../shared/ids.js";
import { describeEachEngine } from "../test/databases.js";
import { createTestCompany, findTeamId } from "../test/factories.js";

/** ticket_counts against counting the tickets themselves, cell by cell (cells at zero left out). */
async function mismatches(db: Kysely<DB>) {
  const { rows } = await sql<{ cell: string }>`
    with kept as (
      select status, priority, assigned_team, assigned, n from ticket_counts where n <> 0
    ), counted as (
      select status, priority, assigned_team, assigned_to is not null as assigned, count(*) as n
      from tickets group by 1, 2, 3, 4
    )
    select concat_ws(' ', k.status, k.priority, k.assigned_team, k.assigned, k.n, c.status, c.n) as cell
    from kept k full join counted c
      on (k.status, k.priority, k.assigned) = (c.status, c.priority, c.assigned)
      and k.assigned_team is not distinct from c.assigned_team
    where k.n is distinct from c.n`.execute(db);
  return rows.map((r) => r.cell);
}

/** Migration 0014: counted per statement, exact whatever a statement touches. */
describeEachEngine("ticket_counts kept per statement", (use) => {
  let companyId: string;
  let tech: string;

  beforeAll(async () => {
    companyId = (await createTestCompany(use().db, { name: "Counted per statement" })).id;
    tech = await findTeamId(use().db, "Tech");
  });

  const insertMany = (db: Kysely<DB>, n: number, prefix: string) =>
    db
      .insertInto("tickets")
      .values(
        Array.from({ length: n }, (_, i) => ({
          id: newId(),
          ticket_number: `T-19990101-${prefix}${String(i).padStart(4, "0")}`,
          subject: `Bulk ${prefix} ${i}`,
          description: "Counted",
          status: i % 3 === 0 ? ("new" as const) : ("assigned" as const),
          priority: i % 2 === 0 ? ("high" as const) : ("low" as const),
          category: "general",
          tags: [],
          company_id: companyId,
          assigned_team: i % 4 === 0 ? null : tech,
        })),
      )
      .execute();

  it("stays exact through multi-row inserts, bulk moves between cells and bulk deletes", async () => {
    const { db } = use();
    await insertMany(db, 120, "A");
    expect(await mismatches(db)).toEqual([]);
    await db
      .updateTable("tickets")
      .set({ status: "resolved", assigned_team: null })
      .where("subject", "like", "Bulk A %")
      .where("priority", "=", "high")
      .execute();
    expect(await mismatches(db)).toEqual([]);
    await db
      .deleteFrom("tickets")
      .where("subject", "like", "Bulk A %")
      .where("status", "=", "assigned")
      .execute();
    expect(await mismatches(db)).toEqual([]);
    await db.deleteFrom("tickets").where("subject", "like", "Bulk A %").execute();
    expect(await mismatches(db)).toEqual([]);
  });

  it("writes each changed cell once per statement, and nothing for updates that move no ticket", async () => {
    // Row versions written into ticket_counts (inserts + updates), from this backend's statistics; they
    // may include earlier transactions' not yet flushed, so only differences are read.
    const written = async (trx: Kysely<DB>) => {
      const { rows } = await sql<{ n: number }>`
        select (n_tup_ins + n_tup_upd)::int as n from pg_stat_xact_user_tables where relname = 'ticket_counts'`.execute(
        trx,
      );
      return rows[0]?.n ?? 0;
    };
    await use()
      .db.transaction()
      .execute(async (trx) => {
        const before = await written(trx);
        await insertMany(trx, 60, "B");
        // 60 tickets in 2 statuses × 2 priorities × 2 teams: at most 8 cells, each written once (a row
        // trigger wrote 60 versions).
        const afterInsert = (await written(trx)) - before;
        expect(afterInsert).toBeGreaterThan(0);
        expect(afterInsert).toBeLessThanOrEqual(8);
        await trx
          .updateTable("tickets")
          .set({ subject: "Renamed" })
          .where("subject", "like", "Bulk B %")
          .execute();
        expect((await written(trx)) - before).toBe(afterInsert);
      });
    expect(await mismatches(use().db)).toEqual([]);
  });
});
