import { type Kysely, type SelectQueryBuilder, sql } from "kysely";

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
  const counted = query.select(sql`1`.as("one")).limit(cap + 1);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from (${counted}) as c`.execute(db);
  const n = rows[0]?.n ?? 0;
  return n > cap ? { count: cap, countCapped: true } : { count: n, countCapped: false };
}
