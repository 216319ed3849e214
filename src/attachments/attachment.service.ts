import type { Readable } from "node:stream";
import { findTicketForPolicy, touchTicket } from "../comments/comment.repository.js";
import { countCap } from "../db/capped-count.js";
import type { Actor, AppContext } from "../server/context.js";
import { NotFoundError, ValidationError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import { authorizeTicket } from "../tickets/ticket.policy.js";
import { insertTicketEvents } from "../tickets/ticket-event.repository.js";
import { authorizeAttachment, presentAttachment } from "./attachment.policy.js";
import {
  deleteAttachmentRow,
  findAttachmentFile,
  findAttachments,
  findAttachmentsByIds,
  insertAttachments,
  lockAttachment,
} from "./attachment.repository.js";
import type { AttachmentFilters } from "./attachment.schema.js";
import { detectContentType } from "./content-type.js";
import { sanitizeFileName } from "./file-name.js";

/** One file of a multipart upload, as the HTTP layer hands it over: still a stream. */
export type IncomingFile = { fieldname: string; filename: string; mimetype: string; file: Readable };

type StoredUpload = { id: string; key: string; size: number; name: string; clientType: string };

/**
 * Streams each file to storage (never whole in memory, never inside a transaction). Anything
 * that goes wrong — a file over the limit, a wrong part — removes what this request stored.
 */
async function storeFiles(ctx: AppContext, files: AsyncIterable<IncomingFile>): Promise<StoredUpload[]> {
  const stored: StoredUpload[] = [];
  try {
    for await (const part of files) {
      if (part.fieldname !== "file") {
        throw ValidationError.field(part.fieldname, "send files as parts named 'file'");
      }
      const saved = await ctx.storage.save(part.file, { maxBytes: ctx.config.attachmentMaxBytes });
      stored.push({
        id: newId(),
        key: saved.key,
        size: saved.size,
        name: sanitizeFileName(part.filename),
        clientType: part.mimetype,
      });
    }
  } catch (error) {
    await ctx.storage.remove(stored.map((s) => s.key));
    throw error;
  }
  if (stored.length === 0) throw ValidationError.field("file", "attach at least one file");
  return stored;
}

/**
 * Attaches the uploaded files to a ticket: files first, then their rows, the ticket's
 * updated_at and one `attachment_added` event each, in one transaction. If the rows cannot
 * be written the files are removed again, so no file is ever left without its row.
 */
export async function uploadAttachments(
  ctx: AppContext,
  actor: Actor,
  ticketId: string,
  files: AsyncIterable<IncomingFile>,
) {
  const ticket = await findTicketForPolicy(ctx.db, ticketId);
  if (!ticket) throw new NotFoundError("Ticket", ticketId);
  authorizeTicket(actor, "upload", ticket);
  const stored = await storeFiles(ctx, files);
  try {
    const types = await Promise.all(
      stored.map((s) => detectContentType(ctx.storage.pathOf(s.key), s.clientType)),
    );
    await ctx.db.transaction().execute(async (trx) => {
      const now = new Date();
      await insertAttachments(
        trx,
        stored.map((s, i) => ({
          id: s.id,
          ticket_id: ticketId,
          name: s.name,
          size: s.size,
          content_type: types[i] ?? "application/octet-stream",
          storage_key: s.key,
          uploaded_by: actor.id,
          created_at: now,
          updated_at: now,
        })),
      );
      await touchTicket(trx, ticketId, now);
      await insertTicketEvents(
        trx,
        stored.map((s) => ({
          ticket_id: ticketId,
          actor_id: actor.id,
          type: "attachment_added",
          field: "attachment",
          new_value: s.name,
          created_at: now,
        })),
      );
    });
  } catch (error) {
    await ctx.storage.remove(stored.map((s) => s.key));
    // The ticket was deleted while the files were streaming in.
    if ((error as { code?: string }).code === "23503") throw new NotFoundError("Ticket", ticketId);
    throw error;
  }
  const rows = await findAttachmentsByIds(
    ctx.db,
    stored.map((s) => s.id),
  );
  return { results: rows.map((row) => presentAttachment(actor, row)) };
}

/** An attachment's bytes and how to name them; 404 when the row or its file is missing. */
export async function openAttachmentDownload(ctx: AppContext, id: string) {
  const attachment = await findAttachmentFile(ctx.db, id);
  if (!attachment) throw new NotFoundError("Attachment", id);
  const file = await ctx.storage.open(attachment.storage_key);
  if (!file) throw new NotFoundError("The file of attachment", id);
  return { name: attachment.name, contentType: attachment.content_type, ...file };
}

/** Removes an attachment (uploader or admin): the row and event commit first, then the file goes. */
export async function deleteAttachment(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const key = await ctx.db.transaction().execute(async (trx) => {
    const attachment = await lockAttachment(trx, id);
    if (!attachment) throw new NotFoundError("Attachment", id);
    authorizeAttachment(actor, "delete", {
      uploaded_by: attachment.uploaded_by ? { id: attachment.uploaded_by } : null,
    });
    const now = new Date();
    await deleteAttachmentRow(trx, id);
    await touchTicket(trx, attachment.ticket_id, now);
    await insertTicketEvents(trx, [
      {
        ticket_id: attachment.ticket_id,
        actor_id: actor.id,
        type: "attachment_removed",
        field: "attachment",
        old_value: attachment.name,
        created_at: now,
      },
    ]);
    return attachment.storage_key;
  });
  await ctx.storage.remove([key]);
}

/** Files across tickets, newest first; the count stops at `cap` matches (count_capped: "at least that many"). */
export async function searchAttachments(
  ctx: AppContext,
  actor: Actor,
  filters: AttachmentFilters,
  cap: number = countCap,
) {
  const { count, countCapped, results } = await findAttachments(ctx.db, filters, cap);
  return {
    count,
    count_capped: countCapped,
    results: results.map((row) => presentAttachment(actor, row)),
  };
}
