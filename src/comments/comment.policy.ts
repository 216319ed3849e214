import type { Actor } from "../server/context.js";
import { ForbiddenError } from "../shared/errors.js";

export type CommentAbility = "edit" | "delete";
export type CommentAbilities = Record<CommentAbility, boolean>;

/** Authors may change their own words; admins may change anyone's (moderation, removing leaked secrets). */
export function commentAbilities(actor: Actor, comment: { author: { id: string } | null }): CommentAbilities {
  const allowed = actor.role === "admin" || comment.author?.id === actor.id;
  return { edit: allowed, delete: allowed };
}

export function authorizeComment(
  actor: Actor,
  ability: CommentAbility,
  comment: { author: { id: string } | null },
): void {
  if (!commentAbilities(actor, comment)[ability]) {
    throw new ForbiddenError(`Only the author or an admin may ${ability} this comment`);
  }
}

/** Adds the caller's abilities to a comment (or anything shaped like one). */
export function presentComment<T extends { author: { id: string } | null }>(
  actor: Actor,
  comment: T,
): T & { abilities: CommentAbilities } {
  return { ...comment, abilities: commentAbilities(actor, comment) };
}
