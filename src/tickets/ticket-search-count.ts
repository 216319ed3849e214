import type { Compilable, Kysely } from "kysely";
import type { DB } from "../db/schema.js";

/**
 * How a search counts its matches (API: count, count_capped, count_estimated).
 *
 * A narrow search is counted exactly, up to `searchCountCap`. A broad one (a word in 1% of a million tickets
 * is 10,000 matches) answers with PostgreSQL's own estimate instead, from the statistics ANALYZE keeps of
 * the search vectors: counting even the first thousand matches visited a thousand heap pages, 4.4 of the
 * 7 ms a broad search spent in the database (bench/README.md), where the estimate costs a 0.3 ms plan.
 *
 * The estimate is used only where it is grounded. PostgreSQL knows the frequency of the most common
 * lexemes; any other word is guessed at no more than 0.5% of the rows (DEFAULT_TS_MATCH_SEL), so an
 * estimate above that share of all tickets came from the statistics (or from a broad company or contact
 * match), and one at or below it is counted. Before the first ANALYZE (`plannedTickets` < 0) nothing is
 * estimated.
 */
export const groundedShare = 0.005;

export function usesEstimate(estimate: number, plannedTickets: number, cap: number): boolean {
  return plannedTickets > 0 && estimate > cap && estimate > plannedTickets * groundedShare;
}

/** An estimate said with two significant figures (10,868 → 11,000): its precision, no more. */
export function roundedEstimate(n: number): number {
  if (n < 100) return Math.round(n);
  const unit = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.round(n / unit) * unit;
}

/**
 * Estimates by statement and parameters, kept a minute: an estimate changes only when ANALYZE renews the
 * statistics, and the same search comes back as its pages are turned. On PGlite the EXPLAIN was a
 * tenth of a search's time.
 */
const estimates = new Map<string, { rows: number; until: number }>();
const estimateLifetimeMs = 60_000;
const maxEstimates = 1_000;

/** The planner's row estimate for `query` (EXPLAIN, not run), on both engines. */
export async function plannedRows(db: Kysely<DB>, query: Compilable, now = Date.now()): Promise<number> {
  const compiled = query.compile();
  const key = JSON.stringify([compiled.sql, compiled.parameters]);
  const known = estimates.get(key);
  if (known && known.until > now) return known.rows;
  const { rows } = await db.executeQuery<{ "QUERY PLAN": unknown }>({
    ...compiled,
    sql: `explain (format json) ${compiled.sql}`,
  });
  const plan = rows[0]?.["QUERY PLAN"];
  const parsed = (typeof plan === "string" ? JSON.parse(plan) : plan) as [{ Plan: { "Plan Rows": number } }];
  const planned = Number(parsed[0].Plan["Plan Rows"]);
  if (estimates.size >= maxEstimates) estimates.clear();
  estimates.set(key, { rows: planned, until: now + estimateLifetimeMs });
  return planned;
}
