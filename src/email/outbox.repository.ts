import { type Kysely, sql } from "kysely";
import type { DB, DeliveryStatus, Insertable, OutboundMailsTable } from "../db/schema.js";
import { newId } from "../shared/ids.js";

/** The job type that sends one outbox row (send-mail.job.ts). */
export const sendMailJob = "email.send";

/** What a mail about a ticket needs to know of it: number, subject, contact, team, assignee. */
function ticketsForMail(db: Kysely<DB>) {
  return db
    .selectFrom("tickets as t")
    .leftJoin("contacts as c", "c.id", "t.contact_id")
    .leftJoin("teams as tm", "tm.id", "t.assigned_team")
    .leftJoin("users as a", "a.id", "t.assigned_to")
    .select([
      "t.id",
      "t.ticket_number",
      "t.subject",
      "t.description",
      "t.priority",
      "t.status",
      "t.cc",
      "t.assigned_team",
      "t.assigned_to",
      "t.created_by",
      "t.channel",
      "c.id as contact_id",
      "c.name as contact_name",
      "c.email as contact_email",
      "tm.name as team_name",
      "a.name as assignee_name",
      "a.email as assignee_email",
      "a.is_active as assignee_active",
      "a.notify_assigned as assignee_notify_assigned",
      "a.notify_customer_replied as assignee_notify_customer_replied",
    ]);
}

export function findTicketForMail(db: Kysely<DB>, ticketId: string) {
  return ticketsForMail(db).where("t.id", "=", ticketId).executeTakeFirst();
}

export async function findTicketsForMail(db: Kysely<DB>, ticketIds: readonly string[]) {
  if (ticketIds.length === 0) return [];
  return ticketsForMail(db)
    .where("t.id", "in", [...ticketIds])
    .orderBy("t.created_at")
    .orderBy("t.id")
    .execute();
}
export type TicketForMail = NonNullable<Awaited<ReturnType<typeof findTicketForMail>>>;

/**
 * The mailbox a ticket's mail goes out from: the one its customer last wrote to, else its team's, else
 * the first active one; none means MAIL_FROM.
 */
export async function findSenderMailbox(db: Kysely<DB>, ticketId: string, teamId: string | null) {
  // One statement: the mailbox of the customer's latest mail if it is still active, else the best of the rest.
  const { rows } = await sql<{ id: string; name: string; address: string }>`
    select m.id, m.name, m.address from mailboxes m
    where m.is_active
    order by (select max(im.created_at) from inbound_mails im
              where im.ticket_id = ${ticketId} and im.mailbox_id = m.id) desc nulls last,
      (m.team_id is not distinct from ${teamId}) desc, m.created_at
    limit 1`.execute(db);
  return rows[0];
}

/**
 * The ticket's conversation by mail before `before`, oldest first: what References continues. Mail not
 * rendered yet has no Message-ID and is not part of it.
 */
export async function findThreadMessageIds(db: Kysely<DB>, ticketId: string, before: Date) {
  const rows = await db
    .selectFrom((eb) =>
      eb
        .selectFrom("inbound_mails")
        .select([sql<string>`message_id`.as("message_id"), "created_at", sql<boolean>`true`.as("inbound")])
        .where("ticket_id", "=", ticketId)
        .where("created_at", "<", before)
        .where("message_id", "not like", "sha256:%")
        .unionAll(
          eb
            .selectFrom("outbound_mails")
            .select([
              sql<string>`message_id`.as("message_id"),
              "created_at",
              sql<boolean>`false`.as("inbound"),
            ])
            .where("ticket_id", "=", ticketId)
            .where("created_at", "<", before)
            .where("message_id", "is not", null)
            .where("kind", "in", ["acknowledgement", "agent-reply", "resolved"]),
        )
        .as("m"),
    )
    .select([sql<string>`m.message_id`.as("message_id"), "m.inbound"])
    .orderBy("m.created_at")
    .limit(200)
    .execute();
  return rows;
}

export type RecipientFacts = { own: boolean; bouncing: boolean; recent: number };

/**
 * What the loop guard needs to know of each address, in one statement: whether it is one of our active
 * mailboxes, marked bouncing (on any contact), and — when `automaticSince` is given — how many automatic
 * mails went to it since then, counted only up to `cap` (the loop cap of SPEC §6 needs no more): bounded
 * work per address however many notices an agent gets.
 */
