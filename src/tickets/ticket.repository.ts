import { type Kysely, sql } from "kysely";
import { conversationAttachment, ticketAttachmentsJson } from "../attachments/attachment.repository.js";
import {
  commentMailOf,
  conversationComment,
  ticketCommentMailJson,
  ticketCommentsJson,
} from "../comments/comment.repository.js";
import { pageWindow } from "../db/page-window.js";
import type { DB } from "../db/schema.js";
import { StatementTemplate } from "../db/statement-template.js";
import type { DirectoryNames, TicketNames } from "../directory/directory-names.js";
import { directoryVersion } from "../directory/directory-names.repository.js";
import type { TicketState } from "./ticket-rules.js";

/** Every ticket query starts here, so filters and the projection compose on the same alias. */
export function fromTickets(db: Kysely<DB>) {
  return db.selectFrom("tickets as t");
}
export type TicketQuery = ReturnType<typeof fromTickets>;

const count = sql<number>`count(*)::int`;

/**
 * The one projection of the ticket representation: the row, the three counts (columns kept by triggers) and
 * the directory version it was read at, so a page of any size is one query. The embedded company, contact,
 * assignee, team and creator names come from the server's memory of them (directory-names.ts), which that
 * version keeps exact: as five lookups per row they were most of PostgreSQL's work for a list page, whether
 * written as scalar subqueries or joins (bench/README.md, rounds 8 and 9).
 */
export function selectTicketColumns(query: TicketQuery) {
  return query.select([
    "t.id",
    "t.ticket_number",
    "t.subject",
    "t.description",
    "t.status",
    "t.priority",
    "t.category",
    "t.tags",
    "t.channel",
    "t.follow_up_of",
    "t.cc",
    "t.company_id",
    "t.contact_id",
    "t.assigned_to",
    "t.assigned_team",
    "t.created_by",
    "t.first_response_at",
    "t.resolved_at",
    "t.closed_at",
    "t.due_date",
    "t.due_date_from_sla",
    "t.first_response_due_at",
    "t.resolution_due_at",
    "t.sla_first_response_notice",
    "t.sla_resolution_notice",
    "t.sla_next_due_at",
    "t.reopened_count",
    // Kept by triggers (migration 0013): no per-row counting.
    "t.comments_count",
    "t.internal_notes_count",
    "t.attachments_count",
    "t.created_at",
    "t.updated_at",
    // Read once per statement (an InitPlan), whatever the number of rows.
    directoryVersion.as("directory_version"),
  ]);
}
/** A ticket as its statement returns it, before the names are put in. */
export type TicketRecord = Awaited<
  ReturnType<ReturnType<typeof selectTicketColumns>["executeTakeFirstOrThrow"]>
>;
/** A ticket with the names it embeds: what the presenter reads. */
export type TicketRow = TicketRecord & TicketNames;

/** A ticket by id or by number (numbers are stored upper-case). */
export type TicketKey = { id: string } | { ticket_number: string };

type KeyColumn = "t.id" | "t.ticket_number";

/** The ticket with that id, or that number (numbers are stored upper-case). */
function byKey(db: Kysely<DB>, column: KeyColumn, value: string) {
  return fromTickets(db).where(column, "=", value);
}

function withConversation(db: Kysely<DB>, column: KeyColumn, value: string) {
  return selectTicketColumns(byKey(db, column, value)).select((eb) => [
    ticketCommentsJson(eb).as("comments"),
    ticketCommentMailJson(eb).as("comment_mail"),
    ticketAttachmentsJson(eb).as("attachments"),
  ]);
}

// Built and compiled once each (statement-template.ts): these run on every ticket page and lookup.
const conversationById = new StatementTemplate((db, id: string) => withConversation(db, "t.id", id));
const conversationByNumber = new StatementTemplate((db, n: string) =>
  withConversation(db, "t.ticket_number", n),
);
const ticketById = new StatementTemplate((db, id: string) => selectTicketColumns(byKey(db, "t.id", id)));
const ticketByNumber = new StatementTemplate((db, n: string) =>
  selectTicketColumns(byKey(db, "t.ticket_number", n)),
);

/**
 * A ticket with its comments and files (JSON columns): the ticket detail in one statement. The names of the
 * ticket's records, its comments' authors and its files' uploaders come from memory, or together in one
 * more statement.
 */
