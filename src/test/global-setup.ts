import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openPglite, openPostgres } from "../db/database.js";
import { migrateUp } from "../db/migrator.js";
import { databaseUrlFor } from "./postgres-url.js";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteDump: string;
    postgresUrl: string | null;
    postgresTemplate: string | null;
  }
}

/**
 * Migrates once per run: a PGlite dump every test file loads (initdb costs 5-9 s), and,
 * when TEST_DATABASE_URL is set, a PostgreSQL template database each test file clones.
 */
export default async function setup(project: TestProject) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "ticketdesk-test-"));
  const embedded = await openPglite();
  await migrateUp(embedded.db);
  const dump = path.join(dir, "migrated.tar.gz");
  const blob = await embedded.pglite?.dumpDataDir("gzip");
  if (!blob) throw new Error("PGlite dump failed");
  await fs.writeFile(dump, Buffer.from(await blob.arrayBuffer()));
  await embedded.close();
  project.provide("pgliteDump", dump);

  const url = process.env.TEST_DATABASE_URL?.trim() || null;
  let template: string | null = null;
  if (url) {
    template = `ticketdesk_template_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${template}`);
    await admin.query(`create database ${template}`);
    await admin.end();
    const server = await openPostgres(databaseUrlFor(url, template), 2);
    await migrateUp(server.db);
    await server.close();
  }
  project.provide("postgresUrl", url);
  project.provide("postgresTemplate", template);

  return async () => {
    await fs.rm(dir, { recursive: true, force: true });
    if (url && template) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      const { rows } = await admin.query<{ datname: string }>(
        "select datname from pg_database where datname like $1",
        [`ticketdesk_t%_${process.pid}%`],
      );
      for (const row of rows) await admin.query(`drop database if exists ${row.datname} with (force)`);
      await admin.query(`drop database if exists ${template} with (force)`);
      await admin.end();
    }
  };
}
