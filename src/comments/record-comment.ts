import type { Kysely } from "kysely";
import type { Channel, DB } from "../db/schema.js";
import { insertTicketEvents } from "../tickets/ticket-event.repository.js";
import { insertComment, markFirstResponse, touchTicket } from "./comment.repository.js";
import { firstResponseAt } from "./first-response.js";

/** History entries name the kind of comment; old/new value carry the text before and after. */
export const commentKind = (isInternal: boolean) => (isInternal ? "internal_note" : "comment");

export type NewComment = {
  id: string;
  ticket_id: string;
  text: string;
  is_internal: boolean;
  channel: Channel;
  /** Staff who wrote it (with their role, for the first response), or null. */
  author: { id: string; role: string } | null;
  /** The contact who wrote it (by mail or the portal), or null. */
  author_contact_id: string | null;
  at: Date;
};

/**
 * A comment with what it does to its ticket, inside the caller's transaction, with the ticket already
 * locked (lockTicketForComment): the comment, the ticket's first response (once, by staff, public only,
 * SPEC §3.6), its updated_at and a `commented` event. Every way a comment is written (the API, mail, the
 * portal) goes through here, so none of these rules is written twice.
 */
export async function recordComment(
  trx: Kysely<DB>,
  ticket: { first_response_at: Date | null },
  comment: NewComment,
): Promise<void> {
  await insertComment(trx, {
    id: comment.id,
    ticket_id: comment.ticket_id,
    author_id: comment.author?.id ?? null,
    author_contact_id: comment.author_contact_id,
    channel: comment.channel,
    text: comment.text,
    is_internal: comment.is_internal,
    at: comment.at,
  });
  const firstResponse = firstResponseAt(ticket, {
    is_internal: comment.is_internal,
    author: comment.author,
    created_at: comment.at,
  });
  if (firstResponse) await markFirstResponse(trx, comment.ticket_id, firstResponse);
  await touchTicket(trx, comment.ticket_id, comment.at);
  await insertTicketEvents(trx, [
    {
      ticket_id: comment.ticket_id,
      actor_id: comment.author?.id ?? null,
      actor_contact_id: comment.author_contact_id,
      type: "commented",
      field: commentKind(comment.is_internal),
      new_value: comment.text,
      created_at: comment.at,
    },
  ]);
}
