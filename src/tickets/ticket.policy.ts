import type { TicketStatus, UserRole } from "../db/schema.js";
import { ForbiddenError } from "../shared/errors.js";

export type TicketAbility = "update" | "comment" | "upload" | "reopen" | "delete";
export type TicketAbilities = Record<TicketAbility, boolean>;

type Caller = { role: UserRole };
type PolicyTicket = { status: TicketStatus };

/**
 * What the caller may do with a ticket (SPEC §1). Agents work every ticket; a closed ticket is final
 * for them (only admins edit or reopen it), though notes and files may still be added to it, so the
 * record of a later customer call is not lost. A resolved ticket may be reopened by any agent.
 * Deleting is for admins. The API returns these with every ticket so the web app never re-derives them.
 */
export function ticketAbilities(actor: Caller, ticket: PolicyTicket): TicketAbilities {
  const admin = actor.role === "admin";
  const closed = ticket.status === "closed";
  return {
    update: admin || !closed,
    comment: true,
    upload: true,
    reopen: ticket.status === "resolved" || (closed && admin),
    delete: admin,
  };
}

const refusals: Record<TicketAbility, string> = {
  update: "Only admins may change a closed ticket",
  comment: "You may not comment on this ticket",
  upload: "You may not attach files to this ticket",
  reopen: "Only admins may reopen a closed ticket",
  delete: "Only admins may delete tickets",
};

/** Throws ForbiddenError unless the caller has the ability on the ticket. */
export function authorizeTicket(actor: Caller, ability: TicketAbility, ticket: PolicyTicket): void {
  if (!ticketAbilities(actor, ticket)[ability]) throw new ForbiddenError(refusals[ability]);
}
