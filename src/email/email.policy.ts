import type { Actor } from "../server/context.js";
import { ForbiddenError } from "../shared/errors.js";

/**
 * Who may do what with the email channel. Mailboxes hold credentials and decide where mail becomes
 * tickets, and failed mail holds customers' raw messages of any ticket: admins only. Any staff member may
 * retry a reply's delivery and read a comment's original message, as they may read the ticket.
 */
const abilities = {
  "mailbox.manage": "admin",
  "inbound_mail.manage": "admin",
  "delivery.retry": "staff",
  "comment.source": "staff",
  "contact.clear_bounce": "staff",
} as const;

export type EmailAbility = keyof typeof abilities;

export function canEmail(actor: Pick<Actor, "role">, ability: EmailAbility): boolean {
  return abilities[ability] === "admin"
    ? actor.role === "admin"
    : actor.role === "admin" || actor.role === "agent";
}

export function authorizeEmail(actor: Actor, ability: EmailAbility): void {
  if (canEmail(actor, ability)) return;
  throw new ForbiddenError(
    ability === "mailbox.manage"
      ? "Only admins may manage mailboxes"
      : "Only admins may manage incoming mail",
  );
}
