import { userRoles } from "../db/schema.js";

/** Who wrote a comment: a user with a role, or nobody (a customer's message, or a deleted user). */
export type CommentAuthor = { role: string } | null;

const staffRoles: ReadonlySet<string> = new Set(userRoles);

/**
 * SPEC §3.6: the first public comment by an agent or admin is the ticket's first response.
 * Returns the time to record, or null when this comment leaves first_response_at as it is:
 * the ticket already has one, the comment is an internal note, or it was not written by staff.
 */
export function firstResponseAt(
  ticket: { first_response_at: Date | null },
  comment: { is_internal: boolean; author: CommentAuthor; created_at: Date },
): Date | null {
  if (ticket.first_response_at !== null) return null;
  if (comment.is_internal) return null;
  if (comment.author === null || !staffRoles.has(comment.author.role)) return null;
  return comment.created_at;
}
