import { type Kysely, sql } from "kysely";
import type { DB } from "./schema.js";

/**
 * What autovacuum does on PostgreSQL, for the embedded engine: PGlite runs PostgreSQL as a single
 * standalone backend, so no autovacuum worker ever runs there. Without it the planner keeps the
 * statistics of the day the tables were empty (a broad search is never estimated, plans are guessed),
 * and the counter rows every ticket write updates (ticket_counts, ticket_counters) are only pruned, never
 * vacuumed.
 *
 * Every `intervalMs` the counter tables are vacuumed (a few pages: milliseconds). The whole database is
 * vacuumed and analysed when the number of tickets moved by more than autovacuum's own bar since the last
 * ANALYZE (50 + 10% of the tickets PostgreSQL last counted, pg_class.reltuples, which survives restarts);
 * at 100,000 tickets that pass holds the engine about 2 s, once per 10,000 tickets.
 */
export const maintenanceIntervalMs = 10 * 60_000;

/** autovacuum_analyze_threshold and autovacuum_analyze_scale_factor, PostgreSQL's defaults. */
export function needsAnalyze(tickets: number, lastCounted: number): boolean {
  if (lastCounted < 0) return tickets > 0;
  return Math.abs(tickets - lastCounted) > 50 + 0.1 * lastCounted;
}

export type MaintenancePass = { analyzed: boolean; tickets: number; ms: number };

export async function maintainEmbedded(db: Kysely<DB>): Promise<MaintenancePass> {
  const started = performance.now();
  const { rows } = await sql<{ tickets: number; counted: number }>`
    select (select coalesce(sum(n), 0) from ticket_counts)::float8 as tickets,
           (select reltuples from pg_class where oid = 'tickets'::regclass)::float8 as counted`.execute(db);
  const tickets = Number(rows[0]?.tickets ?? 0);
  const analyzed = needsAnalyze(tickets, Number(rows[0]?.counted ?? -1));
  if (analyzed) await sql`vacuum (analyze)`.execute(db);
  else await sql`vacuum (analyze) ticket_counts, ticket_counters`.execute(db);
  return { analyzed, tickets, ms: Math.round(performance.now() - started) };
}

type Log = {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
};

/** Runs `maintainEmbedded` every interval until stopped; a pass never overlaps the next. */
export function startEmbeddedMaintenance(
  db: Kysely<DB>,
  log: Log,
  intervalMs = maintenanceIntervalMs,
): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const pass = () => {
    running ??= maintainEmbedded(db)
      .then((done) => {
        if (done.analyzed) log.info(done, "Embedded database vacuumed and analysed");
      })
      .catch((error: unknown) => log.error({ err: error }, "Embedded database maintenance failed"))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(pass, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
