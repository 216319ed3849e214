import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openPglite } from "./database.js";

/** The embedded engine prepares what the PostgreSQL pool prepares (pglite-prepared.ts). */
describe("PGlite prepared statements", () => {
  let database: Database;
  const prepared = async () => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_prepared_statements where name like 'td\\_%'`.execute(database.db);
    return rows[0]?.n ?? 0;
  };

  beforeAll(async () => {
    database = await openPglite();
    await sql`create table shelf (id int primary key, label text, at timestamptz, tags text[])`.execute(
      database.db,
    );
  });
  afterAll(async () => {
    await database.close();
  });

  it("prepares a statement once and reads its rows with PGlite's own types", async () => {
    const before = await prepared();
    await sql`insert into shelf values (${1}, ${"one"}, ${new Date("2026-12-02T10:00:00Z")}, ${["a", "b"]})`.execute(
      database.db,
    );
    for (let i = 0; i < 3; i += 1) {
      const { rows } = await sql<{ id: number; label: string; at: Date; tags: string[] }>`
        select id, label, at, tags from shelf where id = ${1} and tags @> ${["a"]}`.execute(database.db);
      expect(rows).toEqual([{ id: 1, label: "one", at: new Date("2026-12-02T10:00:00Z"), tags: ["a", "b"] }]);
    }
    // The insert and the select: one named statement each, however often they run.
    expect((await prepared()) - before).toBe(2);
  });

  it("says how many rows a write touched, and null parameters stay null", async () => {
    const result = await sql`update shelf set label = ${null} where id = ${1}`.execute(database.db);
    expect(result.numAffectedRows).toBe(1n);
    const { rows } = await sql<{ label: string | null }>`select label from shelf where id = ${1}`.execute(
      database.db,
    );
    expect(rows).toEqual([{ label: null }]);
  });

  it("reports a failed statement's error code and keeps working after it", async () => {
    await expect(sql`insert into shelf (id) values (${1})`.execute(database.db)).rejects.toMatchObject({
      code: "23505",
    });
    const { rows } = await sql<{ id: number }>`select id from shelf where id = ${1}`.execute(database.db);
    expect(rows).toEqual([{ id: 1 }]);
  });

  it("prepares again when a table changed under a prepared statement", async () => {
    const read = () => sql<Record<string, unknown>>`select * from shelf where id = ${1}`.execute(database.db);
    expect(Object.keys((await read()).rows[0] ?? {})).toEqual(["id", "label", "at", "tags"]);
    await sql`alter table shelf add column colour text`.execute(database.db);
    expect(Object.keys((await read()).rows[0] ?? {})).toEqual(["id", "label", "at", "tags", "colour"]);
  });

  it("runs statements inside a transaction through PGlite's own query, and commits them", async () => {
    await database.db.transaction().execute(async (trx) => {
      await sql`insert into shelf (id, label) values (${2}, ${"two"})`.execute(trx);
    });
    const { rows } = await sql<{ label: string }>`select label from shelf where id = ${2}`.execute(
      database.db,
    );
    expect(rows).toEqual([{ label: "two" }]);
  });

  it("reads rows from the wire exactly as PGlite's own parser does, for every type the app reads", async () => {
    const statement = sql<Record<string, unknown>>`
      select ${1}::int as n, 9007199254740993::bigint as big, 1.25::numeric as price, true as yes,
        ${"Zoë 👩‍💻 «quote» \\ \n"}::text as label, null::text as nothing, ${new Date("2026-12-02T10:00:00.123Z")}::timestamptz as at,
        '2026-12-02'::date as day, '{"a": [1, "b"]}'::json as doc, '{"a": 1}'::jsonb as bin,
        array['x', null, 'y,z']::text[] as list, '0194f3a2-7c1e-7d3a-9b2c-1234567890ab'::uuid as id,
        to_tsvector('simple', 'printer jam') as vector, 1 as n`;
    const prepared = await statement.execute(database.db);
    const own = await database.db.transaction().execute((trx) => statement.execute(trx));
    expect(prepared.rows).toEqual(own.rows);
    expect(prepared.rows[0]?.label).toBe("Zoë 👩‍💻 «quote» \\ \n");
  });

  it("reads a result larger than one chunk of the engine's output", async () => {
    const statement = sql<{ i: number; text: string }>`
      select i, repeat('é', 500) || i as text from generate_series(1, ${3000}) as i`;
    const prepared = await statement.execute(database.db);
    const own = await database.db.transaction().execute((trx) => statement.execute(trx));
    expect(prepared.rows).toHaveLength(3000);
    expect(prepared.rows).toEqual(own.rows);
  });
});
