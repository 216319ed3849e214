import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import { type CappedCount, cappedCount, countCap } from "../db/capped-count.js";
import { pageWindow } from "../db/page-window.js";
import type { Channel, DB, DeliveryStatus } from "../db/schema.js";
import type { CommentFilters, CommentRow, CommentWithTicketRow } from "./comment.schema.js";

type Page = { limit: number; offset: number };

/** A comment as the ticket detail's statement reads it: its author's name and email are put in after. */
const conversationColumns = [
  "c.id",
  "c.ticket_id",
  "c.author_id",
  "c.text",
  "c.is_internal",
  "c.channel",
  "c.created_at",
  "c.updated_at",
] as const;

/**
 * What mail adds to a comment (issue 20): the contact who wrote it, the delivery of the reply mailed to the
 * customer (its newest try), and whether the inbound mail it came from is kept. Each is an index lookup
 * by the comment's id; a comment from the web app or the API has none of them.
 */
function authorContactColumn(eb: ExpressionBuilder<DB & { c: DB["ticket_comments"] }, "c">) {
  return eb
    .selectFrom("contacts as ac")
    .select(sql<[string, string, string]>`array[ac.id::text, ac.name, ac.email]`.as("x"))
    .whereRef("ac.id", "=", "c.author_contact_id")
    .as("author_contact");
}

function mailColumns(eb: ExpressionBuilder<DB & { c: DB["ticket_comments"] }, "c">) {
  return [
    authorContactColumn(eb),
    eb
      .selectFrom("outbound_mails as om")
      .select(
        sql<[string, string | null, number]>`array[om.status, om.last_error, om.attempts::text]`.as("x"),
      )
      .whereRef("om.comment_id", "=", "c.id")
      .where("om.kind", "=", "agent-reply")
      .orderBy("om.created_at", "desc")
      .limit(1)
      .as("delivery"),
    eb
      .exists(eb.selectFrom("inbound_mails as im").select("im.id").whereRef("im.comment_id", "=", "c.id"))
      .as("has_source"),
  ];
}

/** A comment with its author joined (fromComments). */
const commentColumns = [...conversationColumns, "u.name as author_name", "u.email as author_email"] as const;

function fromComments(db: Kysely<DB>) {
  return db.selectFrom("ticket_comments as c").leftJoin("users as u", "u.id", "c.author_id");
}

type FlatComment = {
  id: string;
  ticket_id: string;
  author_id: string | null;
  author_name: string | null;
  author_email: string | null;
  text: string;
  is_internal: boolean;
  channel: Channel;
  author_contact: readonly string[] | null;
  delivery: readonly (string | number | null)[] | null;
  has_source: boolean | number;
  created_at: Date;
  updated_at: Date;
};

/**
 * The one projection of a comment: the author embedded, null once the user is gone. Written field by field:
 * rest-and-spread copies were 10% of the server's CPU on a ticket detail with 10 comments (round 10).
 */
function toCommentRow(row: FlatComment): CommentRow {
  const { author_id } = row;
  return {
    id: row.id,
    ticket_id: row.ticket_id,
    text: row.text,
    is_internal: row.is_internal,
    channel: row.channel,
    created_at: row.created_at,
    updated_at: row.updated_at,
    author: author_id ? { id: author_id, name: row.author_name ?? "", email: row.author_email ?? "" } : null,
    author_contact: row.author_contact
      ? {
          id: row.author_contact[0] ?? "",
          name: row.author_contact[1] ?? "",
          email: row.author_contact[2] ?? "",
        }
      : null,
    delivery: row.delivery
      ? {
          status: row.delivery[0] as DeliveryStatus,
          error: (row.delivery[1] as string | null) ?? null,
          attempts: Number(row.delivery[2]),
        }
      : null,
    has_source: Boolean(row.has_source),
  };
}

/**
 * The comments of the ticket `t` of the enclosing query, oldest first, as one JSON array column: the ticket
 * detail reads the ticket, its conversation and its files in one statement. The authors' names come from
 * the server's directory names (directory-names.ts) instead of a lookup per comment; put them in with
 * `conversationComment`.
 */
export function ticketCommentsJson(eb: ExpressionBuilder<DB & { t: DB["tickets"] }, "t">) {
  return jsonArrayFrom(
    eb
      .selectFrom("ticket_comments as c")
      .select(conversationColumns)
      .select((ceb) => authorContactColumn(ceb))
      .whereRef("c.ticket_id", "=", "t.id")
      .orderBy("c.created_at")
      .orderBy("c.id"),
  );
}