export async function findRecipientFacts(
  db: Kysely<DB>,
  addresses: readonly string[],
  options: { automaticSince: Date | null; cap: number },
): Promise<Map<string, RecipientFacts>> {
  const since = options.automaticSince;
  const { rows } = await sql<{ address: string } & RecipientFacts>`
    select a.address,
      exists (select 1 from mailboxes m where m.address = a.address and m.is_active) as own,
      exists (
        select 1 from contacts c where lower(c.email) = a.address and c.email_status = 'bouncing') as bouncing,
      ${
        since === null
          ? sql`0`
          : sql`(select count(*)::int from (
              select 1 from outbound_mails o
              where o.to_address = a.address and o.automatic and o.status <> 'suppressed'
                and o.created_at > ${since}
              limit ${options.cap}) as recent)`
      } as recent
    from unnest(${sql.val([...addresses])}::text[]) as a(address)`.execute(db);
  return new Map(rows.map(({ address, ...facts }) => [address, facts]));
}

/** Which of these addresses are marked bouncing (on any contact). */
async function findBouncingAddresses(db: Kysely<DB>, addresses: readonly string[]): Promise<Set<string>> {
  const rows = await db
    .selectFrom("contacts")
    .select(sql<string>`lower(email)`.as("address"))
    .where(sql<string>`lower(email)`, "in", [...addresses])
    .where("email_status", "=", "bouncing")
    .execute();
  return new Set(rows.map((row) => row.address));
}

export async function isAddressBouncing(db: Kysely<DB>, address: string): Promise<boolean> {
  return (await findBouncingAddresses(db, [address])).has(address);
}

/** Which of these tickets have their creation mails written already (a job run twice writes them once). */
export async function findTicketsWithCreationMails(
  db: Kysely<DB>,
  ticketIds: readonly string[],
): Promise<Set<string>> {
  const rows = await db
    .selectFrom("outbound_mails")
    .select("ticket_id")
    .distinct()
    .where("ticket_id", "in", [...ticketIds])
    .where("kind", "in", ["acknowledgement", "new-ticket-in-team", "assigned-to-you"])
    .execute();
  return new Set(rows.map((row) => row.ticket_id));
}

/**
 * Why the first mail of each ticket was automatic (it is then not acknowledged); a ticket whose first mail a
 * person wrote is left out.
 */
