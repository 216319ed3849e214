import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { freshPostgres, hasPostgres } from "../test/databases.js";
import { maxPreparedPerConnection, shouldPrepare, statementName } from "./prepared-statements.js";

describe("shouldPrepare", () => {
  it("prepares queries and writes, not searches or utility statements", () => {
    expect(shouldPrepare('select "t"."id" from "tickets" as "t" where "t"."id" = $1')).toBe(true);
    expect(shouldPrepare('with "counter" as (insert into "ticket_counters" ...) insert into ...')).toBe(true);
    expect(shouldPrepare('update "tickets" set "status" = $1 where "id" = $2')).toBe(true);
    expect(
      shouldPrepare("select 1 from tickets t where t.search_vector @@ websearch_to_tsquery('english', $1)"),
    ).toBe(false);
    expect(shouldPrepare('select "t"."id" from "tickets" as "t" where "t"."ticket_number" ilike $1')).toBe(
      false,
    );
    expect(
      shouldPrepare(
        'select "c"."id" from "ticket_comments" as "c" join "tickets" as "st" on "st"."subject" ilike $1',
      ),
    ).toBe(false);
    // A pattern's generic plan scanned every contact from the sixth run on.
    expect(shouldPrepare('select id from companies where "name" ilike $1')).toBe(false);
    expect(shouldPrepare("begin")).toBe(false);
    expect(shouldPrepare("set local enable_seqscan = off")).toBe(false);
  });

  it("names a statement by its text", () => {
    expect(statementName("select 1")).toBe(statementName("select 1"));
    expect(statementName("select 1")).not.toBe(statementName("select 2"));
  });
});

describe.runIf(hasPostgres())("prepared statements on PostgreSQL", () => {
  it("prepares each statement once per connection, leaves searches unnamed and stops at the cap", async () => {
    const database = await freshPostgres(1);
    try {
      const { db } = database;
      const prepared = async () =>
        (
          await sql<{
            name: string;
          }>`select name from pg_prepared_statements where name like 'td\\_%'`.execute(db)
        ).rows.map((r) => r.name);
      const before = (await prepared()).length;
      for (let i = 0; i < 3; i += 1)
        await db.selectFrom("teams").select("name").where("name", "=", "Tech").executeTakeFirst();
      await db.selectFrom("tickets").select("id").where("ticket_number", "ilike", "%x%").execute();
      const names = await prepared();
      // Only the teams lookup is new: three runs, one statement; the ticket search stayed unnamed.
      expect(names.length - before).toBe(1);
      for (let i = 0; i < maxPreparedPerConnection + 5; i += 1)
        await sql`select ${sql.lit(i)}::int + ${1}`.execute(db);
      expect((await prepared()).length).toBe(maxPreparedPerConnection);
      // Past the cap statements still run, unnamed.
      const { rows } = await sql<{ n: number }>`select ${sql.lit(1_000_000)}::int + ${1} as n`.execute(db);
      expect(rows[0]?.n).toBe(1_000_001);
    } finally {
      await database.close();
    }
  });
});
