import { finished } from "node:stream/promises";
import type { PGlite } from "@electric-sql/pglite";
import { type Kysely, sql } from "kysely";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { DB } from "../db/schema.js";
import { createBenchUsers } from "./bench-schema.js";
import { batchTables, companyColumns, contactColumns, Dataset } from "./dataset.js";

/** Sends COPY text for a table: PGlite reads a Blob, PostgreSQL a COPY stream. */
export type Copier = (table: string, columns: readonly string[], text: string) => Promise<void>;

export function pgliteCopier(pglite: PGlite): Copier {
  return async (table, columns, text) => {
    if (!text) return;
    await pglite.query(`copy ${table} (${columns.join(", ")}) from '/dev/blob'`, [], {
      blob: new Blob([text]),
    });
  };
}

export function postgresCopier(url: string): Copier {
  return async (table, columns, text) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const stream = client.query(copyFrom(`copy ${table} (${columns.join(", ")}) from stdin`));
      stream.end(text);
      await finished(stream);
    } finally {
      await client.end();
    }
  };
}

/**
 * A mid-sized data set into an already migrated database, indexes in place (tests): the same
 * generator as the benchmark, then ANALYZE so the planner sees realistic statistics.
 */
export async function loadDataset(
  db: Kysely<DB>,
  copy: Copier,
  options: { tickets: number; companies: number; agents: number; seed?: string },
): Promise<{ tickets: number; comments: number }> {
  const reference = await createBenchUsers(db, options.agents);
  const dataset = new Dataset(
    {
      tickets: options.tickets,
      companies: options.companies,
      contactsPerCompany: 10,
      seed: options.seed ?? "ticketdesk-bench",
      now: new Date(),
      years: 2,
    },
    reference,
  );
  const directory = dataset.directory();
  await copy("companies", companyColumns, directory.companies);
  await copy("contacts", contactColumns, directory.contacts);
  let comments = 0;
  const size = 10_000;
  // The generator writes each ticket's comment counts itself; the trigger would count them twice.
  await sql`alter table ticket_comments disable trigger ticket_comments_counts_insert_delete`.execute(db);
  for (let from = 0; from < options.tickets; from += size) {
    const batch = dataset.batch(from, Math.min(options.tickets, from + size));
    for (const { table, columns, text } of batchTables) await copy(table, columns, text(batch));
    comments += batch.commentCount;
  }
  await sql`alter table ticket_comments enable trigger ticket_comments_counts_insert_delete`.execute(db);
  await copy("ticket_counters", ["day", "last"], dataset.counters());
  await sql`vacuum (analyze)`.execute(db);
  return { tickets: options.tickets, comments };
}
