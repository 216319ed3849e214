import { type Kysely, sql } from "kysely";
import type { DB, InboundMailStatus, InboundMailsTable, Insertable } from "../db/schema.js";
import type { ThreadTicket } from "./decide-inbound-mail.js";

/** Stores a received message; undefined when its Message-ID is stored already (rule 1: another delivery). */
export async function insertInboundMail(
  db: Kysely<DB>,
  values: Insertable<InboundMailsTable> & { id: string },
): Promise<string | undefined> {
  const row = await db
    .insertInto("inbound_mails")
    .values(values)
    .onConflict((oc) => oc.column("message_id").doNothing())
    .returning("id")
    .executeTakeFirst();
  return row?.id;
}

/** The stored message with this Message-ID, by its id and status. */
export function findInboundMailByMessageId(db: Kysely<DB>, messageId: string) {
  return db
    .selectFrom("inbound_mails")
    .select(["id", "status"])
    .where("message_id", "=", messageId)
    .executeTakeFirst();
}

export function findInboundMail(db: Kysely<DB>, id: string) {
  return db
    .selectFrom("inbound_mails")
    .select(["id", "mailbox_id", "message_id", "raw", "status", "attempts", "envelope_to", "received_via"])
    .where("id", "=", id)
    .executeTakeFirst();
}

/** Locks the message while it is processed, so two instances never make two tickets of one mail. */
export function lockInboundMail(db: Kysely<DB>, id: string) {
  return db
    .selectFrom("inbound_mails")
    .select(["id", "status"])
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
}

export async function finishInboundMail(
  db: Kysely<DB>,
  id: string,
  outcome: {
    status: InboundMailStatus;
    outcome: string;
    ticket_id?: string | null;
    comment_id?: string | null;
    error?: string | null;
  },
): Promise<void> {
  await db
    .updateTable("inbound_mails")
    .set({
      status: outcome.status,
      outcome: outcome.outcome,
      ticket_id: outcome.ticket_id ?? null,
      comment_id: outcome.comment_id ?? null,
      error: outcome.error ?? null,
      processed_at: new Date(),
      attempts: sql`attempts + 1`,
    })
    .where("id", "=", id)
    .execute();
}

/**
 * Records a failure, unless the message was processed meanwhile: a try that ran past its time limit may
 * still commit after it was given up on, and two deliveries may be processed at once; neither may mark a
 * processed message failed (it would be processed twice).
 */
export async function failInboundMail(db: Kysely<DB>, id: string, error: string): Promise<void> {
  await db
    .updateTable("inbound_mails")
    .set({ status: "failed", error, attempts: sql`attempts + 1` })
    .where("id", "=", id)
    .where("status", "not in", ["processed", "ignored"])
    .execute();
}

/** Rule 1 beyond our own table: a Message-ID of mail we sent (our own mail coming back, a Bcc to the desk). */
export async function isOurOutboundMessageId(db: Kysely<DB>, messageId: string): Promise<boolean> {
  const row = await db
    .selectFrom("outbound_mails")
    .select("id")
    .where("message_id", "=", messageId)
    .executeTakeFirst();
  return row !== undefined;
}

const threadColumns = ["t.id", "t.ticket_number", "t.status", "t.company_id"] as const;

export function findThreadTicketById(db: Kysely<DB>, id: string): Promise<ThreadTicket | undefined> {
  return db.selectFrom("tickets as t").select(threadColumns).where("t.id", "=", id).executeTakeFirst();
}

export function findThreadTicketByNumber(db: Kysely<DB>, number: string): Promise<ThreadTicket | undefined> {
  return db
    .selectFrom("tickets as t")
    .select(threadColumns)
    .where("t.ticket_number", "=", number)
    .executeTakeFirst();
}

/**
 * The ticket of the newest mail, sent or received, among these Message-IDs (rule 3: In-Reply-To and
 * References naming mail we sent or stored, for ids that are not our signed ones).
 */
