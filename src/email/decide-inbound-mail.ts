import type { TicketStatus } from "../db/schema.js";

/**
 * SPEC §6 "An inbound message", as a pure decision: what the facts about one message (looked up by
 * process-inbound-mail.ts) make of it. The rules apply in the SPEC's order: a stored Message-ID, automatic
 * mail and bounces, threading, the sender, then a new ticket, a reply, or a follow-up.
 */

/** A ticket as threading and the reply rules read it. */
export type ThreadTicket = {
  id: string;
  ticket_number: string;
  status: TicketStatus;
  company_id: string;
};

/** Who sent the message, as the directory knows them. */
export type Sender = {
  address: string;
  /** An active user with this address (an agent or admin answering by mail). */
  user: { id: string } | null;
  /** Companies that have a contact with this address. */
  contactCompanyIds: string[];
};

export type InboundFacts = {
  /** Rule 1: the Message-ID is stored already (another delivery of the same mail, or our own mail). */
  alreadyStored: boolean;
  /** Rule 2: why the message is automatic, or null for a person's mail. */
  automatic: string | null;
  /** Rule 2: a delivery status report naming mail we sent, with the ticket that mail was about. */
  bounce: { ticket: ThreadTicket; recipients: string[]; permanent: boolean } | null;
  /** Rule 3: the ticket named by In-Reply-To/References (our signed ids, or ids we sent or stored). */
  threadTicket: ThreadTicket | null;
  /** Rule 3: the ticket named by a [T-…] tag in the subject. */
  taggedTicket: ThreadTicket | null;
  sender: Sender | null;
};

export type InboundDecision =
  | { kind: "ignore"; reason: string }
  | { kind: "bounce"; ticketId: string; recipients: string[]; permanent: boolean }
  | {
      kind: "new_ticket";
      /**
       * The closed ticket a late reply continues (rule 6), or null. Automatic mail still makes a ticket but is
       * never answered: the acknowledgement's loop guard reads why it was automatic (queue-mail.ts).
       */
      followUpOf: string | null;
    }
  | {
      kind: "reply";
      ticketId: string;
      /** An active user's mail is that agent's public reply (rule 7); else the contact's. */
      byUser: string | null;
      /** The status the contact's reply moves the ticket to (rule 6), or null to keep it. */
      status: TicketStatus | null;
      /** Automatic mail on a thread (an out-of-office) is recorded but wakes nobody and changes nothing. */
      notify: boolean;
    };

/** Rule 3: a subject tag counts only from someone the ticket's company knows, or from staff. */
function trustsTag(ticket: ThreadTicket, sender: Sender | null): boolean {
  if (!sender) return false;
  return sender.user !== null || sender.contactCompanyIds.includes(ticket.company_id);
}

/** Rule 6: a contact's reply wakes a ticket that waits on them or was resolved (that is a reopen). */
export function statusAfterCustomerReply(status: TicketStatus): TicketStatus | null {
  return status === "pending" || status === "resolved" ? "in_progress" : null;
}

export function decideInboundMail(facts: InboundFacts): InboundDecision {
  if (facts.alreadyStored) return { kind: "ignore", reason: "duplicate Message-ID" };
  if (facts.bounce) {
    return {
      kind: "bounce",
      ticketId: facts.bounce.ticket.id,
      recipients: facts.bounce.recipients,
      permanent: facts.bounce.permanent,
    };
  }
  const automatic = facts.automatic !== null;
  const tagged =
    facts.taggedTicket && trustsTag(facts.taggedTicket, facts.sender) ? facts.taggedTicket : null;
  const ticket = facts.threadTicket ?? tagged;
  if (!ticket) {
    // A bounce or report about mail we cannot place is nobody's request: keep it, open nothing.
    if (facts.automatic === "delivery status report")
      return { kind: "ignore", reason: "delivery report for mail we cannot place" };
    return { kind: "new_ticket", followUpOf: null };
  }
  const byUser = facts.sender?.user?.id ?? null;
  if (byUser !== null && !automatic)
    return { kind: "reply", ticketId: ticket.id, byUser, status: null, notify: true };
  if (ticket.status === "closed") {
    // An out-of-office answering the "resolved" mail of a ticket closed since opens nothing new.
    if (automatic)
      return { kind: "ignore", reason: `automatic mail (${facts.automatic}) on a closed ticket` };
    return { kind: "new_ticket", followUpOf: ticket.id };
  }
  if (automatic) return { kind: "reply", ticketId: ticket.id, byUser: null, status: null, notify: false };
  return {
    kind: "reply",
    ticketId: ticket.id,
    byUser: null,
    status: statusAfterCustomerReply(ticket.status),
    notify: true,
  };
}
