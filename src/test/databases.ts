import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, inject } from "vitest";
import { type Database, type Engine, openPglite, openPostgres } from "../db/database.js";
import { databaseUrlFor } from "./postgres-url.js";

/** A fresh, migrated PGlite loaded from the run's dump. */
export async function freshPglite(): Promise<Database> {
  const bytes = await fs.readFile(inject("pgliteDump"));
  return openPglite({ loadDataDir: new Blob([bytes]) });
}

/** Creates a fresh database cloned from the migrated template; returns its URL. */
export async function freshPostgresUrl(): Promise<string> {
  const url = inject("postgresUrl");
  const template = inject("postgresTemplate");
  if (!url || !template) throw new Error("TEST_DATABASE_URL is not set");
  const name = `ticketdesk_t${randomBytes(6).toString("hex")}_${template.split("_").pop()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  return databaseUrlFor(url, name);
}

export async function freshPostgres(poolSize = 10): Promise<Database> {
  return openPostgres(await freshPostgresUrl(), poolSize);
}

export const hasPostgres = (): boolean => Boolean(inject("postgresUrl"));

/** The engines this run covers: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export function testEngines(): Engine[] {
  return hasPostgres() ? ["pglite", "postgres"] : ["pglite"];
}

export function freshDatabase(engine: Engine): Promise<Database> {
  return engine === "pglite" ? freshPglite() : freshPostgres();
}

/**
 * Runs a suite once per engine against its own fresh migrated database.
 * `use()` returns the database inside tests.
 */
export function describeEachEngine(title: string, body: (use: () => Database, engine: Engine) => void): void {
  for (const engine of testEngines()) {
    describe(`${title} [${engine}]`, () => {
      let database: Database | undefined;
      beforeAll(async () => {
        database = await freshDatabase(engine);
      }, 60_000);
      afterAll(async () => {
        await database?.close();
      });
      body(() => {
        if (!database) throw new Error("database not ready");
        return database;
      }, engine);
    });
  }
}
