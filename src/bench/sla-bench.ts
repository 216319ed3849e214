import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { loadConfig } from "../config/config.js";
import { openPostgres, postgresConnectionOptions } from "../db/database.js";
import { migrateUp } from "../db/migrator.js";
import { pgTypes } from "../db/pg-types.js";
import type { DB } from "../db/schema.js";
import { sendMailJob } from "../email/outbox.repository.js";
import type { AppContext } from "../server/context.js";
import { type SweepResult, sweepSla } from "../sla/sla-sweep.js";
import { findAutoCloseDays } from "../sla/sla-sweep.repository.js";
import { createTestContext } from "../test/test-context.js";
import { databaseUrlFor, isLocalServer, transportOf } from "./bench-url.js";
import { loadGeneratorCpuMs, postgresCpuBetween, postgresCpuByPid } from "./cpu-split.js";
import { machineShare, readCpuTimes } from "./machine-share.js";
import { machine, unusedReportPath, versions } from "./report.js";

/**
 * npm run bench -- sla [--database NAME] [--due 1000] [--passes 20] [--repeat 3]
 *
 * The SLA sweep (src/sla/sla-sweep.ts) on a loaded PostgreSQL data set (`bench load`), through a real
 * AppContext, as the `sla.sweep` job runs it every 15 s. Issue 21's targets at 1,000,000 tickets: a pass
 * (warnings + breaches + auto-close) ≤ 100 ms when nothing is due, 1,000 due tickets handled in ≤ 2 s.
 *
 * (a) `passes` passes with nothing due. The data set's next checks are all after the moment it was generated
 *     (dataset-sla.ts), but the load took minutes: the sweep runs at the latest instant ≤ now at which no
 *     check and no auto-close is due (`quietInstant`), and what a sweep at the real now would find is
 *     reported beside it.
 * (b) `due` open tickets with an assignee, past their resolution target and already announced as breached,
 *     set back to "warning" with their next check due: one pass announces `due` breaches (an event each, the
 *     assignee's notice and the escalation's notice to the team's admins in the outbox, with their send jobs
 *     as under SMTP_URL), checked by counting the sla_breached events written.
 * (c) `due` closed tickets set back to resolved (resolved long before the auto-close setting): one pass
 *     closes them all.
 * (b) and (c) run `repeat` times; after each, what the pass wrote (events, outbox rows, jobs) is deleted and
 * the tickets' columns restored, then the touched tables are vacuumed, so the data set stays as loaded.
 */
export type SlaBenchOptions = {
  serverUrl: string;
  database: string;
  due: number;
  passes: number;
  repeat: number;
};

const day = 86_400_000;

/**
 * The latest instant ≤ `now` at which a sweep has nothing to do: before the earliest next check (the claim
 * takes checks ≤ now) and no later than the oldest resolved ticket's resolution + the auto-close setting (it
 * closes those resolved before now − days).
 */
export function quietInstant(input: {
  now: Date;
  nextCheck: Date | null;
  oldestResolved: Date | null;
  autoCloseDays: number | null;
}): Date {
  let quiet = input.now.getTime();
  if (input.nextCheck) quiet = Math.min(quiet, input.nextCheck.getTime() - 1);
  if (input.oldestResolved && input.autoCloseDays !== null)
    quiet = Math.min(quiet, input.oldestResolved.getTime() + input.autoCloseDays * day);
  return new Date(quiet);
}

export type Timings = { n: number; min: number; median: number; p95: number; max: number };