/**
 * What mail did with the comments of the ticket `t` of the enclosing query, read once per ticket through
 * the mail tables' ticket indexes (not once per comment): each mailed reply's newest delivery by comment,
 * and the comments that arrived as mail (their original message is kept).
 */
export function ticketCommentMailJson(eb: ExpressionBuilder<DB & { t: DB["tickets"] }, "t">) {
  return sql<{ deliveries: [string, string, string | null, number][]; sources: string[] }>`json_build_object(
    'deliveries', (
      select coalesce(json_agg(json_build_array(om.comment_id, om.status, om.last_error, om.attempts)
        order by om.created_at), '[]')
      from outbound_mails om
      where om.ticket_id = ${eb.ref("t.id")} and om.kind = 'agent-reply' and om.comment_id is not null),
    'sources', (
      select coalesce(json_agg(im.comment_id), '[]')
      from inbound_mails im
      where im.ticket_id = ${eb.ref("t.id")} and im.comment_id is not null))`;
}
export type TicketCommentMail = {
  deliveries: readonly (readonly (string | number | null)[])[];
  sources: readonly string[];
};

/** Looks up a comment's delivery and source in one ticket's ticketCommentMailJson. */
export function commentMailOf(mail: TicketCommentMail) {
  const deliveries = new Map<string, readonly (string | number | null)[]>();
  // Oldest first: the newest try of each comment wins.
  for (const row of mail.deliveries) deliveries.set(String(row[0]), row.slice(1));
  const sources = new Set(mail.sources);
  return (commentId: string) => ({
    delivery: deliveries.get(commentId) ?? null,
    has_source: sources.has(commentId),
  });
}

/** A comment of ticketCommentsJson (JSON carries dates as text) with its author's name and email. */
export function conversationComment(
  json: Omit<
    FlatComment,
    "author_name" | "author_email" | "created_at" | "updated_at" | "delivery" | "has_source"
  > & {
    created_at: string;
    updated_at: string;
  },
  author: Readonly<[name: string, email: string]> | undefined,
  mail: ReturnType<ReturnType<typeof commentMailOf>>,
): CommentRow {
  return toCommentRow({
    id: json.id,
    ticket_id: json.ticket_id,
    author_id: json.author_id,
    author_name: author?.[0] ?? null,
    author_email: author?.[1] ?? null,
    text: json.text,
    is_internal: json.is_internal,
    channel: json.channel,
    author_contact: json.author_contact,
    delivery: mail.delivery,
    has_source: mail.has_source,
    created_at: new Date(json.created_at),
    updated_at: new Date(json.updated_at),
  });
}

export async function findTicketComments(db: Kysely<DB>, ticketId: string, page: Page) {
  const base = fromComments(db).where("c.ticket_id", "=", ticketId);
  const [{ count } = { count: 0 }] = await base.select(sql<number>`count(*)::int`.as("count")).execute();
  const rows = await base
    .select(commentColumns)
    .select((eb) => mailColumns(eb))
    .orderBy("c.created_at")
    .orderBy("c.id")
    .$call((q) => pageWindow(q, page))
    .execute();
  return { count, results: rows.map(toCommentRow) };
}

export async function findCommentById(db: Kysely<DB>, id: string): Promise<CommentRow | undefined> {
  const row = await fromComments(db)
    .select(commentColumns)
    .select((eb) => mailColumns(eb))
    .where("c.id", "=", id)
    .executeTakeFirst();
  return row && toCommentRow(row);
}

/** Locks a comment for a change, so an edit and a delete cannot cross. */
export async function lockComment(db: Kysely<DB>, id: string) {
  return db
    .selectFrom("ticket_comments")
    .select(["id", "ticket_id", "author_id", "text", "is_internal"])
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
}

/** Locks the ticket a comment is being added to; undefined when there is no such ticket. */
export async function lockTicketForComment(db: Kysely<DB>, ticketId: string) {
  return db
    .selectFrom("tickets")
    .select(["id", "status", "first_response_at"])
    .where("id", "=", ticketId)
    .forNoKeyUpdate()
    .executeTakeFirst();
}

/** What the ticket policy needs to know about a ticket; undefined when there is no such ticket. */
export function findTicketForPolicy(db: Kysely<DB>, ticketId: string) {
  return db.selectFrom("tickets").select(["id", "status"]).where("id", "=", ticketId).executeTakeFirst();
}

export async function insertComment(
  db: Kysely<DB>,
  values: {
    id: string;
    ticket_id: string;
    author_id: string | null;
    author_contact_id?: string | null;
    channel?: Channel;
    text: string;
    is_internal: boolean;
    at: Date;
  },
): Promise<void> {
  const { at, ...rest } = values;
  await db
    .insertInto("ticket_comments")
    .values({ ...rest, created_at: at, updated_at: at })
    .execute();
}

