import type { Actor } from "../server/context.js";
import { ForbiddenError } from "../shared/errors.js";

export type AttachmentAbilities = { delete: boolean };

/** Whoever uploaded a file may remove it again; admins may remove any file. */
export function attachmentAbilities(
  actor: Actor,
  attachment: { uploaded_by: { id: string } | null },
): AttachmentAbilities {
  return { delete: actor.role === "admin" || attachment.uploaded_by?.id === actor.id };
}

export function authorizeAttachment(
  actor: Actor,
  ability: keyof AttachmentAbilities,
  attachment: { uploaded_by: { id: string } | null },
): void {
  if (!attachmentAbilities(actor, attachment)[ability]) {
    throw new ForbiddenError(`Only the uploader or an admin may ${ability} this file`);
  }
}

/** Adds the caller's abilities to an attachment (or anything shaped like one). */
export function presentAttachment<T extends { uploaded_by: { id: string } | null }>(
  actor: Actor,
  attachment: T,
): T & { abilities: AttachmentAbilities } {
  return { ...attachment, abilities: attachmentAbilities(actor, attachment) };
}