/** Nearest-rank percentiles of a few timings (ms). */
export function summarize(samples: readonly number[]): Timings {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
  return {
    n: sorted.length,
    min: sorted[0] ?? Number.NaN,
    median: rank(50),
    p95: rank(95),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

type Pass = { ms: number; nodeCpuMs: number; postgresCpuMs: number | undefined; result: SweepResult };

async function timedPass(ctx: AppContext, now: Date, local: boolean): Promise<Pass> {
  const pgBefore = local ? postgresCpuByPid() : undefined;
  const cpuBefore = loadGeneratorCpuMs();
  const started = performance.now();
  const result = await sweepSla(ctx, now);
  const ms = performance.now() - started;
  const nodeCpuMs = loadGeneratorCpuMs() - cpuBefore;
  const pgAfter = pgBefore ? postgresCpuByPid() : undefined;
  return {
    ms,
    nodeCpuMs,
    postgresCpuMs: pgBefore && pgAfter ? postgresCpuBetween(pgBefore, pgAfter) : undefined,
    result,
  };
}

/** The columns a sweep writes on a ticket (writeSlaRows, an escalation, the auto-close), as they were. */
const savedColumns = sql`id, status::text, priority::text, assigned_team, updated_at, closed_at,
  first_response_due_at, resolution_due_at, sla_resolution_started_at, sla_paused_at, sla_paused_minutes,
  sla_first_response_notice, sla_resolution_notice, sla_next_check_at, sla_next_due_at, due_date,
  due_date_from_sla`;

async function saveTickets(db: Kysely<DB>, ids: string[]): Promise<unknown[]> {
  const { rows } = await sql<Record<string, unknown>>`
    select ${savedColumns} from tickets where id = any(${ids}::uuid[])`.execute(db);
  return rows;
}

/** Puts the saved columns back (updated_at included: the trigger keeps a value the statement sets). */
async function restoreTickets(db: Kysely<DB>, saved: unknown[]): Promise<void> {
  await sql`
    update tickets t set status = s.status::ticket_status, priority = s.priority::ticket_priority,
      assigned_team = s.assigned_team, updated_at = s.updated_at, closed_at = s.closed_at,
      first_response_due_at = s.first_response_due_at, resolution_due_at = s.resolution_due_at,
      sla_resolution_started_at = s.sla_resolution_started_at, sla_paused_at = s.sla_paused_at,
      sla_paused_minutes = s.sla_paused_minutes, sla_first_response_notice = s.sla_first_response_notice,
      sla_resolution_notice = s.sla_resolution_notice, sla_next_check_at = s.sla_next_check_at,
      sla_next_due_at = s.sla_next_due_at, due_date = s.due_date, due_date_from_sla = s.due_date_from_sla
    from jsonb_to_recordset(${JSON.stringify(saved)}::jsonb) as s(id uuid, status text, priority text,
      assigned_team uuid, updated_at timestamptz, closed_at timestamptz, first_response_due_at timestamptz,
      resolution_due_at timestamptz, sla_resolution_started_at timestamptz, sla_paused_at timestamptz,
      sla_paused_minutes double precision, sla_first_response_notice text, sla_resolution_notice text,
      sla_next_check_at timestamptz, sla_next_due_at timestamptz, due_date timestamptz, due_date_from_sla boolean)
    where t.id = s.id`.execute(db);
}

/** Deletes what a pass at `at` wrote for these tickets: history events, outbox rows and their send jobs. */
async function removeSweepWrites(db: Kysely<DB>, ids: string[], at: Date, since: Date) {
  const events = await sql`
    delete from ticket_events
    where ticket_id = any(${ids}::uuid[]) and created_at = ${at} and actor_id is null
      and type in ('sla_warning', 'sla_breached', 'field_changed')`.execute(db);
  const mails = await sql<{ id: string }>`
    delete from outbound_mails
    where ticket_id = any(${ids}::uuid[]) and kind in ('sla-warning', 'sla-breached') and created_at >= ${since}
    returning id`.execute(db);
  const keys = mails.rows.map((m) => `${sendMailJob}:${m.id}`);
  if (keys.length > 0) await sql`delete from jobs where key = any(${keys}::text[])`.execute(db);
  return { events: Number(events.numAffectedRows ?? 0), mails: mails.rows.length };
}

type DueRun = Pass & { events: number; tickets: number; mails: number; jobs: number };

/** (b): `count` breaches due at `at`, one pass, verified, then undone. */
async function breachesPass(ctx: AppContext, at: Date, count: number, local: boolean): Promise<DueRun> {
  const { db } = ctx;
  // Open, with an assignee, past the resolution target and announced; the first response given or its breach
  // announced too: one announcement each when set back. The most recently breached: those the index reaches.
  const { rows } = await sql<{ id: string }>`
    select id from tickets
    where sla_next_due_at < ${at} and status in ('assigned', 'in_progress') and assigned_to is not null
      and sla_resolution_notice = 'breached' and sla_next_check_at is null
      and (first_response_at is not null or sla_first_response_notice = 'breached')
    order by sla_next_due_at desc, id desc
    limit ${count}`.execute(db);
  const ids = rows.map((r) => r.id);
  if (ids.length < count) throw new Error(`only ${ids.length} open tickets to breach, ${count} asked`);
  const saved = await saveTickets(db, ids);
  const since = new Date(Date.now() - 60_000);
  try {
    await sql`
      update tickets set sla_resolution_notice = 'warning', sla_next_check_at = ${new Date(at.getTime() - 1_000)}
      where id = any(${ids}::uuid[])`.execute(db);
    const pass = await timedPass(ctx, at, local);
    const { rows: written } = await sql<{ events: number; tickets: number; mails: number; jobs: number }>`
      select
        (select count(*)::int from ticket_events
          where ticket_id = any(${ids}::uuid[]) and created_at = ${at} and type = 'sla_breached') as events,
        (select count(distinct ticket_id)::int from ticket_events
          where ticket_id = any(${ids}::uuid[]) and created_at = ${at} and type = 'sla_breached') as tickets,
        (select count(*)::int from outbound_mails
          where ticket_id = any(${ids}::uuid[]) and kind = 'sla-breached' and created_at >= ${since}) as mails,
        (select count(*)::int from jobs j join outbound_mails o on j.key = ${`${sendMailJob}:`} || o.id
          where o.ticket_id = any(${ids}::uuid[]) and o.kind = 'sla-breached' and o.created_at >= ${since}) as jobs
    `.execute(db);
    const w = written[0] ?? { events: 0, tickets: 0, mails: 0, jobs: 0 };
    if (w.events !== count || w.tickets !== count || pass.result.announced !== count)
      throw new Error(
        `expected ${count} breaches announced, one per ticket: ${w.events} events on ${w.tickets} tickets, sweep said ${JSON.stringify(pass.result)}`,
      );
    return { ...pass, ...w };
  } finally {
    await removeSweepWrites(db, ids, at, since);
    await restoreTickets(db, saved);
  }
}

/** (c): `count` resolved tickets past the auto-close at `at`, one pass, verified, then undone. */
async function autoClosePass(
  ctx: AppContext,
  at: Date,
  days: number,
  count: number,
  local: boolean,
): Promise<DueRun> {
  const { db } = ctx;
  const { rows } = await sql<{ id: string }>`
    select id from tickets
    where status = 'closed' and resolved_at < ${new Date(at.getTime() - days * day)}
    limit ${count}`.execute(db);
  const ids = rows.map((r) => r.id);
  if (ids.length < count) throw new Error(`only ${ids.length} closed tickets to reopen as resolved`);
  const saved = await saveTickets(db, ids);
  const since = new Date(Date.now() - 60_000);
  try {
    await sql`update tickets set status = 'resolved', closed_at = null where id = any(${ids}::uuid[])`.execute(
      db,
    );
    const pass = await timedPass(ctx, at, local);
    const { rows: written } = await sql<{ events: number; tickets: number }>`
      select count(*)::int as events, count(distinct ticket_id)::int as tickets from ticket_events
      where ticket_id = any(${ids}::uuid[]) and created_at = ${at} and type = 'field_changed'
        and field = 'status' and new_value = 'closed'`.execute(db);
    const w = written[0] ?? { events: 0, tickets: 0 };
    if (pass.result.closed !== count || w.events !== count || w.tickets !== count)
      throw new Error(
        `expected ${count} tickets closed: ${w.events} events on ${w.tickets} tickets, sweep said ${JSON.stringify(pass.result)}`,
      );
    return { ...pass, ...w, mails: 0, jobs: 0 };
  } finally {
    await removeSweepWrites(db, ids, at, since);
    await restoreTickets(db, saved);
  }
}

type Statement = { sql: string; parameters: readonly unknown[]; ms: number };

/** Runs `work` on an AppContext whose Kysely logs every statement (a plain pg pool, not pipelined). */
async function capture(url: string, work: (ctx: AppContext) => Promise<unknown>): Promise<Statement[]> {
  const captured: Statement[] = [];
  const pool = new pg.Pool({ connectionString: url, max: 10, types: pgTypes() });
  const logged = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log: (e) => {
      if (e.level === "query")
        captured.push({ sql: e.query.sql, parameters: e.query.parameters, ms: e.queryDurationMillis });
    },
  });
  try {
    await work(benchContext(logged));
  } finally {
    await logged.destroy();
  }
  // Kysely logs transaction control too.
  return captured.filter((c) => /^\s*(select|insert|update|delete|with)\b/i.test(c.sql));
}

