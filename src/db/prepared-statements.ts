import { createHash } from "node:crypto";
import type pg from "pg";

/** Statements named (prepared) per connection at most; past it they run unnamed, as before. */
export const maxPreparedPerConnection = 250;

/**
 * Statements that stay unnamed: full-text and pattern (ILIKE) searches. A prepared statement may switch
 * to a generic plan after five runs, chosen without the search term; the right plan depends on the term
 * (walk the newest tickets for a common word, the GIN index for a rare one; a trigram index only knows
 * its trigrams from the pattern). Even the search's lookup of matching companies and contacts went from
 * 0.6 ms with the trigram indexes to 14 ms scanning 10,000 contacts on its sixth run (bench/README.md),
 * so they keep being planned for their own parameters. Utility statements (begin, commit, set) are never
 * named.
 */
export function shouldPrepare(text: string): boolean {
  if (!/^\s*(select|insert|update|delete|with)\b/i.test(text)) return false;
  return !/websearch_to_tsquery|\bilike\b/i.test(text);
}

export const statementName = (text: string) =>
  `td_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;

/** The name a statement is prepared under, or undefined; remembered per text (a hash and three regexes per query add up). */
const preparedNames = new Map<string, string | undefined>();
const maxRemembered = 5_000;
function preparedName(text: string): string | undefined {
  if (preparedNames.has(text)) return preparedNames.get(text);
  const name = shouldPrepare(text) ? statementName(text) : undefined;
  if (preparedNames.size >= maxRemembered) preparedNames.clear();
  preparedNames.set(text, name);
  return name;
}

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
    const name =
      typeof first === "string" && Array.isArray(values) && rest.length === 0
        ? preparedName(first)
        : undefined;
    if (name === undefined) return query(first, values, ...rest);
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
