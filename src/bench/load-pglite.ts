import fs from "node:fs/promises";
import path from "node:path";
import { openPglite } from "../db/database.js";
import { migrateUp } from "../db/migrator.js";
import { createBenchUsers, dropIndexes, secondaryIndexes } from "./bench-schema.js";
import { batchTables, companyColumns, contactColumns, Dataset, type DatasetOptions } from "./dataset.js";
import { pgliteCopier } from "./load-into.js";
import { type LoadSummary, Phases, progressBar } from "./load-progress.js";

export type PgliteLoadOptions = { dataDir: string; dataset: DatasetOptions; agents: number };

/** Loads a fresh embedded database in dataDir (the layout `serve` opens with DATA_DIR=dataDir). */
export async function loadPglite(options: PgliteLoadOptions): Promise<LoadSummary> {
  const phases = new Phases();
  const dataDir = path.resolve(options.dataDir);
  await fs.rm(dataDir, { recursive: true, force: true });
  await fs.mkdir(dataDir, { recursive: true });
  const database = await openPglite({ dataDir });
  const pglite = database.pglite;
  if (!pglite) throw new Error("no PGlite instance");
  try {
    await migrateUp(database.db);
    const reference = await createBenchUsers(database.db, options.agents);
    const indexes = await secondaryIndexes(database.db);
    await dropIndexes(database.db, indexes);
    await pglite.exec("set session_replication_role = replica");
    phases.end("create, migrate, drop secondary indexes");

    const copy = pgliteCopier(pglite);
    const dataset = new Dataset(options.dataset, reference);
    const directory = dataset.directory();
    await copy("companies", companyColumns, directory.companies);
    await copy("contacts", contactColumns, directory.contacts);
    const bar = progressBar("tickets");
    bar.start(options.dataset.tickets, 0, { comments: 0 });
    let commentTotal = 0;
    let eventTotal = 0;
    const size = 10_000;
    for (let from = 0; from < options.dataset.tickets; from += size) {
      const batch = dataset.batch(from, Math.min(options.dataset.tickets, from + size));
      for (const { table, columns, text } of batchTables) await copy(table, columns, text(batch));
      commentTotal += batch.commentCount;
      eventTotal += batch.eventCount;
      bar.increment(batch.ticketCount, { comments: commentTotal });
    }
    bar.stop();
    await copy("ticket_counters", ["day", "last"], dataset.counters());
    await pglite.exec("set session_replication_role = origin");
    // COPY ran without triggers: recompute what they would have maintained (migration 0009).
    await pglite.exec(
      "do $$ begin if to_regproc('ticket_counts_refresh') is not null then perform ticket_counts_refresh(); end if; end $$",
    );
    phases.end(`copy ${options.dataset.tickets} tickets, ${commentTotal} comments, ${eventTotal} events`);

    await pglite.exec("set maintenance_work_mem = '256MB'");
    for (const index of indexes) await pglite.exec(index.definition);
    phases.end(`rebuild ${indexes.length} indexes`);
    await pglite.exec("vacuum (analyze)");
    phases.end("vacuum analyze");
    return {
      url: dataDir,
      tickets: options.dataset.tickets,
      comments: commentTotal,
      events: eventTotal,
      phases: phases.list,
    };
  } finally {
    await database.close();
  }
}
