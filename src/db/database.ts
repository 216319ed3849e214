import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { Kysely, PGliteDialect, PostgresDialect, type PostgresPool, sql } from "kysely";
import pg from "pg";
import { type DataDirLock, lockDataDir } from "./data-dir-lock.js";
import { pgTypes } from "./pg-types.js";
import { withPreparedQueries } from "./pglite-prepared.js";
import { StatementPool } from "./pipelined-pool.js";
import { prepareStatementsIn } from "./prepared-statements.js";
import type { DB } from "./schema.js";

export type Engine = "pglite" | "postgres";

export type Database = {
  db: Kysely<DB>;
  engine: Engine;
  /** Where the database lives, for messages: a data directory or a redacted URL. */
  location: string;
  /** The embedded instance, for dumps in tests; undefined on PostgreSQL. */
  pglite?: PGlite;
  /**
   * PostgreSQL only: a new connection outside the pools, for a session that must stay put (LISTEN in
   * server/postgres-news.ts). The caller connects and ends it.
   */
  dedicatedClient?: () => pg.Client;
  close(): Promise<void>;
};

export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "DATABASE_URL";
  }
}

/**
 * Planner settings of the app's connections, on both engines.
 * - No JIT: these are short OLTP statements, and a generic plan's pessimistic cost estimate once made
 *   PostgreSQL spend 420 ms compiling a 10 ms list page (bench/README.md).
 * - random_page_cost 1.1 (SSD or cached data, as the PostgreSQL community advises for both) instead of 4,
 *   which priced a primary-key lookup in the 60-row users table above scanning it: a ticket page scanned
 *   users three times per ticket, and its execution went from 1.4 to 0.4 ms with index lookups.
 */
const plannerSettings = [
  ["jit", "off"],
  ["random_page_cost", "1.1"],
] as const;

/** The planner settings as pg's `options` (`-c name=value ...`), for every connection the app opens. */
export const postgresConnectionOptions = plannerSettings
  .map(([name, value]) => `-c ${name}=${value}`)
  .join(" ");

/** Statements on their own are pipelined on this many connections per process (DATABASE_PIPELINES). */
const defaultPipelines = 2;

export type PostgresPoolSettings = {
  /** Connections for transactions (and for every statement when `pipelines` is 0). */
  poolSize: number;
  /** Connections that carry statements on their own, pipelined (pipelined-pool.ts); 0: none. */
  pipelines: number;
  connectionTimeoutMillis?: number;
};

/**
 * The pool Kysely runs on: the planner settings, statements prepared per connection, values read as the
 * app reads them, and statements on their own pipelined. The raw-SQL baseline of the benchmark uses it too.
 */
export function postgresPool(url: string, settings: PostgresPoolSettings): PostgresPool {
  const pgPool = (max: number, pipeline: boolean) => {
    const pool = new pg.Pool({
      connectionString: url,
      max,
      types: pgTypes(),
      options: postgresConnectionOptions,
      connectionTimeoutMillis: settings.connectionTimeoutMillis,
      // pg's pipeline mode (8.23): a statement is sent without waiting for the answers before it.
      ...(pipeline ? { pipeline: true } : {}),
    } as pg.PoolConfig);
    // An idle client losing its connection must not crash the process; the next query reconnects.
    pool.on("error", () => {});
    return prepareStatementsIn(pool);
  };
  const pool = pgPool(settings.poolSize, false);
  if (settings.pipelines === 0) return pool as unknown as PostgresPool;
  return new StatementPool(pool, pgPool(settings.pipelines, true));
}

export async function openPostgres(
  url: string,
  poolSize = 10,
  pipelines = defaultPipelines,
): Promise<Database> {
  const location = redactUrl(url);
  // Start-up check with its own short timeout, so an unreachable server stops start-up quickly.
  const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await probe.connect();
    await probe.end();
  } catch (error) {
    await probe.end().catch(() => {});
    throw new DatabaseUnavailableError(`Cannot connect to ${location}: ${(error as Error).message}`);
  }
  // Waiting for a free pooled connection under a burst is normal; only a dead server should fail.
  const pool = postgresPool(url, { poolSize, pipelines, connectionTimeoutMillis: 30_000 });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  // keepAlive: a connection that only listens sends nothing, so only TCP keepalive notices it is gone.
  const dedicatedClient = () =>
    new pg.Client({ connectionString: url, options: postgresConnectionOptions, keepAlive: true });
  return { db, engine: "postgres", location, dedicatedClient, close: () => db.destroy() };
}

export type PgliteOptions = { dataDir?: string; loadDataDir?: Blob | File };

/** PGlite in this process; with a dataDir it takes the directory lock first and holds it until close(). */
export async function openPglite(options: PgliteOptions = {}): Promise<Database> {
  let lock: DataDirLock | undefined;
  if (options.dataDir) lock = lockDataDir(options.dataDir);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      dataDir: options.dataDir ? path.join(options.dataDir, "pgdata") : undefined,
      loadDataDir: options.loadDataDir,
      extensions: { pg_trgm },
    });
  } catch (error) {
    lock?.release();
    const where = options.dataDir ?? "memory";
    throw new DatabaseUnavailableError(`Cannot open the embedded database in ${where}: ${String(error)}`);
  }
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite: withPreparedQueries(pglite) }) });
  // The first statement also makes Kysely take ownership of the instance, so destroy() closes it.
  for (const [name, value] of plannerSettings)
    await sql`select set_config(${name}, ${value}, false)`.execute(db);
  return {
    db,
    engine: "pglite",
    location: options.dataDir ?? "memory",
    pglite,
    async close() {
      try {
        await db.destroy();
      } finally {
        lock?.release();
      }
    },
  };
}

export type DatabaseSettings = {
  databaseUrl?: string | undefined;
  dataDir: string;
  databasePoolSize?: number;
  databasePipelines?: number;
};

export function openDatabase(settings: DatabaseSettings): Promise<Database> {
  return settings.databaseUrl
    ? openPostgres(settings.databaseUrl, settings.databasePoolSize, settings.databasePipelines)
    : openPglite({ dataDir: settings.dataDir });
}