/** How many times each statement ran and for how long in all (ms), longest first (text shortened). */
export function statementTotals(
  statements: readonly { sql: string; ms: number }[],
): { sql: string; n: number; ms: number }[] {
  const totals = new Map<string, { n: number; ms: number }>();
  for (const s of statements) {
    const text = s.sql.replace(/\s+/g, " ").trim().slice(0, 100);
    const total = totals.get(text) ?? { n: 0, ms: 0 };
    total.n += 1;
    total.ms += s.ms;
    totals.set(text, total);
  }
  return [...totals].map(([sql, t]) => ({ sql, ...t })).sort((a, b) => b.ms - a.ms || b.n - a.n);
}

/**
 * The sweep's own statements among those of a bench step: from its first claim of due checks to its last
 * auto-close statement (the bench's setup before and checks after left out).
 */
export function sweepOnly<S extends { sql: string }>(statements: readonly S[]): S[] {
  const first = statements.findIndex(
    (s) => /for update skip locked/i.test(s.sql) && /sla_next_check_at/.test(s.sql),
  );
  let last = -1;
  statements.forEach((s, i) => {
    if (/with due as/i.test(s.sql)) last = i;
  });
  return first < 0 || last < first ? [] : statements.slice(first, last + 1);
}

/** EXPLAIN (ANALYZE, BUFFERS) of each statement, each in a transaction rolled back. */
async function explainStatements(url: string, statements: readonly Statement[]): Promise<string> {
  const client = new pg.Client({ connectionString: url, options: postgresConnectionOptions });
  await client.connect();
  const out: string[] = [];
  try {
    for (const s of statements) {
      await client.query("begin");
      try {
        const result = await client.query<{ "QUERY PLAN": string }>(
          `explain (analyze, buffers) ${s.sql}`,
          s.parameters as unknown[],
        );
        out.push(
          `-- ${s.sql.replace(/\s+/g, " ").slice(0, 160)}\n${result.rows.map((r) => r["QUERY PLAN"]).join("\n")}`,
        );
      } finally {
        await client.query("rollback");
      }
    }
  } finally {
    await client.end();
  }
  return out.join("\n\n");
}

