import { sql } from "kysely";
import { afterEach, expect, it } from "vitest";
import { describeEachEngine } from "../test/databases.js";
import { enqueueJob } from "./enqueue-job.js";
import {
  claimJobs,
  claimStatement,
  countJobsByStatus,
  findFailedJobs,
  retryFailedJob,
} from "./job.repository.js";
import type { JobRunner } from "./job-runner.js";
import { getJob, jobsNamed, pause, testRunner } from "./job-test-helpers.js";
import { defaultJobConcurrency, startJobs } from "./start-jobs.js";

describeEachEngine("durable jobs", (use) => {
  const runners: JobRunner[] = [];
  const started = (runner: JobRunner) => {
    runners.push(runner);
    runner.start();
    return runner;
  };
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop(0)));
  });

  it("commits a job with the transaction that enqueued it, or not at all", async () => {
    const { db } = use();
    await expect(
      db.transaction().execute(async (trx) => {
        await enqueueJob(trx, { name: "tx.rolled-back", payload: { n: 1 } });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await jobsNamed(db, "tx.rolled-back")).toEqual([]);

    await db.transaction().execute((trx) => enqueueJob(trx, { name: "tx.committed", payload: { n: 2 } }));
    const [job] = await jobsNamed(db, "tx.committed");
    expect(job).toMatchObject({ status: "queued", attempts: 0, payload: { n: 2 } });
  });

  it("enqueues a key once while its job is unfinished, and again after it is done", async () => {
    const { db } = use();
    const runs: string[] = [];
    const first = await enqueueJob(db, { name: "dedupe", key: "outbox:1", payload: { n: 1 } });
    expect(await enqueueJob(db, { name: "dedupe", key: "outbox:1", payload: { n: 2 } })).toBeUndefined();
    expect(await jobsNamed(db, "dedupe")).toHaveLength(1);

    started(
      testRunner({ db, types: [{ name: "dedupe", run: async (p) => void runs.push(JSON.stringify(p)) }] }),
    );
    await expect.poll(async () => (await getJob(db, first)).status).toBe("done");
    expect(runs).toEqual(['{"n":1}']);
    expect(await enqueueJob(db, { name: "dedupe", key: "outbox:1", payload: { n: 3 } })).toBeDefined();
  });

  it("runs a failed job again after its backoff, keeping the error, until it succeeds", async () => {
    const { db } = use();
    let calls = 0;
    const runner = started(
      testRunner({
        db,
        types: [
          {
            name: "flaky",
            // Long enough that the test reads the waiting job before its second run, even on a busy machine.
            backoff: [2_000],
            run: async () => {
              calls += 1;
              if (calls === 1) throw new Error("451 mailbox busy");
            },
          },
        ],
      }),
    );
    const id = await runner.enqueue(db, { name: "flaky" });
    // The attempt counts when the job is claimed; the failure is recorded when the run ends.
    await expect.poll(async () => (await getJob(db, id)).last_error ?? "").toContain("451 mailbox busy");
    const waiting = await getJob(db, id);
    expect(waiting).toMatchObject({ status: "queued", locked_by: null, attempts: 1 });
    // Both set by the same statement from the database's clock.
    expect(waiting.run_at.getTime() - waiting.updated_at.getTime()).toBe(2_000);
    await expect.poll(async () => (await getJob(db, id)).status).toBe("done");
    expect(await getJob(db, id)).toMatchObject({ attempts: 2 });
    expect(calls).toBe(2);
  });

  it("marks a job failed after its last attempt, lists it, and runs it again when retried", async () => {
    const { db } = use();
    let healthy = false;
    const runner = started(
      testRunner({
        db,
        types: [
          {
            name: "always-fails",
            backoff: [10, 10],
            run: async () => {
              if (!healthy) throw new Error("relay refused");
            },
          },
        ],
      }),
    );
    const id = await runner.enqueue(db, { name: "always-fails", payload: { outbox_id: "x" } });
    await expect.poll(async () => (await getJob(db, id)).status).toBe("failed");
    const failed = await getJob(db, id);
    expect(failed.attempts).toBe(3);
    expect(failed.last_error).toContain("relay refused");
    expect(failed.finished_at).toBeInstanceOf(Date);
    expect((await findFailedJobs(db)).map((j) => j.id)).toContain(id);
    expect((await countJobsByStatus(db)).failed).toBeGreaterThanOrEqual(1);

    healthy = true;
    if (!id) throw new Error("no id");
    expect(await retryFailedJob(db, id)).toBe("queued");
    expect(await retryFailedJob(db, id)).toBe("not-failed");
    runner.wake();
    await expect.poll(async () => (await getJob(db, id)).status).toBe("done");
    expect(await getJob(db, id)).toMatchObject({ attempts: 1, finished_at: expect.any(Date) });
  });

  it("fails an attempt that runs past its time limit, aborting its signal", async () => {
    const { db } = use();
    let aborted: unknown;
    const runner = started(
      testRunner({
        db,
        types: [
          {
            name: "hangs",
            timeoutMs: 50,
            leaseMs: 5_000,
            maxAttempts: 1,
            run: async (_payload, { signal }) => {
              await pause(60_000, signal).catch((reason: unknown) => {
                aborted = reason;
              });
            },
          },
        ],
      }),
    );
    const id = await runner.enqueue(db, { name: "hangs" });
    await expect.poll(async () => (await getJob(db, id)).status).toBe("failed");
    expect((await getJob(db, id)).last_error).toContain("Job hangs timed out after 50 ms");
    expect(aborted).toBeInstanceOf(Error);
    expect(runner.active).toBe(0);
  });

  it("takes a job again once the lease of a runner that died has run out", async () => {
    const { db } = use();
    const id = await enqueueJob(db, { name: "orphaned" });
    // A runner claims it and dies: nothing ever finishes it.
    const [claimed] = await claimJobs(db, {
      runnerId: "dead-instance",
      types: [{ name: "orphaned", leaseMs: 150 }],
      limit: 1,
    });
    expect(claimed?.id).toBe(id);
    const ran: number[] = [];
    started(
      testRunner({ db, types: [{ name: "orphaned", run: async (_p, c) => void ran.push(c.attempt) }] }),
    );
    await pause(60);
    expect(await getJob(db, id)).toMatchObject({ status: "running", locked_by: "dead-instance" });
    await expect.poll(async () => (await getJob(db, id)).status).toBe("done");
    expect(ran).toEqual([2]);
    expect((await getJob(db, id)).last_error).toContain("dead-instance");
  });

  it("fails a job whose runs were all lost with dead instances, without running it again", async () => {
    const { db } = use();
    const id = await enqueueJob(db, { name: "kills-instances", maxAttempts: 1 });
    await claimJobs(db, { runnerId: "crashed", types: [{ name: "kills-instances", leaseMs: 50 }], limit: 1 });
    let ran = false;
    started(
      testRunner({
        db,
        types: [
          {
            name: "kills-instances",
            run: async () => {
              ran = true;
            },
          },
        ],
      }),
    );
    await expect.poll(async () => (await getJob(db, id)).status).toBe("failed");
    expect(ran).toBe(false);
    expect((await getJob(db, id)).last_error).toContain("Lease expired");
  });

  it("enqueues a recurring job once per period when two runners schedule it", async () => {
    const { db } = use();
    let runs = 0;
    const types = [
      {
        name: "sweep",
        run: async () => {
          runs += 1;
        },
      },
    ];
    const a = testRunner({ db, types, runnerId: "a" });
    const b = testRunner({ db, types, runnerId: "b" });
    a.schedule("sweep", 86_400_000);
    b.schedule("sweep", 86_400_000);
    started(a);
    started(b);
    await expect.poll(async () => (await jobsNamed(db, "sweep")).map((j) => j.status)).toEqual(["done"]);
    await pause(200);
    expect(await jobsNamed(db, "sweep")).toHaveLength(1);
    expect(runs).toBe(1);
    const [job] = await jobsNamed(db, "sweep");
    expect(job?.key).toBe("schedule:sweep");
    const schedule = await db
      .selectFrom("job_schedules")
      .selectAll()
      .where("name", "=", "sweep")
      .executeTakeFirst();
    // The next run is at the start of the next period (midnight UTC).
    expect(schedule?.next_run_at.getTime()).toBeGreaterThan(Date.now());
    expect((schedule?.next_run_at.getTime() ?? 1) % 86_400_000).toBe(0);
  });

  it("startJobs runs the given types and their schedules until stopped", async () => {
    const { db, engine } = use();
    const seen: string[] = [];
    const jobs = startJobs(
      { db, engine },
      [{ name: "started.sweep", run: async () => void seen.push("sweep") }],
      { schedules: [{ name: "started.sweep", everyMs: 86_400_000 }], pollMs: 20 },
    );
    runners.push(jobs);
    await expect.poll(() => seen).toEqual(["sweep"]);
    const id = await jobs.enqueue(db, { name: "started.sweep", payload: {} });
    await expect.poll(async () => (await getJob(db, id)).status).toBe("done");
    expect(seen).toEqual(["sweep", "sweep"]);
  });

  it("startJobs runs as many jobs at once as the engine's default allows, and no more", async () => {
    const { db, engine } = use();
    const limit = defaultJobConcurrency[engine];
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let running = 0;
    let most = 0;
    const jobs = startJobs(
      { db, engine },
      [
        {
          name: "started.wait",
          run: async () => {
            running += 1;
            most = Math.max(most, running);
            await released;
            running -= 1;
          },
        },
      ],
      { pollMs: 20 },
    );
    runners.push(jobs);
    for (let n = 0; n < limit + 4; n++) await enqueueJob(db, { name: "started.wait", payload: { n } });
    await expect.poll(() => running).toBe(limit);
    // A poll or two later, still no more than the limit.
    await pause(100);
    expect(jobs.active).toBe(limit);
    release();
    await expect
      .poll(async () => (await jobsNamed(db, "started.wait")).every((j) => j.status === "done"))
      .toBe(true);
    expect(most).toBe(limit);
  });

  it("puts a job still running at stop back in the queue without counting the attempt", async () => {
    const { db } = use();
    const runner = started(
      testRunner({ db, types: [{ name: "slow", run: (_p, { signal }) => pause(60_000, signal) }] }),
    );
    const id = await runner.enqueue(db, { name: "slow" });
    await expect.poll(async () => (await getJob(db, id)).status).toBe("running");
    await runner.stop(20);
    expect(await getJob(db, id)).toMatchObject({ status: "queued", attempts: 0, locked_by: null });
  });

  it("finishes every job exactly once across a restart", async () => {
    const { db } = use();
    const completed = new Map<number, number>();
    const types = [
      {
        name: "restart",
        run: async (payload: unknown, { signal }: { signal: AbortSignal }) => {
          await pause(10, signal);
          const n = (payload as { n: number }).n;
          completed.set(n, (completed.get(n) ?? 0) + 1);
        },
      },
    ];
    for (let n = 0; n < 60; n++) await enqueueJob(db, { name: "restart", payload: { n } });
    const first = started(testRunner({ db, types, concurrency: 3 }));
    await expect.poll(() => completed.size, { interval: 5 }).toBeGreaterThanOrEqual(15);
    await first.stop(0);
    expect(completed.size).toBeLessThan(60);
    started(testRunner({ db, types, concurrency: 3 }));
    await expect
      .poll(async () => (await jobsNamed(db, "restart")).every((j) => j.status === "done"))
      .toBe(true);
    expect(completed.size).toBe(60);
    expect([...completed.values()].every((times) => times === 1)).toBe(true);
  });

  it("takes the next due job from the partial index, whatever else the table holds", async () => {
    const { db } = use();
    // 20 000 rows that are not due, done or failed, and a few due ones.
    await sql`
      insert into jobs (id, name, status, run_at, finished_at)
      select gen_random_uuid(), 'plan',
        (array['queued', 'done', 'failed'])[1 + i % 3],
        now() + interval '1 hour',
        case when i % 3 = 0 then null else now() end
      from generate_series(1, 20000) as i`.execute(db);
    for (let n = 0; n < 5; n++) await enqueueJob(db, { name: "plan" });
    await sql`analyze jobs`.execute(db);
    const statement = claimStatement({ runnerId: "r", types: [{ name: "plan", leaseMs: 1000 }], limit: 1 });
    const { rows } = await sql<{ "QUERY PLAN": string }>`explain ${statement}`.execute(db);
    const plan = rows.map((r) => r["QUERY PLAN"]).join("\n");
    expect(plan).toMatch(/Index Scan using jobs_due on jobs/);
    await sql`delete from jobs where name = 'plan'`.execute(db);
  });
});
