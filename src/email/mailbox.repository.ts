import { type Kysely, sql } from "kysely";
import { pageWindow } from "../db/page-window.js";
import type { DB, Insertable, MailboxesTable, Updateable } from "../db/schema.js";
import type { Page } from "../directory/directory.schema.js";

/** Every column but the IMAP password, which only the watcher reads (findMailboxesToWatch). */
const mailboxColumns = [
  "m.id",
  "m.name",
  "m.address",
  "m.team_id",
  "m.is_active",
  "m.imap_host",
  "m.imap_port",
  "m.imap_secure",
  "m.imap_user",
  "m.imap_folder",
  "m.last_fetch_at",
  "m.last_error",
  "m.last_error_at",
  "m.created_at",
  "m.updated_at",
] as const;

function selectMailboxes(db: Kysely<DB>) {
  return db
    .selectFrom("mailboxes as m")
    .leftJoin("teams", "teams.id", "m.team_id")
    .select(mailboxColumns)
    .select(["teams.name as team_name", sql<boolean>`m.imap_password is not null`.as("has_password")]);
}
export type MailboxRow = Awaited<ReturnType<ReturnType<typeof selectMailboxes>["executeTakeFirstOrThrow"]>>;

export function findMailboxes(db: Kysely<DB>, page: Page) {
  return selectMailboxes(db)
    .orderBy((eb) => eb.fn("lower", ["m.name"]))
    .orderBy("m.id")
    .$call((q) => pageWindow(q, page))
    .execute();
}

export async function countMailboxes(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom("mailboxes")
    .select(sql<number>`count(*)::int`.as("count"))
    .executeTakeFirstOrThrow();
  return row.count;
}

export function findMailboxById(db: Kysely<DB>, id: string) {
  return selectMailboxes(db).where("m.id", "=", id).executeTakeFirst();
}

/** The active mailbox that receives mail for an address (lower-cased), if any. */
export function findActiveMailboxByAddress(db: Kysely<DB>, address: string) {
  return db
    .selectFrom("mailboxes")
    .select(["id", "name", "address", "team_id"])
    .where("address", "=", address)
    .where("is_active", "=", true)
    .executeTakeFirst();
}

/** The team a mailbox's new tickets go to. */
export function findMailboxTeam(db: Kysely<DB>, id: string) {
  return db.selectFrom("mailboxes").select("team_id").where("id", "=", id).executeTakeFirst();
}

/** A mailbox's sender name and address, for the mail it sends. */
export function findMailboxSender(db: Kysely<DB>, id: string) {
  return db.selectFrom("mailboxes").select(["name", "address"]).where("id", "=", id).executeTakeFirst();
}

/** Every active mailbox's address: the listener's recipients, and never a target of automatic mail. */
export async function findActiveMailboxAddresses(db: Kysely<DB>): Promise<string[]> {
  const rows = await db.selectFrom("mailboxes").select("address").where("is_active", "=", true).execute();
  return rows.map((row) => row.address);
}

/** Active mailboxes with an IMAP account, password included: for the watcher and the login test only. */
export function findMailboxesToWatch(db: Kysely<DB>) {
  return db
    .selectFrom("mailboxes")
    .select([
      "id",
      "address",
      "imap_host",
      "imap_port",
      "imap_secure",
      "imap_user",
      "imap_password",
      "imap_folder",
    ])
    .where("is_active", "=", true)
    .where("imap_host", "is not", null)
    .execute();
}

export function findMailboxCredentials(db: Kysely<DB>, id: string) {
  return db
    .selectFrom("mailboxes")
    .select(["imap_host", "imap_port", "imap_secure", "imap_user", "imap_password", "imap_folder"])
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function insertMailbox(db: Kysely<DB>, values: Insertable<MailboxesTable>): Promise<void> {
  await db.insertInto("mailboxes").values(values).execute();
}

export async function updateMailboxRow(
  db: Kysely<DB>,
  id: string,
  values: Updateable<MailboxesTable>,
): Promise<void> {
  await db.updateTable("mailboxes").set(values).where("id", "=", id).execute();
}

export async function deleteMailboxRow(db: Kysely<DB>, id: string): Promise<boolean> {
  const result = await db.deleteFrom("mailboxes").where("id", "=", id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** What the watcher saw: a successful fetch clears the last error. */
export async function recordMailboxFetch(
  db: Kysely<DB>,
  id: string,
  status: { lastFetchAt: Date | null; lastError: string | null },
): Promise<void> {
  const values: Updateable<MailboxesTable> = status.lastError
    ? { last_error: status.lastError, last_error_at: new Date() }
    : { last_fetch_at: status.lastFetchAt ?? new Date(), last_error: null };
  await db.updateTable("mailboxes").set(values).where("id", "=", id).execute();
}
