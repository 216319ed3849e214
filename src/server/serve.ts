import cluster from "node:cluster";
import type { Config } from "../config/config.js";
import { type Database, openDatabase } from "../db/database.js";
import { startEmbeddedMaintenance } from "../db/embedded-maintenance.js";
import { migrateUp } from "../db/migrator.js";
import { webApp } from "../web-app/web-app.plugin.js";
import { type ApiApp, buildApp } from "./app.js";
import { type BackgroundWork, startBackgroundWork } from "./background-work.js";
import { keepHeapNearItsLiveSize, keepShortLivedObjectsYoung } from "./garbage-collection.js";
import { runInstances } from "./instances.js";
import { publicUrl } from "./public-url.js";
import { onStopSignals } from "./stop-signals.js";

export type RunningServer = {
  app: ApiApp;
  database: Database;
  /** Where to reach it, e.g. http://localhost:3000 (the real port when PORT=0). */
  url: string;
  /** Stops accepting connections, lets in-flight requests finish, closes the database. */
  close(): Promise<void>;
};

/** Registers the web app (the built dist/web) after the API, so "/" serves Ticketdesk's UI. */
export async function extendWithWebApp(app: ApiApp): Promise<void> {
  await webApp(app);
}

/** Opens the database, migrates it (migrations take a lock, so instances may start together) and listens. */
export async function startServer(config: Config): Promise<RunningServer> {
  const database = await openDatabase(config);
  let app: ApiApp | undefined;
  try {
    const applied = await migrateUp(database.db);
    app = await buildApp({ config, database, logger: true, extend: extendWithWebApp });
    await app.listen({ host: config.host, port: config.port });
    const url = publicUrl(app.server.address(), config.host);
    app.log.info(
      { url, engine: database.engine, database: database.location, migrations_applied: applied },
      `Ticketdesk is listening on ${url}`,
    );
  } catch (error) {
    await app?.close();
    await database.close();
    throw error;
  }
  const running = app;
  // Mail in and out, and the durable jobs. Their failures to start (a taken SMTP port) stop the start-up.
  let background: BackgroundWork;
  try {
    background = await startBackgroundWork(running.ctx);
  } catch (error) {
    await running.close();
    await database.close();
    throw error;
  }
  // PGlite has no autovacuum (embedded-maintenance.ts); PostgreSQL's own workers do this there.
  const maintenance =
    database.engine === "pglite" ? startEmbeddedMaintenance(database.db, running.log) : undefined;
  let closing: Promise<void> | undefined;
  return {
    app: running,
    database,
    url: publicUrl(running.server.address(), config.host),
    close() {
      closing ??= (async () => {
        try {
          await running.close();
          await background.close();
          await maintenance?.stop();
        } finally {
          await database.close();
        }
      })();
      return closing;
    },
  };
}

/**
 * Runs until SIGTERM or SIGINT, then shuts down gracefully and exits 0. A second signal (after
 * the first second) forces an immediate exit for a shutdown that hangs on a stuck request.
 */
export async function serve(config: Config): Promise<void> {
  keepShortLivedObjectsYoung();
  keepHeapNearItsLiveSize();
  if (config.webConcurrency > 1 && cluster.isPrimary) return runInstances(config);
  const server = await startServer(config).catch((error: unknown) => {
    // An instance's channel to its primary (instances.ts) would keep it alive after the CLI has reported
    // this (closing the channel would exit 0): exit 1 once the report is written (stderr writes are sync).
    if (cluster.isWorker) setImmediate(() => process.exit(1));
    throw error;
  });
  const log = server.app.log;
  onStopSignals({
    stop(signal) {
      log.info({ signal }, "Shutting down: finishing in-flight requests");
      server.close().then(
        () => {
          log.info("Stopped; database closed");
          process.exit(0);
        },
        (error: unknown) => {
          log.error({ err: error }, "Shutdown failed");
          process.exit(1);
        },
      );
    },
    force(signal) {
      log.warn({ signal }, "Second signal: exiting without waiting for requests");
      process.exit(1);
    },
  });
}
