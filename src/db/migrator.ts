import type { Kysely } from "kysely";
import { type Migration, type MigrationResultSet, Migrator, NO_MIGRATIONS } from "kysely/migration";
import * as directory from "./migrations/0001-directory.js";
import * as tickets from "./migrations/0002-tickets.js";
import * as auth from "./migrations/0003-auth.js";
import * as ticketSearch from "./migrations/0004-ticket-search-and-queues.js";
import * as commentAndAttachmentLists from "./migrations/0006-comment-and-attachment-lists.js";
import * as directorySearch from "./migrations/0007-directory-search-and-uniqueness.js";
import * as ticketCountsAndSearchVector from "./migrations/0009-ticket-counts-and-search-vector.js";
import * as ticketQueueCounts from "./migrations/0010-ticket-queue-counts.js";
import * as statusPriorityListIndex from "./migrations/0011-status-priority-list-index.js";
import * as shortSearchPendingLists from "./migrations/0012-short-search-pending-lists.js";
import * as ticketActivityCounts from "./migrations/0013-ticket-activity-counts.js";
import * as ticketCountsPerStatement from "./migrations/0014-ticket-counts-per-statement.js";
import * as directoryFoldedNames from "./migrations/0015-directory-folded-names.js";
import * as directoryVersion from "./migrations/0016-directory-version.js";
import * as loginFailures from "./migrations/0017-login-failures.js";
import * as jobs from "./migrations/0018-jobs.js";
import * as email from "./migrations/0019-email.js";
import * as slaAdmin from "./migrations/0020-sla-admin.js";
import * as macros from "./migrations/0021-macros.js";
import * as outboxRenderedAtSend from "./migrations/0022-outbox-rendered-at-send.js";
import * as ticketSla from "./migrations/0023-ticket-sla.js";
import * as autoAssignment from "./migrations/0024-auto-assignment.js";
import type { DB } from "./schema.js";

/** Listed in code (not read from disk) so the same list runs under tsx and from dist/. */
const migrations: Record<string, Migration> = {
  "0001-directory": directory,
  "0002-tickets": tickets,
  "0003-auth": auth,
  "0004-ticket-search-and-queues": ticketSearch,
  "0006-comment-and-attachment-lists": commentAndAttachmentLists,
  "0007-directory-search-and-uniqueness": directorySearch,
  "0009-ticket-counts-and-search-vector": ticketCountsAndSearchVector,
  "0010-ticket-queue-counts": ticketQueueCounts,
  "0011-status-priority-list-index": statusPriorityListIndex,
  "0012-short-search-pending-lists": shortSearchPendingLists,
  "0013-ticket-activity-counts": ticketActivityCounts,
  "0014-ticket-counts-per-statement": ticketCountsPerStatement,
  "0015-directory-folded-names": directoryFoldedNames,
  "0016-directory-version": directoryVersion,
  "0017-login-failures": loginFailures,
  "0018-jobs": jobs,
  "0019-email": email,
  "0020-sla-admin": slaAdmin,
  "0021-macros": macros,
  "0022-outbox-rendered-at-send": outboxRenderedAtSend,
  "0023-ticket-sla": ticketSla,
  "0024-auto-assignment": autoAssignment,
};

export const migrationNames = Object.keys(migrations);

export class MigrationError extends Error {
  override name = "MigrationError";
}

// Kysely's Postgres adapter holds a session advisory lock for the run, so instances
// starting together migrate one after the other; PGlite is guarded by the data-dir lock.
function migrator(db: Kysely<DB>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

function check(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new MigrationError(`Migration ${failed} failed: ${String(result.error)}`);
  }
  return (result.results ?? []).map(
    (r) => `${r.direction === "Up" ? "applied" : "reverted"} ${r.migrationName}`,
  );
}

export async function migrateUp(db: Kysely<DB>): Promise<string[]> {
  return check(await migrator(db).migrateToLatest());
}

export async function migrateDown(db: Kysely<DB>, options: { all?: boolean } = {}): Promise<string[]> {
  const m = migrator(db);
  return check(options.all ? await m.migrateTo(NO_MIGRATIONS) : await m.migrateDown());
}

export async function migrationStatus(db: Kysely<DB>): Promise<{ name: string; executedAt: Date | null }[]> {
  const list = await migrator(db).getMigrations();
  return list.map((m) => ({ name: m.name, executedAt: m.executedAt ?? null }));
}