/**
 * The AppContext a server builds (app.ts), without HTTP; SMTP_URL set so notices get their send jobs, as on a
 * desk that sends mail (nothing sends them here: the bench deletes them).
 */
function benchContext(db: Kysely<DB>): AppContext {
  return {
    ...createTestContext(db, "postgres"),
    config: loadConfig({ SMTP_URL: "smtp://127.0.0.1:9", DATA_DIR: os.tmpdir() }),
  };
}

const f1 = (v: number) =>
  Number.isNaN(v) ? "-" : v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0);
const int = (v: number) => Math.round(v).toLocaleString("en-US");

export async function runSlaBench(options: SlaBenchOptions): Promise<void> {
  const url = databaseUrlFor(options.serverUrl, options.database);
  const local = isLocalServer(url);
  const database = await openPostgres(url);
  const notes: string[] = [];
  const rows: string[] = [];
  let plans = "";
  let dataset = "";
  let pgVersion = "?";
  const cpuBefore = readCpuTimes();
  const loadBefore = os.loadavg();
  try {
    const migrated = await migrateUp(database.db);
    if (migrated.length > 0) notes.push(`Migrated the data set first: ${migrated.join(", ")}.`);
    const { db } = database;
    pgVersion =
      (await sql<{ v: string }>`select version() as v`.execute(db)).rows[0]?.v.split(" on ")[0] ?? "?";
    const { rows: facts } = await sql<{
      tickets: number;
      open: number;
      without_sla: number;
      checks: number;
      next_check: Date | null;
      oldest_resolved: Date | null;
    }>`
      select (select count(*)::int from tickets) as tickets,
        (select coalesce(sum(n), 0)::int from ticket_counts where status not in ('resolved', 'closed')) as open,
        (select count(*)::int from tickets where first_response_due_at is null) as without_sla,
        (select count(*)::int from tickets where sla_next_check_at is not null) as checks,
        (select min(sla_next_check_at) from tickets where sla_next_check_at is not null) as next_check,
        (select min(resolved_at) from tickets where status = 'resolved') as oldest_resolved`.execute(db);
    const f = facts[0];
    if (!f || f.tickets === 0)
      throw new Error(`${options.database} has no tickets: npm run bench -- load first`);
    if (f.without_sla > f.tickets / 2)
      throw new Error(
        `${int(f.without_sla)} of ${int(f.tickets)} tickets have no SLA due times: load the data set with this build (npm run bench -- load)`,
      );
    dataset = `${int(f.tickets)} tickets, ${int(f.open)} open, ${int(f.checks)} with a next SLA check to come`;
    const days = await findAutoCloseDays(db);
    const now = new Date();
    const quiet = quietInstant({
      now,
      nextCheck: f.next_check,
      oldestResolved: f.oldest_resolved,
      autoCloseDays: days,
    });
    const { rows: dueNow } = await sql<{ checks: number; closes: number }>`
      select (select count(*)::int from tickets where sla_next_check_at <= ${now}) as checks,
        (select count(*)::int from tickets where status = 'resolved'
          and resolved_at < ${days === null ? null : new Date(now.getTime() - days * day)}) as closes`.execute(
      db,
    );
    notes.push(
      `Sweeps run at ${quiet.toISOString()}, ${((now.getTime() - quiet.getTime()) / 60_000).toFixed(1)} min before the bench started: the latest instant with no check and no auto-close due. At the real now a first pass would have announced for ${int(dueNow[0]?.checks ?? 0)} tickets and closed ${int(dueNow[0]?.closes ?? 0)} (come due since the data set was generated); not run.`,
    );

    const ctx = benchContext(db);
    // Warm: the policy book (reloaded once a minute in a server), plans, connections.
    await ctx.sla.policyFor(db, "low", null);
    for (let i = 0; i < 3; i++) await sweepSla(ctx, quiet);

    // (a)
    const quietPasses: Pass[] = [];
    for (let i = 0; i < options.passes; i++) quietPasses.push(await timedPass(ctx, quiet, local));
    const busy = quietPasses.filter((p) => p.result.checked + p.result.closed > 0);
    if (busy.length > 0)
      throw new Error(`a pass with nothing due found work: ${JSON.stringify(busy[0]?.result)}`);
    const a = summarize(quietPasses.map((p) => p.ms));
    const cpu = (passes: Pass[]) => {
      const node = passes.reduce((s, p) => s + p.nodeCpuMs, 0) / passes.length;
      const pgs = passes.map((p) => p.postgresCpuMs);
      const pgMean = pgs.every((v) => v !== undefined)
        ? pgs.reduce((s, v) => s + v, 0) / pgs.length
        : undefined;
      return `${f1(node)} / ${pgMean === undefined ? "-" : f1(pgMean)}`;
    };
    rows.push(
      `| (a) nothing due | 0 | ${a.n} | ${f1(a.min)} | ${f1(a.median)} | ${f1(a.p95)} | ${f1(a.max)} | ${cpu(quietPasses)} | - | ≤ 100 ms (p95) | ${a.p95 <= 100 ? "pass" : "MISS"} |`,
    );
    process.stderr.write(`(a) nothing due: median ${f1(a.median)} ms, p95 ${f1(a.p95)} ms\n`);

    // (b)
    const breaches: DueRun[] = [];
    for (let i = 0; i < options.repeat; i++) {
      breaches.push(await breachesPass(ctx, quiet, options.due, local));
      process.stderr.write(`(b) ${options.due} breaches: ${f1(breaches.at(-1)?.ms ?? Number.NaN)} ms\n`);
    }
    const b = summarize(breaches.map((p) => p.ms));
    const last = breaches.at(-1);
    rows.push(
      `| (b) ${int(options.due)} breaches due | ${int(options.due)} | ${b.n} | ${f1(b.min)} | ${f1(b.median)} | - | ${f1(b.max)} | ${cpu(breaches)} | ${int(last?.events ?? 0)} sla_breached events on ${int(last?.tickets ?? 0)} tickets; ${int(last?.mails ?? 0)} notices (${int(last?.jobs ?? 0)} send jobs) | ≤ 2 s (max) | ${b.max <= 2000 ? "pass" : "MISS"} |`,
    );

    // (c)
    if (days === null)
      notes.push("(c) skipped: auto-close is off (app_settings.auto_close_after_days null).");
    else {
      const closes: DueRun[] = [];
      for (let i = 0; i < options.repeat; i++) {
        closes.push(await autoClosePass(ctx, quiet, days, options.due, local));
        process.stderr.write(`(c) ${options.due} auto-closes: ${f1(closes.at(-1)?.ms ?? Number.NaN)} ms\n`);
      }
      const c = summarize(closes.map((p) => p.ms));
      rows.push(
        `| (c) ${int(options.due)} resolved past auto-close (${days} days) | ${int(options.due)} | ${c.n} | ${f1(c.min)} | ${f1(c.median)} | - | ${f1(c.max)} | ${cpu(closes)} | ${int(closes.at(-1)?.events ?? 0)} status events | ≤ 2 s (max) | ${c.max <= 2000 ? "pass" : "MISS"} |`,
      );
    }

    plans = await explainStatements(url, await capture(url, (c) => sweepSla(c, quiet)));
    // One more pass of (b) on a logging pool: which statements the sweep runs, how often, how long.
    const sweepStatements = sweepOnly(
      await capture(url, async (c) => {
        await c.sla.policyFor(c.db, "low", null);
        await breachesPass(c, quiet, options.due, false);
      }),
    );
    const totals = statementTotals(sweepStatements);
    notes.push(
      `One pass of (b) on a logging pool (not pipelined): ${int(sweepStatements.length)} statements, ${f1(
        totals.reduce((sum, s) => sum + s.ms, 0),
      )} ms in the database by the client's clock; the longest in all: ${totals
        .slice(0, 6)
        .map((s) => `${int(s.n)} × \`${s.sql}…\` ${f1(s.ms)} ms`)
        .join("; ")}.`,
    );
    const started = performance.now();
    await sql`vacuum tickets, ticket_events, outbound_mails, jobs`.execute(db);
    notes.push(
      `What (b) and (c) wrote was deleted and the tickets' columns restored after each pass; then \`vacuum tickets, ticket_events, outbound_mails, jobs\` (${((performance.now() - started) / 1000).toFixed(1)} s).`,
    );
  } finally {
    await database.close();
  }
  const share = machineShare(cpuBefore, readCpuTimes());
  notes.push(
    `Machine busy ${share.busyPercent.toFixed(0)}%, steal ${share.stealPercent.toFixed(0)}% over the bench; load average before ${loadBefore.map((v) => v.toFixed(1)).join(" / ")}, after ${os
      .loadavg()
      .map((v) => v.toFixed(1))
      .join(" / ")}.`,
  );

  const date = new Date().toISOString().slice(0, 10);
  const file = unusedReportPath(path.resolve("bench/results"), `${date}-sla-postgres`);
  const body = [
    `# Ticketdesk SLA sweep benchmark — postgres, ${date}`,
    "",
    `Command: \`npm run bench -- sla --database ${options.database} --due ${options.due} --passes ${options.passes} --repeat ${options.repeat}\``,
    "",
    `Machine: ${machine()}; the sweep runs in the bench's process (\`sweepSla\` through an AppContext as a server builds it, pool of 10), PostgreSQL through ${transportOf(url)}.`,
    "",
    `Versions: ${Object.entries(versions(pgVersion))
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}.`,
    "",
    `Data set: ${dataset} (npm run bench -- load).`,
    "",
    `One pass = \`sweepSla(ctx, now)\`: claim the due checks (batches of 500, each a transaction), announce, escalate, queue notices, then the auto-close. CPU ms per pass: the bench's process (the sweep's JavaScript) / every \`postgres\` process on the machine (other sessions' included).`,
    "",
    "| pass | due tickets | passes | min ms | median ms | p95 ms | max ms | CPU ms/pass: node / PostgreSQL | written | target | result |",
    `|${" --- |".repeat(11)}`,
    ...rows,
    "",
    ...notes.map((n) => `- ${n}`),
    "",
    "EXPLAIN (ANALYZE, BUFFERS) of a pass with nothing due, statement by statement (each rolled back):",
    "",
    "```",
    plans,
    "```",
    "",
  ].join("\n");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, body);
  console.log(body);
  console.log(`\nwritten to ${file}`);
}