export async function findThreadTicketByMessageIds(
  db: Kysely<DB>,
  messageIds: readonly string[],
): Promise<ThreadTicket | undefined> {
  if (messageIds.length === 0) return undefined;
  const ids = [...messageIds];
  const row = await db
    .selectFrom((eb) =>
      eb
        .selectFrom("outbound_mails")
        .select(["ticket_id", "created_at"])
        .where("message_id", "in", ids)
        .unionAll(
          eb
            .selectFrom("inbound_mails")
            .select([sql<string>`ticket_id`.as("ticket_id"), "created_at"])
            .where("message_id", "in", ids)
            .where("ticket_id", "is not", null),
        )
        .as("m"),
    )
    .innerJoin("tickets as t", "t.id", "m.ticket_id")
    .select(threadColumns)
    .orderBy("m.created_at", "desc")
    .limit(1)
    .executeTakeFirst();
  return row;
}

/** The outbound mail a bounce names (by its Message-ID or its VERP id), with the ticket it was about. */
export async function findBouncedMail(
  db: Kysely<DB>,
  by: { messageIds: readonly string[]; outboxId: string | null },
) {
  if (by.messageIds.length === 0 && !by.outboxId) return undefined;
  return db
    .selectFrom("outbound_mails as o")
    .innerJoin("tickets as t", "t.id", "o.ticket_id")
    .select(["o.id as outbox_id", "o.to_address", ...threadColumns])
    .where((eb) => {
      const conditions = [];
      if (by.messageIds.length > 0) conditions.push(eb("o.message_id", "in", [...by.messageIds]));
      if (by.outboxId) conditions.push(eb("o.id", "=", by.outboxId));
      return eb.or(conditions);
    })
    .executeTakeFirst();
}

/** The user an agent's mail is by, with the role the first-response rule reads. */
export function findUserRole(db: Kysely<DB>, userId: string) {
  return db.selectFrom("users").select(["id", "role"]).where("id", "=", userId).executeTakeFirst();
}

/** A failed message goes back to `received` for another try. */
export async function reopenFailedInboundMail(db: Kysely<DB>, id: string): Promise<void> {
  await db.updateTable("inbound_mails").set({ status: "received" }).where("id", "=", id).execute();
}

/** An active user with this address (rule 7), else undefined. */
export function findActiveUserByEmail(db: Kysely<DB>, address: string) {
  return db
    .selectFrom("users")
    .select(["id", "role", "name"])
    .where(sql<string>`lower(email)`, "=", address)
    .where("is_active", "=", true)
    .executeTakeFirst();
}

