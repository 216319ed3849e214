import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openPostgres } from "../db/database.js";
import { freshPostgresUrl, hasPostgres } from "../test/databases.js";
import { enqueueJob } from "./enqueue-job.js";
import type { JobRunner } from "./job-runner.js";
import { jobsNamed, pause, testRunner } from "./job-test-helpers.js";

/**
 * Two instances, each with its own connection pool on one PostgreSQL database, as two servers: every job
 * runs exactly once. (PGlite is one connection in one process; races only show here.)
 */
describe.runIf(hasPostgres())("jobs across two instances [postgres]", () => {
  const instances: Database[] = [];

  beforeAll(async () => {
    const url = await freshPostgresUrl();
    for (let i = 0; i < 2; i++) instances.push(await openPostgres(url, 10));
  });

  afterAll(async () => {
    for (const database of instances) await database.close();
  });

  const database = (i: number): Database => {
    const found = instances[i];
    if (!found) throw new Error(`no instance ${i}`);
    return found;
  };

  it("runs each of 500 jobs exactly once with two runners competing", async () => {
    const runs = new Map<number, string[]>();
    const runner = (i: number): JobRunner =>
      testRunner({
        db: database(i).db,
        runnerId: `instance-${i}`,
        concurrency: 8,
        pollMs: 5,
        types: [
          {
            name: "compete",
            run: async (payload) => {
              const n = (payload as { n: number }).n;
              runs.set(n, [...(runs.get(n) ?? []), `instance-${i}`]);
              await pause(1);
            },
          },
        ],
      });
    const { db } = database(0);
    await sql`
      insert into jobs (id, name, payload)
      select gen_random_uuid(), 'compete', jsonb_build_object('n', i) from generate_series(0, 499) as i`.execute(
      db,
    );
    const runners = [runner(0), runner(1)];
    for (const r of runners) r.start();
    await expect
      .poll(async () => (await jobsNamed(db, "compete")).filter((j) => j.status === "done").length, {
        timeout: 30_000,
      })
      .toBe(500);
    await Promise.all(runners.map((r) => r.stop()));

    expect(runs.size).toBe(500);
    const twice = [...runs.entries()].filter(([, by]) => by.length !== 1);
    expect(twice).toEqual([]);
    const perInstance = [0, 1].map(
      (i) => [...runs.values()].filter((by) => by[0] === `instance-${i}`).length,
    );
    // Both took part: the claim skips rows the other is taking instead of queueing behind them.
    expect(perInstance.every((n) => n > 0)).toBe(true);
    const jobs = await jobsNamed(db, "compete");
    expect(jobs.every((j) => j.attempts === 1 && j.locked_by === null)).toBe(true);
  });

  it("enqueues a key once when both instances enqueue it at the same moment", async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        database(i % 2)
          .db.transaction()
          .execute((trx) => enqueueJob(trx, { name: "once", key: "outbox:42" })),
      ),
    );
    expect(results.filter((id) => id !== undefined)).toHaveLength(1);
    expect(await jobsNamed(database(0).db, "once")).toHaveLength(1);
  });
});