export async function findFirstMailsAutomatic(
  db: Kysely<DB>,
  ticketIds: readonly string[],
): Promise<Map<string, string>> {
  if (ticketIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("inbound_mails")
    .select([sql<string>`ticket_id`.as("ticket_id"), sql<string>`automatic`.as("automatic")])
    .where("ticket_id", "in", [...ticketIds])
    .where("comment_id", "is", null)
    .where("automatic", "is not", null)
    .execute();
  return new Map(rows.map((row) => [row.ticket_id, row.automatic]));
}

/** Active members of these teams who want to hear of their new tickets. */
export function findTeamMembersToNotify(db: Kysely<DB>, teamIds: readonly string[]) {
  if (teamIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("users")
    .select(["id", "name", "email", sql<string>`team_id`.as("team_id")])
    .where("team_id", "in", [...teamIds])
    .where("is_active", "=", true)
    .where("notify_new_ticket_in_team", "=", true)
    .orderBy("name")
    .execute();
}

/** Every active member of these teams (SLA notices go to the team of an unassigned ticket). */
export function findActiveTeamMembers(db: Kysely<DB>, teamIds: readonly string[]) {
  if (teamIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("users")
    .select(["id", "name", "email", sql<string>`team_id`.as("team_id")])
    .where("team_id", "in", [...teamIds])
    .where("is_active", "=", true)
    .orderBy("name")
    .execute();
}

export function findActiveAdmins(db: Kysely<DB>) {
  return db
    .selectFrom("users")
    .select(["id", "name", "email"])
    .where("role", "=", "admin")
    .where("is_active", "=", true)
    .orderBy("name")
    .execute();
}

export async function findUsersForMail(db: Kysely<DB>, userIds: readonly string[]) {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("users")
    .select(["id", "name", "email", "is_active", "notify_assigned"])
    .where("id", "in", [...userIds])
    .execute();
  return new Map(rows.map((row) => [row.id, row]));
}

export function findUserForMail(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom("users")
    .select(["id", "name", "email", "is_active", "notify_assigned"])
    .where("id", "=", userId)
    .executeTakeFirst();
}

export async function insertOutboundMails(
  db: Kysely<DB>,
  rows: (Insertable<OutboundMailsTable> & { id: string })[],
): Promise<void> {
  if (rows.length > 0) await db.insertInto("outbound_mails").values(rows).execute();
}

/** A sending job per outbox row, in one statement; a row that has an unfinished job keeps it. */
export async function enqueueSendJobs(db: Kysely<DB>, outboxIds: readonly string[]): Promise<void> {
  const jobIds = outboxIds.map(() => newId());
  await sql`
    insert into jobs (id, name, payload, key)
    select job_id, ${sendMailJob}, jsonb_build_object('outboxId', id), ${`${sendMailJob}:`} || id
    from unnest(${sql.val(jobIds)}::uuid[], ${sql.val([...outboxIds])}::uuid[]) as o(job_id, id)
    on conflict (key) where status in ('queued', 'running') do nothing`.execute(db);
}

/**
 * Sending jobs for queued mail that has none: mail written while no server had SMTP_URL, or whose job was
 * lost. Returns how many were enqueued.
 */
export async function enqueueMissingSendJobs(db: Kysely<DB>, limit = 5_000): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    with missing as (
      select o.id from outbound_mails o
      where o.status = 'queued'
        and not exists (
          select 1 from jobs j where j.key = ${`${sendMailJob}:`} || o.id and j.status in ('queued', 'running'))
      order by o.created_at
      limit ${limit}
    ), inserted as (
      insert into jobs (id, name, payload, key)
      -- A job id of the database's making: these run on a sweep, not on a request's path.
      select gen_random_uuid(), ${sendMailJob}, jsonb_build_object('outboxId', id), ${`${sendMailJob}:`} || id
      from missing
      on conflict (key) where status in ('queued', 'running') do nothing
      returning 1
    )
    select count(*)::int as n from inserted`.execute(db);
  return rows[0]?.n ?? 0;
}

export function findOutboundMail(db: Kysely<DB>, id: string) {
  return db.selectFrom("outbound_mails").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Claims the mail for this attempt: only a mail still to send is, so a sent one is never sent again. */
export async function startSending(db: Kysely<DB>, id: string): Promise<boolean> {
  const result = await db
    .updateTable("outbound_mails")
    .set({ status: "sending", attempts: sql`attempts + 1` })
    .where("id", "=", id)
    .where("status", "in", ["queued", "sending"])
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function setDeliveryStatus(
  db: Kysely<DB>,
  id: string,
  status: DeliveryStatus,
  error: string | null,
): Promise<void> {
  await db
    .updateTable("outbound_mails")
    .set({ status, last_error: error, ...(status === "sent" ? { sent_at: new Date() } : {}) })
    .where("id", "=", id)
    .execute();
}

/** Files of the comment a reply mails, with their storage keys. */
export function findCommentFiles(db: Kysely<DB>, commentId: string) {
  return db
    .selectFrom("ticket_attachments")
    .select(["name", "content_type", "storage_key"])
    .where("comment_id", "=", commentId)
    .orderBy("created_at")
    .execute();
}

/** The newest mailed reply of a comment, for the retry button. */
export function findCommentDelivery(db: Kysely<DB>, commentId: string) {
  return db
    .selectFrom("outbound_mails")
    .select(["id", "status", "ticket_id"])
    .where("comment_id", "=", commentId)
    .where("kind", "=", "agent-reply")
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirst();
}

export async function requeueOutboundMail(db: Kysely<DB>, id: string): Promise<void> {
  await db
    .updateTable("outbound_mails")
    .set({ status: "queued", attempts: 0, last_error: null })
    .where("id", "=", id)
    .execute();
}

/**
 * The text of the public comment a mail carries (an agent's reply) or reports (a customer's), if it still
 * exists. An internal note is never returned, so no outbox row can carry one, whatever it points at.
 */
export async function findCommentText(db: Kysely<DB>, commentId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom("ticket_comments")
    .select("text")
    .where("id", "=", commentId)
    .where("is_internal", "=", false)
    .executeTakeFirst();
  return row?.text;
}

export type OutboundRendering = {
  mailbox_id: string | null;
  message_id: string;
  in_reply_to: string | null;
  references: string[];
  subject: string;
  text_body: string;
  html_body: string;
};

/**
 * Stores a mail's rendering once: of two senders rendering the same row (a job run twice), the first one's
 * Message-ID is the one every try sends. Returns the row as stored.
 */
export async function saveRendering(db: Kysely<DB>, id: string, rendering: OutboundRendering) {
  const saved = await db
    .updateTable("outbound_mails")
    .set({ ...rendering, rendered_at: new Date() })
    .where("id", "=", id)
    .where("rendered_at", "is", null)
    .returningAll()
    .executeTakeFirst();
  return saved ?? findOutboundMail(db, id);
}

/** A mail that can no longer be written (its comment was deleted before it went out). */
export async function suppressOutboundMail(db: Kysely<DB>, id: string, reason: string): Promise<void> {
  await db
    .updateTable("outbound_mails")
    .set({ status: "suppressed", last_error: reason })
    .where("id", "=", id)
    .where("status", "in", ["queued", "sending"])
    .execute();
}