/** Every contact with this address (any case), oldest first: one address may be a contact of several companies. */
export function findContactsByEmail(db: Kysely<DB>, address: string) {
  return db
    .selectFrom("contacts")
    .select(["id", "company_id", "name", "email", "email_status"])
    .where(sql<string>`lower(email)`, "=", address)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

export function findCompanyByDomain(db: Kysely<DB>, domain: string) {
  return db
    .selectFrom("companies")
    .select("id")
    .where(sql<string>`lower(domain)`, "=", domain)
    .executeTakeFirst();
}

const findUnsorted = (db: Kysely<DB>) =>
  db.selectFrom("companies").select("id").where("name", "=", "Unsorted").executeTakeFirst();

/**
 * The company "Unsorted" of senders no company claims, made on first need. Only making it is serialised (by
 * a lock held to the end of the caller's transaction); once it exists it is read without the lock, which
 * every mail from a free-mail address otherwise held while the rest of its ticket was written: inbound mail
 * from such senders went one at a time (bench/README.md, "Mail").
 */
export async function unsortedCompanyId(db: Kysely<DB>, newId: string): Promise<string> {
  const existing = await findUnsorted(db);
  if (existing) return existing.id;
  await sql`select pg_advisory_xact_lock(hashtext('ticketdesk:unsorted-company'))`.execute(db);
  const found = await findUnsorted(db);
  if (found) return found.id;
  await db.insertInto("companies").values({ id: newId, name: "Unsorted", domain: null }).execute();
  return newId;
}

/** A new contact, or the one a concurrent mail just made (unique per company and address). */
export async function insertContactOnce(
  db: Kysely<DB>,
  values: { id: string; company_id: string; name: string; email: string },
): Promise<string> {
  const inserted = await db
    .insertInto("contacts")
    .values(values)
    .onConflict((oc) => oc.expression(sql`company_id, lower(email)`).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (inserted) return inserted.id;
  const existing = await db
    .selectFrom("contacts")
    .select("id")
    .where("company_id", "=", values.company_id)
    .where(sql<string>`lower(email)`, "=", values.email.toLowerCase())
    .executeTakeFirstOrThrow();
  return existing.id;
}

/** A bounce marks the address, on every contact that has it, until an agent clears it. */
export async function markAddressBouncing(db: Kysely<DB>, address: string, reason: string): Promise<void> {
  await db
    .updateTable("contacts")
    .set({ email_status: "bouncing", email_status_reason: reason, email_status_at: new Date() })
    .where(sql<string>`lower(email)`, "=", address)
    .execute();
}

export async function markOutboundBounced(db: Kysely<DB>, outboxId: string, error: string): Promise<void> {
  await db
    .updateTable("outbound_mails")
    .set({ status: "failed", last_error: error })
    .where("id", "=", outboxId)
    .execute();
}

export function findCategoryRoute(db: Kysely<DB>, key: string) {
  return db
    .selectFrom("categories")
    .select(["key", "default_team_id"])
    .where("key", "=", key)
    .executeTakeFirst();
}

/** The original message of the mail a comment (or a ticket's first message) came from. */
export function findRawOfComment(db: Kysely<DB>, commentId: string) {
  return db
    .selectFrom("inbound_mails")
    .select(["raw", "ticket_id", "subject"])
    .where("comment_id", "=", commentId)
    .executeTakeFirst();
}

/** Mail that could not be processed, newest first, for admins to look at and retry. */
export function findFailedInboundMails(db: Kysely<DB>, page: { limit: number; offset: number }) {
  return db
    .selectFrom("inbound_mails as im")
    .leftJoin("mailboxes as mb", "mb.id", "im.mailbox_id")
    .select([
      "im.id",
      "im.message_id",
      "im.received_via",
      "im.from_address",
      "im.subject",
      "im.size",
      "im.error",
      "im.attempts",
      "im.created_at",
      "im.updated_at",
      "mb.address as mailbox_address",
    ])
    .where("im.status", "=", "failed")
    .orderBy("im.created_at", "desc")
    .orderBy("im.id", "desc")
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function countFailedInboundMails(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom("inbound_mails")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("status", "=", "failed")
    .executeTakeFirstOrThrow();
  return row.n;
}

/**
 * Failed messages due for another automatic try: `retryAfterMs[n]` after the n-th failed attempt. Past the
 * last, a message waits for an admin's retry (GET /inbound-mails/failed).
 */
export async function findRetryableInboundMailIds(
  db: Kysely<DB>,
  retryAfterMs: readonly number[],
  now: Date,
): Promise<string[]> {
  const rows = await db
    .selectFrom("inbound_mails")
    .select(["id", "attempts", "updated_at"])
    .where("status", "=", "failed")
    .where("attempts", "<=", retryAfterMs.length)
    .orderBy("updated_at")
    .limit(200)
    .execute();
  return rows
    .filter((row) => {
      const wait = retryAfterMs[Math.max(0, row.attempts - 1)];
      return wait !== undefined && row.updated_at.getTime() + wait <= now.getTime();
    })
    .slice(0, 50)
    .map((row) => row.id);
}

/** Messages received but never processed (the process stopped in between): the sweep takes them up. */
export async function findUnprocessedInboundMailIds(db: Kysely<DB>, olderThan: Date): Promise<string[]> {
  const rows = await db
    .selectFrom("inbound_mails")
    .select("id")
    .where("status", "=", "received")
    .where("created_at", "<", olderThan)
    .orderBy("created_at")
    .limit(100)
    .execute();
  return rows.map((row) => row.id);
}
