import type { Kysely } from "kysely";
import { countCap } from "../db/capped-count.js";
import type { DB } from "../db/schema.js";
import { queueAgentReply } from "../email/queue-mail.js";
import type { Actor, AppContext } from "../server/context.js";
import { NotFoundError, ValidationError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import { authorizeTicket } from "../tickets/ticket.policy.js";
import { insertTicketEvents } from "../tickets/ticket-event.repository.js";
import { authorizeComment, presentComment } from "./comment.policy.js";
import {
  deleteCommentRow,
  findCommentById,
  findComments,
  findTicketComments,
  findTicketForPolicy,
  linkFilesToComment,
  lockComment,
  lockTicketForComment,
  touchTicket,
  updateCommentText,
} from "./comment.repository.js";
import type { CommentFilters } from "./comment.schema.js";
import { commentKind, recordComment } from "./record-comment.js";

const kind = commentKind;

/**
 * Adds a reply or an internal note. In one transaction: the comment, the ticket's first
 * response (once, by staff, public only), the ticket's updated_at and a `commented` event.
 */
export async function addComment(
  ctx: AppContext,
  actor: Actor,
  ticketId: string,
  input: {
    text: string;
    is_internal: boolean;
    cc?: string[] | undefined;
    attachment_ids?: string[] | undefined;
  },
) {
  if (input.is_internal && input.cc?.length)
    throw ValidationError.field("cc", "internal notes are never mailed; copy addresses on a public reply");
  const id = newId();
  await ctx.db.transaction().execute((trx) => writeComment(trx, ctx, actor, ticketId, { id, ...input }));
  return presentComment(actor, await getComment(ctx, id));
}

/**
 * A staff member's reply or note inside the caller's transaction (addComment, a macro): locks the ticket, lets
 * recordComment apply the comment's rules, joins the reply's files, and writes a public reply's mail to the
 * outbox; an internal note is never mailed.
 */
export async function writeComment(
  trx: Kysely<DB>,
  ctx: AppContext,
  actor: Actor,
  ticketId: string,
  input: {
    id: string;
    text: string;
    is_internal: boolean;
    cc?: string[] | undefined;
    attachment_ids?: string[] | undefined;
  },
): Promise<void> {
  const { id } = input;
  const ticket = await lockTicketForComment(trx, ticketId);
  if (!ticket) throw new NotFoundError("Ticket", ticketId);
  authorizeTicket(actor, "comment", ticket);
  // Taken under the ticket's lock, so comment times follow the order replies commit in.
  const now = new Date();
  await recordComment(trx, ticket, {
    id,
    ticket_id: ticketId,
    text: input.text,
    is_internal: input.is_internal,
    channel: actor.via === "token" ? "api" : "web",
    author: actor,
    author_contact_id: null,
    at: now,
  });
  if (input.attachment_ids?.length) {
    const linked = await linkFilesToComment(trx, ticketId, id, input.attachment_ids);
    if (linked < new Set(input.attachment_ids).size)
      throw ValidationError.field("attachment_ids", "must be files of this ticket not yet part of a comment");
  }
  // A public reply goes to the customer by mail (the outbox, in this transaction); an internal note never.
  if (!input.is_internal) {
    await queueAgentReply(
      { trx, ctx },
      { ticketId, commentId: id, agentName: actor.name, cc: input.cc ?? [] },
    );
  }
}

/** A comment by id (presentComment adds the caller's abilities), or NotFoundError. */
export async function getComment(ctx: AppContext, id: string) {
  const comment = await findCommentById(ctx.db, id);
  if (!comment) throw new NotFoundError("Comment", id);
  return comment;
}

/** Changes a comment's text (author or admin) and records the old and new text. */
export async function editComment(ctx: AppContext, actor: Actor, id: string, input: { text: string }) {
  const now = new Date();
  await ctx.db.transaction().execute(async (trx) => {
    const comment = await lockComment(trx, id);
    if (!comment) throw new NotFoundError("Comment", id);
    authorizeComment(actor, "edit", { author: comment.author_id ? { id: comment.author_id } : null });
    if (comment.text === input.text) return;
    await updateCommentText(trx, id, input.text, now);
    await touchTicket(trx, comment.ticket_id, now);
    await insertTicketEvents(trx, [
      {
        ticket_id: comment.ticket_id,
        actor_id: actor.id,
        type: "comment_edited",
        field: kind(comment.is_internal),
        old_value: comment.text,
        new_value: input.text,
        created_at: now,
      },
    ]);
  });
  return presentComment(actor, await getComment(ctx, id));
}

/**
 * Deletes a comment (author or admin). The ticket's first_response_at stays: the reply was
 * sent, and the history keeps the deleted text.
 */
export async function deleteComment(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const now = new Date();
  await ctx.db.transaction().execute(async (trx) => {
    const comment = await lockComment(trx, id);
    if (!comment) throw new NotFoundError("Comment", id);
    authorizeComment(actor, "delete", { author: comment.author_id ? { id: comment.author_id } : null });
    await deleteCommentRow(trx, id);
    await touchTicket(trx, comment.ticket_id, now);
    await insertTicketEvents(trx, [
      {
        ticket_id: comment.ticket_id,
        actor_id: actor.id,
        type: "comment_deleted",
        field: kind(comment.is_internal),
        old_value: comment.text,
        created_at: now,
      },
    ]);
  });
}

/** One ticket's thread, oldest first. */
export async function findCommentsOfTicket(
  ctx: AppContext,
  actor: Actor,
  ticketId: string,
  page: { limit: number; offset: number },
) {
  if (!(await findTicketForPolicy(ctx.db, ticketId))) throw new NotFoundError("Ticket", ticketId);
  const { count, results } = await findTicketComments(ctx.db, ticketId, page);
  return { count, results: results.map((comment) => presentComment(actor, comment)) };
}

/** Comments across tickets, newest first; the count stops at `cap` matches (count_capped: "at least that many"). */
export async function searchComments(
  ctx: AppContext,
  actor: Actor,
  filters: CommentFilters,
  cap: number = countCap,
) {
  const { count, countCapped, results } = await findComments(ctx.db, filters, cap);
  return {
    count,
    count_capped: countCapped,
    results: results.map((comment) => presentComment(actor, comment)),
  };
}
