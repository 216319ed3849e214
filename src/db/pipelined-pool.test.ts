import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshPostgresUrl, hasPostgres } from "../test/databases.js";
import { type Database, openPostgres } from "./database.js";
import { needsOwnSession, stalledAfterMs } from "./pipelined-pool.js";
import type { DB } from "./schema.js";

const backend = async (db: Kysely<DB>) =>
  (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db)).rows[0]?.pid ?? 0;

describe("needsOwnSession", () => {
  it("sends transactions and statements that leave state in the session to a connection of their own", () => {
    for (const text of [
      "begin",
      "  START TRANSACTION isolation level serializable",
      "set lock_timeout = 100",
      "select set_config('x.y', '1', false)",
      "with t as (select 1) select pg_advisory_lock(42) from t",
      "select pg_try_advisory_lock(1)",
      "listen ticket_changes",
      "declare c cursor for select 1",
      "create temporary table scratch (id int)",
    ])
      expect(needsOwnSession(text), text).toBe(true);
  });

  it("pipelines statements that stand on their own, reads and writes alike", () => {
    for (const text of [
      'select "t"."id" from "tickets" as "t" where "t"."status" = $1',
      "insert into tickets (subject) values ($1) returning id",
      "update tickets set subject = $1 where id = $2",
      "delete from api_tokens where id = $1",
      "with ranked as (select 1) select * from ranked",
      "select 'begin' as word",
    ])
      expect(needsOwnSession(text), text).toBe(false);
  });
});

describe.runIf(hasPostgres())("statements pipelined on PostgreSQL", () => {
  let database: Database;
  let url: string;

  beforeAll(async () => {
    url = await freshPostgresUrl();
    database = await openPostgres(url, 10, 2);
  });
  afterAll(() => database?.close());

  it("send statements on their own down two shared connections, however many run at once", async () => {
    const pids = await Promise.all(Array.from({ length: 40 }, () => backend(database.db)));
    expect(new Set(pids).size).toBeLessThanOrEqual(2);
  });

  it("run every statement down a connection of its own when pipelines are off", async () => {
    const plain = await openPostgres(url, 10, 0);
    try {
      const pids = await Promise.all(
        Array.from({ length: 40 }, () =>
          sql<{ pid: number }>`select pg_backend_pid() as pid, pg_sleep(0.01)`.execute(plain.db),
        ),
      );
      expect(new Set(pids.map((r) => r.rows[0]?.pid)).size).toBeGreaterThan(2);
    } finally {
      await plain.close();
    }
  });

  it("give a transaction a connection of its own: nobody else sees or joins it before it commits", async () => {
    const shared = new Set(await Promise.all(Array.from({ length: 20 }, () => backend(database.db))));
    await sql`create table if not exists pipeline_probe (n int)`.execute(database.db);
    await database.db.transaction().execute(async (trx) => {
      expect(shared.has(await backend(trx))).toBe(false);
      await sql`insert into pipeline_probe values (1)`.execute(trx);
      const outside = await sql<{ n: number }>`select count(*)::int as n from pipeline_probe`.execute(
        database.db,
      );
      expect(outside.rows[0]?.n).toBe(0);
    });
    const after = await sql<{ n: number }>`select count(*)::int as n from pipeline_probe`.execute(
      database.db,
    );
    expect(after.rows[0]?.n).toBe(1);
  });

  it("keep a session lock, the transaction inside it and its release on one connection (Kysely's migrator)", async () => {
    const released = await database.db.connection().execute(async (session) => {
      await sql`select pg_advisory_lock(4242)`.execute(session);
      await session.transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx);
      });
      return (await sql<{ ok: boolean }>`select pg_advisory_unlock(4242) as ok`.execute(session)).rows[0]?.ok;
    });
    expect(released).toBe(true);
    const held = await sql<{ n: number }>`
      select count(*)::int as n from pg_locks where locktype = 'advisory' and objid = 4242`.execute(
      database.db,
    );
    expect(held.rows[0]?.n).toBe(0);
  });

  it("fail only the statement that fails: the ones pipelined with it get their answers", async () => {
    const results = await Promise.allSettled([
      sql<{ n: number }>`select 1 as n`.execute(database.db),
      sql<{ n: number }>`select 1 / (${0}::int) as n`.execute(database.db),
      sql<{ n: number }>`select 2 as n`.execute(database.db),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const third = results[2];
    expect(third?.status === "fulfilled" && third.value.rows[0]?.n).toBe(2);
  });

  it("send statements around a pipeline whose head has stalled, and to a connection of their own when both have", async () => {
    const sleeping = new Set<number>();
    let slowDone = false;
    const slow = Promise.all(
      [0, 1].map(() =>
        sql<{ pid: number }>`select pg_backend_pid() as pid, pg_sleep(1.5)`.execute(database.db),
      ),
    ).finally(() => {
      slowDone = true;
    });
    // Both pipelines take one slow statement (each goes where the fewest are in flight); once they have run
    // for longer than stalledAfterMs, quick statements neither queue behind them nor wait for them.
    await new Promise((resolve) => setTimeout(resolve, stalledAfterMs * 5));
    const quick = await Promise.all(Array.from({ length: 6 }, () => backend(database.db)));
    expect(slowDone).toBe(false);
    for (const r of await slow) sleeping.add(r.rows[0]?.pid ?? 0);
    expect(sleeping.size).toBe(2);
    expect(quick.some((pid) => sleeping.has(pid))).toBe(false);
    // Once the slow statements are answered the pipelines take statements again.
    const after = await Promise.all(Array.from({ length: 20 }, () => backend(database.db)));
    expect(after.every((pid) => sleeping.has(pid))).toBe(true);
  });

  it("replace a shared connection whose session was ended", async () => {
    const before = new Set(await Promise.all(Array.from({ length: 20 }, () => backend(database.db))));
    const killer = await openPostgres(url, 1, 0);
    try {
      for (const pid of before) await sql`select pg_terminate_backend(${pid})`.execute(killer.db);
    } finally {
      await killer.close();
    }
    // The first statements may still meet the closing connections; the ones after get new ones.
    await Promise.allSettled(Array.from({ length: 4 }, () => backend(database.db)));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const after = await Promise.all(Array.from({ length: 20 }, () => backend(database.db)));
    expect(after.some((pid) => before.has(pid))).toBe(false);
    expect(new Set(after).size).toBeLessThanOrEqual(2);
  });
});
