import { type SelectQueryBuilder, sql } from "kysely";

/**
 * A whole number written into the statement itself. LIMIT and OFFSET go in as numbers, not parameters: with
 * parameters a prepared statement's generic plan cannot know how many rows the page wants (PostgreSQL then
 * assumes a tenth of the table), so it never looked cheaper than planning afresh, and every list page was
 * planned again on every request — two of the three milliseconds of a ticket page at a million tickets
 * (bench/README.md). Only integers checked here ever reach the text.
 */
export function literalCount(n: number) {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a row count: ${n}`);
  return sql.lit(n);
}

/** One page of a list: LIMIT and OFFSET as literals (see literalCount). */
export function pageWindow<D, T extends keyof D, O>(
  query: SelectQueryBuilder<D, T, O>,
  page: { limit: number; offset: number },
): SelectQueryBuilder<D, T, O> {
  return query.limit(literalCount(page.limit)).offset(literalCount(page.offset));
}