export async function findTicketWithConversation(db: Kysely<DB>, names: DirectoryNames, key: TicketKey) {
  const row =
    "id" in key
      ? await conversationById.executeTakeFirst(db, key.id)
      : await conversationByNumber.executeTakeFirst(db, key.ticket_number);
  if (!row) return undefined;
  const userIds: string[] = [];
  for (const comment of row.comments) if (comment.author_id !== null) userIds.push(comment.author_id);
  for (const file of row.attachments) if (file.uploaded_by !== null) userIds.push(file.uploaded_by);
  const { ticket, person } = await names.nameWithPeople(db, row, userIds);
  // The row is handed on uncopied (copying 30 fields to drop the two JSON columns cost a rest-and-spread per
  // request); its type hides those columns, so callers read only the projected comments and files below.
  const { comments, attachments, comment_mail } = ticket;
  const mailOf = commentMailOf(comment_mail);
  return {
    ticket: ticket as Omit<typeof ticket, "comments" | "attachments" | "comment_mail">,
    comments: comments.map((comment) =>
      conversationComment(comment, person(comment.author_id), mailOf(comment.id)),
    ),
    attachments: attachments.map((file) => conversationAttachment(file, person(file.uploaded_by))),
  };
}

/** A ticket as its statement returns it, without its names. */
export async function findTicketRecord(db: Kysely<DB>, key: TicketKey): Promise<TicketRecord | undefined> {
  return "id" in key
    ? ticketById.executeTakeFirst(db, key.id)
    : ticketByNumber.executeTakeFirst(db, key.ticket_number);
}

export async function findTicket(
  db: Kysely<DB>,
  names: DirectoryNames,
  key: TicketKey,
): Promise<TicketRow | undefined> {
  return names.nameOne(db, await findTicketRecord(db, key));
}

const stateColumns = [
  "status",
  "resolved_at",
  "closed_at",
  "reopened_count",
  "subject",
  "description",
  "priority",
  "category",
  "company_id",
  "contact_id",
  "assigned_to",
  "assigned_team",
  "due_date",
  "tags",
  "cc",
] as const;

/** The ticket's current state, locked until the transaction ends so concurrent updates queue up. */
export async function lockTicket(
  trx: Kysely<DB>,
  id: string,
): Promise<(TicketState & { company_id: string }) | undefined> {
  return trx.selectFrom("tickets").select(stateColumns).where("id", "=", id).forUpdate().executeTakeFirst();
}

/** lockTicket with the first response too: a reply that may change the status (mail, portal) locks once. */
export async function lockTicketForReply(trx: Kysely<DB>, id: string) {
  return trx
    .selectFrom("tickets")
    .select([...stateColumns, "first_response_at"])
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateTicketRow(
  trx: Kysely<DB>,
  id: string,
  patch: Partial<TicketState>,
): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await trx.updateTable("tickets").set(patch).where("id", "=", id).execute();
}

/**
 * Deletes a ticket (comments, events and attachment rows go with it) and returns the attachments'
 * storage keys, so the caller removes the files after commit. Undefined when there was no such ticket.
 */
export async function deleteTicketRow(trx: Kysely<DB>, id: string): Promise<string[] | undefined> {
  // Lock first: an upload racing the delete waits on its foreign key check, then fails, instead of leaving a row.
  const locked = await trx
    .selectFrom("tickets")
    .select("id")
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
  if (!locked) return undefined;
  const files = await trx
    .deleteFrom("ticket_attachments")
    .where("ticket_id", "=", id)
    .returning("storage_key")
    .execute();
  await trx.deleteFrom("tickets").where("id", "=", id).execute();
  return files.map((file) => file.storage_key);
}

/** A ticket's history, oldest first, with the actor embedded. */
export async function findTicketEvents(
  db: Kysely<DB>,
  ticketId: string,
  page: { limit: number; offset: number },
) {
  const base = db.selectFrom("ticket_events as e").where("e.ticket_id", "=", ticketId);
  const { n } = await base.select(count.as("n")).executeTakeFirstOrThrow();
  const rows = await base
    .leftJoin("users as u", "u.id", "e.actor_id")
    .select([
      "e.id",
      "e.ticket_id",
      "e.type",
      "e.field",
      "e.old_value",
      "e.new_value",
      "e.actor_id",
      "u.name as actor_name",
      "e.created_at",
    ])
    .orderBy("e.created_at")
    .orderBy("e.id")
    .$call((q) => pageWindow(q, page))
    .execute();
  return {
    count: n,
    results: rows.map(({ actor_id, actor_name, ...row }) => ({
      ...row,
      actor: actor_id && actor_name !== null ? { id: actor_id, name: actor_name } : null,
    })),
  };
}
