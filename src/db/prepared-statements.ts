import { createHash } from "node:crypto";
import type pg from "pg";

/** Statements named (prepared) per connection at most; past it they run unnamed, as before. */
export const maxPreparedPerConnection = 250;

/**
 * Statements that stay unnamed: searches. A prepared statement may switch to a generic plan after five
 * runs, chosen for an "average" search term; for full-text and ILIKE conditions the right plan depends on
 * how rare the word is (walk the newest tickets for a common word, the GIN index for a rare one), so they
 * keep being planned for their own parameters. Utility statements (begin, commit, set) are never named.
 */
export function shouldPrepare(text: string): boolean {
  return (
    /^\s*(select|insert|update|delete|with)\b/i.test(text) && !/websearch_to_tsquery|\bilike\b/i.test(text)
  );
}

export const statementName = (text: string) =>
  `td_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;

const preparing = Symbol("ticketdesk.preparing");
type PreparingClient = pg.PoolClient & { [preparing]?: Set<string> };

/**
 * Names the pooled client's statements so PostgreSQL parses each once per connection and, after five runs,
 * may keep a generic plan instead of planning every request: a ticket lookup by id went from 0.27 to 0.13 ms
 * and a list page from 2.0 to 1.8 ms (bench/README.md). Kysely calls query(text, values); pg's named form
 * is query({ name, text, values }), and pg remembers which names each connection has prepared.
 */
export function prepareStatementsOf(client: pg.PoolClient): pg.PoolClient {
  const wrapped = client as PreparingClient;
  if (wrapped[preparing]) return client;
  const names = new Set<string>();
  wrapped[preparing] = names;
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (first: unknown, values?: unknown, ...rest: unknown[]) => {
    if (typeof first !== "string" || !Array.isArray(values) || rest.length > 0 || !shouldPrepare(first))
      return query(first, values, ...rest);
    const name = statementName(first);
    if (!names.has(name)) {
      if (names.size >= maxPreparedPerConnection) return query(first, values);
      names.add(name);
    }
    return query({ name, text: first, values });
  };
  return client;
}

/** Every new connection of the pool prepares its statements (pg emits "connect" before handing it out). */
export function prepareStatementsIn(pool: pg.Pool): pg.Pool {
  pool.on("connect", (client) => {
    prepareStatementsOf(client);
  });
  return pool;
}
