import type { ExpressionBuilder, Kysely } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import { type CappedCount, cappedCount, countCap } from "../db/capped-count.js";
import { pageWindow } from "../db/page-window.js";
import type { DB, Insertable, TicketAttachmentsTable } from "../db/schema.js";
import type { AttachmentFilters, AttachmentRow, AttachmentWithTicketRow } from "./attachment.schema.js";
import { formatFileSize } from "./file-size.js";

/** A file as the ticket detail's statement reads it: its uploader's name is put in after. */
const conversationColumns = [
  "a.id",
  "a.ticket_id",
  "a.name",
  "a.size",
  "a.content_type",
  "a.uploaded_by",
  "a.created_at",
] as const;

/** A file with its uploader's name joined (fromAttachments). */
const attachmentColumns = [...conversationColumns, "u.name as uploader_name"] as const;

function fromAttachments(db: Kysely<DB>) {
  return db.selectFrom("ticket_attachments as a").leftJoin("users as u", "u.id", "a.uploaded_by");
}

type FlatAttachment = {
  id: string;
  ticket_id: string;
  name: string;
  size: number;
  content_type: string;
  uploaded_by: string | null;
  uploader_name: string | null;
  created_at: Date;
};

/** The one projection of an attachment: uploader embedded, display size and download link added. */
function toAttachmentRow(row: FlatAttachment): AttachmentRow {
  const { uploaded_by } = row;
  // Field by field, as toCommentRow: no rest-and-spread copy per file.
  return {
    id: row.id,
    ticket_id: row.ticket_id,
    name: row.name,
    size: row.size,
    size_display: formatFileSize(row.size),
    content_type: row.content_type,
    uploaded_by: uploaded_by ? { id: uploaded_by, name: row.uploader_name ?? "" } : null,
    created_at: row.created_at,
    download_url: `/api/v1/attachments/${row.id}/download`,
  };
}

/**
 * The files of the ticket `t` of the enclosing query, oldest first, as one JSON array column (see
 * ticketCommentsJson): the uploaders' names come from the server's directory names, put in with
 * `conversationAttachment`.
 */
export function ticketAttachmentsJson(eb: ExpressionBuilder<DB & { t: DB["tickets"] }, "t">) {
  return jsonArrayFrom(
    eb
      .selectFrom("ticket_attachments as a")
      .select(conversationColumns)
      .whereRef("a.ticket_id", "=", "t.id")
      .orderBy("a.created_at")
      .orderBy("a.id"),
  );
}

/** A file of ticketAttachmentsJson (JSON carries dates as text) with its uploader's name. */
export function conversationAttachment(
  json: Omit<FlatAttachment, "uploader_name" | "created_at"> & { created_at: string },
  uploader: Readonly<[name: string, email: string]> | undefined,
): AttachmentRow {
  return toAttachmentRow({
    id: json.id,
    ticket_id: json.ticket_id,
    name: json.name,
    size: json.size,
    content_type: json.content_type,
    uploaded_by: json.uploaded_by,
    uploader_name: uploader?.[0] ?? null,
    created_at: new Date(json.created_at),
  });
}

export async function findAttachmentsByIds(db: Kysely<DB>, ids: readonly string[]): Promise<AttachmentRow[]> {
  if (ids.length === 0) return [];
  const rows = await fromAttachments(db)
    .select(attachmentColumns)
    .where("a.id", "in", ids)
    .orderBy("a.created_at")
    .orderBy("a.id")
    .execute();
  return rows.map(toAttachmentRow);
}

/** What a download needs: where the file is and how to name it. */
export function findAttachmentFile(db: Kysely<DB>, id: string) {
  return db
    .selectFrom("ticket_attachments")
    .select(["id", "name", "content_type", "storage_key"])
    .where("id", "=", id)
    .executeTakeFirst();
}

/** Locks an attachment for removal, so two removals cannot both succeed. */
export function lockAttachment(db: Kysely<DB>, id: string) {
  return db
    .selectFrom("ticket_attachments")
    .select(["id", "ticket_id", "name", "storage_key", "uploaded_by"])
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
}

export async function insertAttachments(
  db: Kysely<DB>,
  rows: readonly Insertable<TicketAttachmentsTable>[],
): Promise<void> {
  if (rows.length > 0) await db.insertInto("ticket_attachments").values(rows).execute();
}

export async function deleteAttachmentRow(db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom("ticket_attachments").where("id", "=", id).execute();
}

/**
 * Storage keys of every file of a ticket. The ticket's deletion reads these inside its
 * transaction and removes the files after commit (rows go with the ticket by cascade).
 */
export async function storageKeysOfTicket(db: Kysely<DB>, ticketId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("ticket_attachments")
    .select("storage_key")
    .where("ticket_id", "=", ticketId)
    .execute();
  return rows.map((row) => row.storage_key);
}

function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Ids of attachments whose file name or ticket number contains the search: one branch per
 * trigram index (ticket_attachments_name_trgm, tickets_ticket_number_trgm), unioned.
 */
function attachmentIdsMatching(db: Kysely<DB>, search: string) {
  const pattern = likePattern(search);
  return db
    .selectFrom("ticket_attachments")
    .select("id")
    .where("name", "ilike", pattern)
    .union(
      db
        .selectFrom("ticket_attachments as sa")
        .innerJoin("tickets as st", "st.id", "sa.ticket_id")
        .select("sa.id")
        .where("st.ticket_number", "ilike", pattern),
    );
}

/** The filtered attachments, with their ticket and uploader joined; exported for the EXPLAIN test. */
export function selectMatchingAttachments(
  db: Kysely<DB>,
  filters: Omit<AttachmentFilters, "limit" | "offset">,
) {
  let query = fromAttachments(db).innerJoin("tickets as t", "t.id", "a.ticket_id");
  if (filters.ticket_id) query = query.where("a.ticket_id", "=", filters.ticket_id);
  if (filters.search) query = query.where("a.id", "in", attachmentIdsMatching(db, filters.search));
  return query;
}

/** Files across tickets, newest first, with their ticket; the count stops at `cap` (countCapped). */
export async function findAttachments(
  db: Kysely<DB>,
  filters: AttachmentFilters,
  cap: number = countCap,
): Promise<CappedCount & { results: AttachmentWithTicketRow[] }> {
  const base = selectMatchingAttachments(db, filters);
  const count = await cappedCount(db, base, cap);
  const rows = await base
    .select([...attachmentColumns, "t.ticket_number", "t.subject"])
    .orderBy("a.created_at", "desc")
    .orderBy("a.id", "desc")
    .$call((q) => pageWindow(q, filters))
    .execute();
  return {
    ...count,
    results: rows.map(({ ticket_number, subject, ...row }) => ({
      ...toAttachmentRow(row),
      ticket: { id: row.ticket_id, ticket_number, subject },
    })),
  };
}
