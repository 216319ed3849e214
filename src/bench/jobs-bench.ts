import { type Kysely, sql } from "kysely";
import { type Database, openPglite, openPostgres } from "../db/database.js";
import { migrateUp } from "../db/migrator.js";
import type { DB } from "../db/schema.js";
import { claimJobs, claimStatement, completeJob } from "../jobs/job.repository.js";
import { databaseUrlFor } from "./bench-url.js";
import { recreateDatabase } from "./load-postgres.js";
import { machineShare, readCpuTimes } from "./machine-share.js";

/**
 * npm run bench -- jobs [--engine postgres|pglite] [--waiting 0,1000,100000]
 *
 * Taking the next job as the queue grows. For each size, the jobs table holds that many waiting jobs
 * (a tenth due within the last hour, the rest spread over the next 7 days, five types) plus 6,000 due jobs
 * to take. Then: the latency of claiming one job (1,000 claims, one at a time, each completed untimed), and
 * claim + complete throughput with 4 concurrent workers (4,000 jobs), on the app's own pool.
 */
export type JobsBenchOptions = {
  engine: "postgres" | "pglite";
  serverUrl: string;
  database: string;
  waiting: number[];
};

const types = ["mail.send", "imap.fetch", "sla.sweep", "ticket.auto-close", "suggest.retrain"].map(
  (name) => ({
    name,
    leaseMs: 120_000,
  }),
);
const toTake = 6_000;
const latencySamples = 1_000;
const throughputJobs = 4_000;
const workers = 4;

async function load(db: Kysely<DB>, waiting: number): Promise<void> {
  await sql`truncate jobs`.execute(db);
  await sql`
    insert into jobs (id, name, payload, run_at)
    select gen_random_uuid(), (${sql.val(types.map((t) => t.name))}::text[])[1 + i % 5],
      jsonb_build_object('outbox_id', i),
      case when i % 10 = 0 then now() - random() * interval '1 hour'
        else now() + random() * interval '7 days' end
    from generate_series(1, ${waiting}) as i`.execute(db);
  await sql`
    insert into jobs (id, name, payload, run_at)
    select gen_random_uuid(), (${sql.val(types.map((t) => t.name))}::text[])[1 + i % 5],
      jsonb_build_object('outbox_id', i), now() - interval '2 hours' + i * interval '1 millisecond'
    from generate_series(1, ${toTake}) as i`.execute(db);
  await sql`vacuum analyze jobs`.execute(db);
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

async function claimOne(db: Kysely<DB>, runnerId: string): Promise<number> {
  const started = performance.now();
  const [job] = await claimJobs(db, { runnerId, types, limit: 1 });
  const elapsed = performance.now() - started;
  if (!job) throw new Error("no due job left to claim");
  await completeJob(db, runnerId, job);
  return elapsed;
}

type Figures = { waiting: number; p50: number; p95: number; p99: number; perSecond: number; p99Busy: number };

async function measure(db: Kysely<DB>, waiting: number): Promise<Figures> {
  await load(db, waiting);
  // Warm-up: plans and caches.
  for (let i = 0; i < 50; i++) await claimOne(db, "bench");
  const single: number[] = [];
  for (let i = 0; i < latencySamples; i++) single.push(await claimOne(db, "bench"));
  single.sort((a, b) => a - b);

  const busy: number[] = [];
  let left = throughputJobs;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      while (left > 0) {
        left -= 1;
        busy.push(await claimOne(db, `bench-${w}`));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  busy.sort((a, b) => a - b);
  return {
    waiting,
    p50: percentile(single, 50),
    p95: percentile(single, 95),
    p99: percentile(single, 99),
    perSecond: throughputJobs / seconds,
    p99Busy: percentile(busy, 99),
  };
}

async function explain(db: Kysely<DB>): Promise<string> {
  const statement = claimStatement({ runnerId: "explain", types, limit: 1 });
  const { rows } = await sql<{ "QUERY PLAN": string }>`explain (analyze, buffers) ${statement}`.execute(db);
  return rows.map((r) => r["QUERY PLAN"]).join("\n");
}

async function open(options: JobsBenchOptions): Promise<Database> {
  if (options.engine === "pglite") {
    const database = await openPglite();
    await migrateUp(database.db);
    return database;
  }
  await recreateDatabase(options.serverUrl, options.database);
  const database = await openPostgres(databaseUrlFor(options.serverUrl, options.database));
  await migrateUp(database.db);
  return database;
}

export async function runJobsBench(options: JobsBenchOptions): Promise<void> {
  const database = await open(options);
  const cpuBefore = readCpuTimes();
  const rows: Figures[] = [];
  let plan = "";
  try {
    for (const waiting of options.waiting) {
      rows.push(await measure(database.db, waiting));
      if (waiting === Math.max(...options.waiting)) plan = await explain(database.db);
    }
  } finally {
    await database.close();
  }
  const share = machineShare(cpuBefore, readCpuTimes());
  const f = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(0));
  console.log(
    `\njobs bench: ${options.engine}; machine busy ${share.busyPercent.toFixed(0)}%, steal ${share.stealPercent.toFixed(0)}%`,
  );
  console.log(
    `| waiting | claim one p50 ms | p95 ms | p99 ms | claim+complete/s (${workers} workers) | claim p99 ms under ${workers} workers |`,
  );
  console.log("| ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const r of rows)
    console.log(
      `| ${r.waiting.toLocaleString("en-US")} | ${f(r.p50)} | ${f(r.p95)} | ${f(r.p99)} | ${Math.round(r.perSecond).toLocaleString("en-US")} | ${f(r.p99Busy)} |`,
    );
  console.log(
    `\nEXPLAIN ANALYZE of the claim with ${Math.max(...options.waiting).toLocaleString("en-US")} waiting:\n${plan}`,
  );
}