export async function updateCommentText(db: Kysely<DB>, id: string, text: string, at: Date): Promise<void> {
  await db.updateTable("ticket_comments").set({ text, updated_at: at }).where("id", "=", id).execute();
}

export async function deleteCommentRow(db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom("ticket_comments").where("id", "=", id).execute();
}

/** Files uploaded for a reply join it (a file belongs to one comment); returns how many did. */
export async function linkFilesToComment(
  db: Kysely<DB>,
  ticketId: string,
  commentId: string,
  fileIds: readonly string[],
): Promise<number> {
  const rows = await db
    .updateTable("ticket_attachments")
    .set({ comment_id: commentId })
    .where("ticket_id", "=", ticketId)
    .where("id", "in", [...fileIds])
    .where("comment_id", "is", null)
    .returning("id")
    .execute();
  return rows.length;
}

/** Records the first response once: a concurrent reply that got here first keeps its time. */
export async function markFirstResponse(db: Kysely<DB>, ticketId: string, at: Date): Promise<void> {
  await db
    .updateTable("tickets")
    // The queue's next SLA due time is now the resolution's (none while paused or done; sla/ticket-sla.ts).
    .set({
      first_response_at: at,
      sla_next_due_at: sql`case when status in ('pending', 'resolved', 'closed') then null else resolution_due_at end`,
    })
    .where("id", "=", ticketId)
    .where("first_response_at", "is", null)
    .execute();
}

/** Activity on a ticket's thread counts as a change of the ticket. */
export async function touchTicket(db: Kysely<DB>, ticketId: string, at: Date): Promise<void> {
  await db.updateTable("tickets").set({ updated_at: at }).where("id", "=", ticketId).execute();
}

function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Ids of comments matching a search: words in the text (full-text, GIN index
 * ticket_comments_search_idx), or part of the ticket number, subject or author name. One
 * branch per index, unioned, so no branch turns the others into a scan of every comment.
 */
function commentIdsMatching(db: Kysely<DB>, search: string) {
  const pattern = likePattern(search);
  return db
    .selectFrom("ticket_comments")
    .select("id")
    .where(sql<boolean>`to_tsvector('english', text) @@ websearch_to_tsquery('english', ${search})`)
    .union(
      db
        .selectFrom("ticket_comments as sc")
        .innerJoin("tickets as st", "st.id", "sc.ticket_id")
        .select("sc.id")
        .where("st.ticket_number", "ilike", pattern),
    )
    .union(
      db
        .selectFrom("ticket_comments as sc")
        .innerJoin("tickets as st", "st.id", "sc.ticket_id")
        .select("sc.id")
        .where("st.subject", "ilike", pattern),
    )
    .union(
      db
        .selectFrom("ticket_comments as sc")
        .innerJoin("users as su", "su.id", "sc.author_id")
        .select("sc.id")
        .where("su.name", "ilike", pattern),
    );
}

/** The filtered comments, with their ticket and author joined; exported for the EXPLAIN test. */
export function selectMatchingComments(db: Kysely<DB>, filters: Omit<CommentFilters, "limit" | "offset">) {
  let query = fromComments(db).innerJoin("tickets as t", "t.id", "c.ticket_id");
  if (filters.ticket_id) query = query.where("c.ticket_id", "=", filters.ticket_id);
  if (filters.is_internal !== undefined) query = query.where("c.is_internal", "=", filters.is_internal);
  if (filters.search) query = query.where("c.id", "in", commentIdsMatching(db, filters.search));
  return query;
}

/** Comments across tickets, newest first, with their ticket; the count stops at `cap` (countCapped). */
export async function findComments(
  db: Kysely<DB>,
  filters: CommentFilters,
  cap: number = countCap,
): Promise<CappedCount & { results: CommentWithTicketRow[] }> {
  const base = selectMatchingComments(db, filters);
  const count = await cappedCount(db, base, cap);
  const rows = await base
    .select([...commentColumns, "t.ticket_number", "t.subject"])
    .select((eb) => mailColumns(eb))
    .orderBy("c.created_at", "desc")
    .orderBy("c.id", "desc")
    .$call((q) => pageWindow(q, filters))
    .execute();
  return {
    ...count,
    results: rows.map(({ ticket_number, subject, ...row }) => ({
      ...toCommentRow(row),
      ticket: { id: row.ticket_id, ticket_number, subject },
    })),
  };
}
