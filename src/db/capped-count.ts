import { type Kysely, type SelectQueryBuilder, sql } from "kysely";
import { literalCount } from "./page-window.js";

/** Lists count at most this many matches: past it the count says "at least" (count_capped). */
export const countCap = 10_000;

export type CappedCount = { count: number; countCapped: boolean };

/**
 * Matches of `query` counted up to `cap` + 1 rows (`select count(*) from (select 1 … limit cap + 1)`), so a
 * broad filter costs the same as a narrow one. Past the cap, `count` is the cap and `countCapped` is true.
 */
export async function cappedCount<DB, D, T extends keyof D, O>(
  db: Kysely<DB>,
  query: SelectQueryBuilder<D, T, O>,
  cap: number = countCap,
): Promise<CappedCount> {
  const { rows } = await sql<{ n: number }>`select ${cappedCountExpression(query, cap)} as n`.execute(db);
  return cappedResult(rows[0]?.n ?? 0, cap);
}

/**
 * The same count as a scalar subquery, to ride along in another statement (a list page carries its own
 * count, so a page is one round trip). It counts at most cap + 1 matches.
 */
export function cappedCountExpression<D, T extends keyof D, O>(
  query: SelectQueryBuilder<D, T, O>,
  cap: number,
) {
  // The cap is written as a number, for the same reason as a page's LIMIT (page-window.ts).
  const counted = query.select(sql`1`.as("one")).limit(literalCount(cap + 1));
  return sql<number>`(select count(*)::int from (${counted}) as c)`;
}

/** A count of at most cap + 1 matches, as the API says it. */
export function cappedResult(n: number, cap: number): CappedCount {
  return n > cap ? { count: cap, countCapped: true } : { count: n, countCapped: false };
}
