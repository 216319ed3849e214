import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { openPostgres } from "../db/database.js";
import { migrateUp } from "../db/migrator.js";
import { createBenchUsers, dropIndexes, type IndexDefinition, secondaryIndexes } from "./bench-schema.js";
import { databaseUrlFor } from "./bench-url.js";
import { batchTables, companyColumns, contactColumns, Dataset, type DatasetOptions } from "./dataset.js";
import { type LoadSummary, Phases, progressBar } from "./load-progress.js";

export type PostgresLoadOptions = {
  serverUrl: string;
  database: string;
  dataset: DatasetOptions;
  agents: number;
};

export async function recreateDatabase(serverUrl: string, database: string): Promise<void> {
  if (!/^ticketdesk_bench\w*$/.test(database))
    throw new Error(`Refusing to recreate ${database}: not a bench database`);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.query(`create database ${database}`);
  } finally {
    await admin.end();
  }
}

async function bulkClient(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // The generated rows are consistent by construction: skip per-row FK triggers and fsyncs.
  await client.query("set session_replication_role = replica");
  await client.query("set synchronous_commit = off");
  return client;
}

async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await new Promise<void>((resolve) => stream.once("drain", () => resolve()));
}

async function copyText(client: pg.Client, table: string, columns: readonly string[], text: string) {
  const stream = client.query(copyFrom(`copy ${table} (${columns.join(", ")}) from stdin`));
  stream.end(text);
  await finished(stream);
}

/** Rebuilds the dropped indexes on two connections, biggest first, with generous sort memory. */
async function rebuildIndexes(url: string, indexes: IndexDefinition[], onDone: (name: string) => void) {
  const queue = [...indexes].sort((a, b) => weight(b) - weight(a));
  const worker = async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("set maintenance_work_mem = '1GB'");
    try {
      for (let next = queue.shift(); next; next = queue.shift()) {
        await client.query(next.definition);
        onDone(next.name);
      }
    } finally {
      await client.end();
    }
  };
  await Promise.all([worker(), worker()]);
}

const weight = (index: IndexDefinition) =>
  (index.table === "tickets" ? 1 : 4) * (index.definition.includes("gin") ? 10 : 1);

export async function loadPostgres(options: PostgresLoadOptions): Promise<LoadSummary> {
  const phases = new Phases();
  const url = databaseUrlFor(options.serverUrl, options.database);
  await recreateDatabase(options.serverUrl, options.database);
  const database = await openPostgres(url, 2);
  await migrateUp(database.db);
  const reference = await createBenchUsers(database.db, options.agents);
  const indexes = await secondaryIndexes(database.db);
  await dropIndexes(database.db, indexes);
  await database.close();
  phases.end("create, migrate, drop secondary indexes");

  const dataset = new Dataset(options.dataset, reference);
  // One connection per bulk table, so their COPYs run in parallel; the tickets' one also does the rest.
  const lanes = await Promise.all(batchTables.map(async (t) => ({ ...t, client: await bulkClient(url) })));
  const tickets = lanes[0]?.client;
  if (!tickets) throw new Error("no bulk tables");
  try {
    const directory = dataset.directory();
    await copyText(tickets, "companies", companyColumns, directory.companies);
    await copyText(tickets, "contacts", contactColumns, directory.contacts);
    phases.end("companies and contacts");

    const bar = progressBar("tickets");
    bar.start(options.dataset.tickets, 0, { comments: 0 });
    const copying = lanes.map((lane) => ({
      ...lane,
      stream: lane.client.query(copyFrom(`copy ${lane.table} (${lane.columns.join(", ")}) from stdin`)),
    }));
    let commentTotal = 0;
    let eventTotal = 0;
    const size = 2_000;
    for (let from = 0; from < options.dataset.tickets; from += size) {
      const batch = dataset.batch(from, Math.min(options.dataset.tickets, from + size));
      await Promise.all(copying.map(({ stream, text }) => write(stream, text(batch))));
      commentTotal += batch.commentCount;
      eventTotal += batch.eventCount;
      bar.increment(batch.ticketCount, { comments: commentTotal });
    }
    for (const { stream } of copying) stream.end();
    await Promise.all(copying.map(({ stream }) => finished(stream)));
    bar.stop();
    await copyText(tickets, "ticket_counters", ["day", "last"], dataset.counters());
    // COPY ran without triggers: recompute what they would have maintained (migration 0009).
    await tickets.query(
      "do $$ begin if to_regproc('ticket_counts_refresh') is not null then perform ticket_counts_refresh(); end if; end $$",
    );
    phases.end(`copy ${options.dataset.tickets} tickets, ${commentTotal} comments, ${eventTotal} events`);

    const indexBar = progressBar("indexes");
    indexBar.start(indexes.length, 0, { comments: commentTotal });
    await rebuildIndexes(url, indexes, () => indexBar.increment());
    indexBar.stop();
    phases.end(`rebuild ${indexes.length} indexes`);

    await Promise.all(lanes.map(({ table, client }) => client.query(`vacuum (analyze) ${table}`)));
    await tickets.query("vacuum (analyze) companies, contacts, users, ticket_counters, ticket_counts");
    phases.end("vacuum analyze");
    return {
      url,
      tickets: options.dataset.tickets,
      comments: commentTotal,
      events: eventTotal,
      phases: phases.list,
    };
  } finally {
    await Promise.all(lanes.map(({ client }) => client.end()));
  }
}
