import type { Kysely } from "kysely";
import type { DB, OutboundMailsTable, Selectable } from "../db/schema.js";
import type { AppContext } from "../server/context.js";
import type { MailKind } from "./mail-kind.js";
import { ourMessageId } from "./message-id.js";
import {
  findCommentText,
  findSenderMailbox,
  findThreadMessageIds,
  findTicketForMail,
  type OutboundRendering,
  saveRendering,
  type TicketForMail,
} from "./outbox.repository.js";
import { acknowledgement } from "./templates/acknowledgement.js";
import {
  assignedToYou,
  customerReplied,
  newTicketInTeam,
  slaBreached,
  slaWarning,
} from "./templates/agent-notifications.js";
import { agentReply } from "./templates/agent-reply.js";
import type { MailContent } from "./templates/mail-content.js";
import { resolved } from "./templates/resolved.js";

/** What a mail's template needs that its ticket does not hold, fixed when the mail is queued. */
export type MailFacts = {
  /** Who wrote the reply, as the customer sees it (an agent's name, or a mail's From name). */
  agentName?: string;
  /** The agent a notification greets. */
  recipientName?: string | null;
  /** Who assigned the ticket ("assigned to you"). */
  assignedBy?: string | null;
  /** An SLA notice: which target, when it is due (ISO), and why this agent hears of it. */
  slaTarget?: "first_response" | "resolution";
  dueAt?: string;
  because?: string;
};

export type OutboundMail = Selectable<OutboundMailsTable>;
type Sender = { id: string | null; name: string; address: string };

/** Mails to the customer continue the ticket's thread; notices to agents stand alone. */
const threadedKinds: ReadonlySet<MailKind> = new Set(["acknowledgement", "agent-reply", "resolved"]);

/**
 * Renders a queued mail from its ticket as it is now (subject, contact, team), the comment it carries and
 * the facts stored with it, and stores the result before the first try, so every retry sends the same
 * message and Message-ID. Returns the stored row, or a reason it cannot be written (its comment was
 * deleted before it went out — a reply the agent took back is not sent).
 */
export async function renderOutboundMail(
  db: Kysely<DB>,
  ctx: AppContext,
  secret: string,
  mail: OutboundMail,
): Promise<{ mail: OutboundMail; mailbox?: { name: string; address: string } } | { unsendable: string }> {
  if (mail.rendered_at !== null) return { mail };
  const ticket = await findTicketForMail(db, mail.ticket_id);
  if (!ticket) return { unsendable: "not sent: the ticket was deleted" };
  const mailbox = await findSenderMailbox(db, ticket.id, ticket.assigned_team);
  const sender: Sender = mailbox ?? { id: null, name: "Support", address: ctx.config.mailFrom.toLowerCase() };
  const kind = mail.kind as MailKind;
  const needsComment = kind === "agent-reply" || kind === "customer-replied";
  const comment = needsComment && mail.comment_id ? await findCommentText(db, mail.comment_id) : undefined;
  if (needsComment && comment === undefined)
    return { unsendable: "not sent: its comment was deleted before it went out" };
  const content = contentOf(kind, ticket, mail.facts as MailFacts, {
    deskName: sender.name,
    publicUrl: ctx.config.publicUrl,
    comment: comment ?? "",
  });
  let thread = { inReplyTo: null as string | null, references: [] as string[] };
  if (threadedKinds.has(kind)) {
    const ids = await findThreadMessageIds(db, ticket.id, mail.created_at);
    const references = ids.map((row) => row.message_id);
    thread = {
      inReplyTo: [...ids].reverse().find((row) => row.inbound)?.message_id ?? references.at(-1) ?? null,
      references,
    };
  }
  const rendering: OutboundRendering = {
    mailbox_id: sender.id,
    message_id: ourMessageId({
      ticketId: ticket.id,
      kind,
      key: secret,
      domain: sender.address.slice(sender.address.lastIndexOf("@") + 1) || "localhost",
      unique: mail.id,
    }),
    in_reply_to: thread.inReplyTo,
    references: thread.references,
    subject: content.subject,
    text_body: content.text,
    html_body: content.html,
  };
  const stored = await saveRendering(db, mail.id, rendering);
  if (!stored) return { unsendable: "not sent: the ticket was deleted" };
  // The sender needs the mailbox it was rendered for; handed on, it need not read it again.
  return stored.mailbox_id === sender.id && mailbox ? { mail: stored, mailbox } : { mail: stored };
}

function contentOf(
  kind: MailKind,
  ticket: TicketForMail,
  facts: MailFacts,
  desk: { deskName: string; publicUrl: string; comment: string },
): MailContent {
  const summary = {
    ticketNumber: ticket.ticket_number,
    subject: ticket.subject,
    priority: ticket.priority,
    contactName: ticket.contact_name,
  };
  const notice = { ticket: summary, recipientName: facts.recipientName ?? null, publicUrl: desk.publicUrl };
  switch (kind) {
    case "acknowledgement":
      return acknowledgement({
        ticketNumber: ticket.ticket_number,
        subject: ticket.subject,
        contactName: ticket.contact_name,
        message: ticket.description,
        deskName: desk.deskName,
      });
    case "agent-reply":
      return agentReply({
        ticketNumber: ticket.ticket_number,
        subject: ticket.subject,
        body: desk.comment,
        agentName: facts.agentName ?? desk.deskName,
        deskName: desk.deskName,
      });
    case "resolved":
      return resolved({
        ticketNumber: ticket.ticket_number,
        subject: ticket.subject,
        contactName: ticket.contact_name,
        deskName: desk.deskName,
      });
    case "assigned-to-you":
      return assignedToYou({ ...notice, assignedBy: facts.assignedBy ?? null });
    case "customer-replied":
      return customerReplied({ ...notice, message: desk.comment });
    case "sla-warning":
    case "sla-breached":
      return (kind === "sla-warning" ? slaWarning : slaBreached)({
        ...notice,
        target: facts.slaTarget ?? "resolution",
        dueAt: new Date(facts.dueAt ?? Date.now()),
        because: facts.because ?? "you work on this ticket",
      });
    case "new-ticket-in-team":
      return newTicketInTeam({
        ...notice,
        teamName: ticket.team_name ?? "",
        description: ticket.description,
      });
  }
}
