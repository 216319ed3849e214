import type { Kysely } from "kysely";
import type { DB } from "../db/schema.js";
import type { AppContext } from "../server/context.js";
import { newId } from "../shared/ids.js";
import type { FieldChange } from "../tickets/ticket-rules.js";
import { automaticMailsPerAddressPerHour, mayAutoReply, mayDeliver, type Verdict } from "./loop-guard.js";
import { isAutomaticMail, type MailKind } from "./mail-kind.js";
import { findActiveMailboxAddresses } from "./mailbox.repository.js";
import { ourMessageId } from "./message-id.js";
import {
  countRecentAutomaticMails,
  enqueueSendJobs,
  findBouncingAddresses,
  findSenderMailbox,
  findTeamMembersToNotify,
  findThreadMessageIds,
  findTicketForMail,
  findUserForMail,
  firstMailAutomatic,
  hasCreationMails,
  insertOutboundMails,
  sendMailJob,
  type TicketForMail,
} from "./outbox.repository.js";
import type { InboundMail } from "./parse-inbound-mail.js";
import { acknowledgement } from "./templates/acknowledgement.js";
import { assignedToYou, customerReplied, newTicketInTeam } from "./templates/agent-notifications.js";
import { agentReply } from "./templates/agent-reply.js";
import type { MailContent } from "./templates/mail-content.js";
import { resolved } from "./templates/resolved.js";

/**
 * The outbox (SPEC §6 "Outbound"): every mail is written here, in the transaction of the change that
 * causes it, as a rendered message with its thread headers, plus a `email.send` job that delivers it after
 * commit (send-mail.job.ts). A change that rolls back sends nothing; a mail written is never lost. Mails a
 * rule forbids (a bouncing address, one of our own mailboxes, an answer to automatic mail, the hourly cap)
 * are written as `suppressed` with the reason, so the conversation says why nothing went out.
 *
 * Callers fetch the signing key (mailSecret) before their transaction: on the embedded database a query
 * outside the open transaction would wait for it forever.
 */
export { sendMailJob };

type Mailer = { trx: Kysely<DB>; ctx: AppContext; secret: string };
type Sender = { id: string | null; name: string; address: string };

const hour = 3_600_000;

function senderOf(
  ctx: AppContext,
  mailbox: { id: string; name: string; address: string } | undefined,
): Sender {
  return mailbox ?? { id: null, name: "Support", address: ctx.config.mailFrom.toLowerCase() };
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf("@") + 1) || "localhost";
}

const blockedText: Record<string, string> = {
  "own-address": "not sent: the address is one of our own mailboxes",
  "address-bouncing":
    "not sent: the address is marked as bouncing; clear the mark on the contact to send again",
  "answers-automatic-mail": "not sent: it would answer an automatic mail",
  "rate-limited": "not sent: more than 10 automatic mails to this address in an hour",
};

type NewMail = {
  kind: MailKind;
  ticket: TicketForMail;
  sender: Sender;
  to: string;
  cc?: string[];
  content: MailContent;
  commentId?: string | null;
  /** Customer-facing mails continue the ticket's thread; notifications to agents stand alone. */
  threaded: boolean;
  inboundAutomatic?: string | null;
};

/**
 * Writes mails (and their sending jobs) unless a rule forbids one; that one is written as suppressed. The
 * facts the rules need are read once for all of them (a new ticket may notify a whole team), and the rows
 * are written in one statement each. Without SMTP_URL no sending job is written: the outbox sweep of a
 * server that has it enqueues them (mail-channel.ts), so unsendable jobs never pile up in the queue.
 */
async function writeMails(m: Mailer, mails: readonly NewMail[]): Promise<void> {
  if (mails.length === 0) return;
  const now = new Date();
  const recipients = [...new Set(mails.map((mail) => mail.to.toLowerCase()))];
  const automatic = mails.some((mail) => isAutomaticMail(mail.kind));
  const [own, bouncing, recent] = [
    new Set(await findActiveMailboxAddresses(m.trx)),
    await findBouncingAddresses(m.trx, recipients),
    automatic
      ? await countRecentAutomaticMails(
          m.trx,
          recipients,
          new Date(now.getTime() - hour),
          automaticMailsPerAddressPerHour,
        )
      : new Map<string, number>(),
  ];
  const threads = new Map<string, { inReplyTo: string | null; references: string[] }>();
  const rows: Parameters<typeof insertOutboundMails>[1] = [];
  for (const mail of mails) {
    const to = mail.to.toLowerCase();
    const base = { addressBouncing: bouncing.has(to), isOurOwnAddress: own.has(to) };
    const sentBefore = (recent.get(to) ?? 0) + rows.filter((r) => r.automatic && r.to_address === to).length;
    const verdict: Verdict = isAutomaticMail(mail.kind)
      ? mayAutoReply({
          ...base,
          inboundAutomatic: mail.inboundAutomatic ?? null,
          sentToAddressLastHour: sentBefore,
        })
      : mayDeliver(base);
    let thread = { inReplyTo: null as string | null, references: [] as string[] };
    if (mail.threaded) {
      const known = threads.get(mail.ticket.id);
      if (known) thread = known;
      else {
        const ids = await findThreadMessageIds(m.trx, mail.ticket.id);
        const references = ids.map((row) => row.message_id);
        const inReplyTo =
          [...ids].reverse().find((row) => row.inbound)?.message_id ?? references.at(-1) ?? null;
        thread = { inReplyTo, references };
        threads.set(mail.ticket.id, thread);
      }
    }
    const id = newId();
    rows.push({
      id,
      ticket_id: mail.ticket.id,
      comment_id: mail.commentId ?? null,
      mailbox_id: mail.sender.id,
      kind: mail.kind,
      to_address: to,
      cc: (mail.cc ?? []).map((a) => a.toLowerCase()).filter((a) => a !== to),
      message_id: ourMessageId({
        ticketId: mail.ticket.id,
        kind: mail.kind,
        key: m.secret,
        domain: domainOf(mail.sender.address),
        unique: id,
      }),
      in_reply_to: thread.inReplyTo,
      references: thread.references,
      subject: mail.content.subject,
      text_body: mail.content.text,
      html_body: mail.content.html,
      automatic: isAutomaticMail(mail.kind),
      ...(verdict.ok
        ? {}
        : { status: "suppressed" as const, last_error: blockedText[verdict.reason] ?? verdict.reason }),
    });
  }
  await insertOutboundMails(m.trx, rows);
  if (!m.ctx.config.smtpUrl) return;
  const sendable = rows.filter((row) => row.status === undefined).map((row) => row.id);
  if (sendable.length > 0) await enqueueSendJobs(m.trx, sendable);
}

function writeMail(m: Mailer, mail: NewMail): Promise<void> {
  return writeMails(m, [mail]);
}

async function context(m: Mailer, ticketId: string) {
  const ticket = await findTicketForMail(m.trx, ticketId);
  if (!ticket) return undefined;
  const sender = senderOf(m.ctx, await findSenderMailbox(m.trx, ticketId, ticket.assigned_team));
  return { ticket, sender, deskName: sender.name };
}

function summary(ticket: TicketForMail) {
  return {
    ticketNumber: ticket.ticket_number,
    subject: ticket.subject,
    priority: ticket.priority,
    contactName: ticket.contact_name,
  };
}

/** A public reply written by an agent (web, API or mail) goes to the ticket's contact and its Cc. */
export async function queueAgentReply(
  m: Mailer,
  input: { ticketId: string; commentId: string; text: string; agentName: string; cc?: readonly string[] },
): Promise<void> {
  const c = await context(m, input.ticketId);
  if (!c?.ticket.contact_email) return;
  const cc = [...new Set([...c.ticket.cc, ...(input.cc ?? [])])];
  await writeMail(m, {
    kind: "agent-reply",
    ticket: c.ticket,
    sender: c.sender,
    to: c.ticket.contact_email,
    cc,
    content: agentReply({
      ticketNumber: c.ticket.ticket_number,
      subject: c.ticket.subject,
      body: input.text,
      agentName: input.agentName,
      deskName: c.deskName,
    }),
    commentId: input.commentId,
    threaded: true,
  });
}

async function notifyTeamOfNewTicket(m: Mailer, c: NonNullable<Awaited<ReturnType<typeof context>>>) {
  if (!c.ticket.assigned_team) return;
  const members = await findTeamMembersToNotify(m.trx, c.ticket.assigned_team);
  // Whoever created it knows.
  await writeMails(
    m,
    members
      .filter((member) => member.id !== c.ticket.created_by)
      .map((member) => ({
        kind: "new-ticket-in-team" as const,
        ticket: c.ticket,
        sender: c.sender,
        to: member.email,
        content: newTicketInTeam({
          ticket: summary(c.ticket),
          recipientName: member.name,
          publicUrl: m.ctx.config.publicUrl,
          teamName: c.ticket.team_name ?? "",
          description: c.ticket.description,
        }),
        threaded: false,
      })),
  );
}

/** A reply that arrived by mail (a new ticket's mails come from its creation job, queueMailsForCreatedTicket). */
export type InboundMailEvent = {
  kind: "customer_reply" | "agent_reply";
  ticketId: string;
  commentId: string;
  notify: boolean;
  inbound: InboundMail;
  mailboxId: string | null;
};

/** The mails a processed inbound message causes (process-inbound-mail.ts). */
export async function queueMailsForInbound(
  trx: Kysely<DB>,
  ctx: AppContext,
  secret: string,
  event: InboundMailEvent,
) {
  const m = { trx, ctx, secret };
  const c = await context(m, event.ticketId);
  if (!c) return;
  if (event.kind === "agent_reply") {
    const author = event.inbound.from?.name || event.inbound.from?.address || "Support";
    await queueAgentReply(m, {
      ticketId: event.ticketId,
      commentId: event.commentId,
      text: event.inbound.reply || event.inbound.text,
      agentName: author,
    });
    return;
  }
  if (!event.notify) return;
  const t = c.ticket;
  if (t.assigned_to && t.assignee_email && t.assignee_active && t.assignee_notify_customer_replied) {
    await writeMail(m, {
      kind: "customer-replied",
      ticket: t,
      sender: c.sender,
      to: t.assignee_email,
      content: customerReplied({
        ticket: summary(t),
        recipientName: t.assignee_name,
        publicUrl: ctx.config.publicUrl,
        message: event.inbound.reply || event.inbound.text,
      }),
      threaded: false,
    });
  }
}

/**
 * The mails a new ticket causes, from any channel: the acknowledgement to the customer of a ticket from mail or
 * the portal, "new ticket in your team" to its team's members and "assigned to you" to an assignee other than
 * its creator. Run by the job the ticket's insert enqueued
 * (ticket-created.job.ts), once: a second run finds the mails written.
 */
export async function queueMailsForCreatedTicket(
  trx: Kysely<DB>,
  ctx: AppContext,
  secret: string,
  ticketId: string,
) {
  const m = { trx, ctx, secret };
  if (await hasCreationMails(trx, ticketId)) return;
  const c = await context(m, ticketId);
  if (!c) return;
  if ((c.ticket.channel === "email" || c.ticket.channel === "portal") && c.ticket.contact_email) {
    // Automatic mail (an out-of-office, a list) is kept but never answered: the loop guard says so.
    const inboundAutomatic = c.ticket.channel === "email" ? await firstMailAutomatic(trx, ticketId) : null;
    await writeMail(m, {
      kind: "acknowledgement",
      ticket: c.ticket,
      sender: c.sender,
      to: c.ticket.contact_email,
      content: acknowledgement({
        ticketNumber: c.ticket.ticket_number,
        subject: c.ticket.subject,
        contactName: c.ticket.contact_name,
        message: c.ticket.description,
        deskName: c.deskName,
      }),
      threaded: true,
      inboundAutomatic,
    });
  }
  await notifyTeamOfNewTicket(m, c);
  const assignee = c.ticket.assigned_to;
  if (!assignee || assignee === c.ticket.created_by) return;
  const user = await findUserForMail(trx, assignee);
  if (!user?.is_active || !user.notify_assigned) return;
  const creator = c.ticket.created_by ? await findUserForMail(trx, c.ticket.created_by) : undefined;
  await writeMail(m, {
    kind: "assigned-to-you",
    ticket: c.ticket,
    sender: c.sender,
    to: user.email,
    content: assignedToYou({
      ticket: summary(c.ticket),
      recipientName: user.name,
      publicUrl: ctx.config.publicUrl,
      assignedBy: creator?.name ?? null,
    }),
    threaded: false,
  });
}

/**
 * The mails a change of a ticket causes (update-ticket.ts): "resolved" to the contact when it becomes
 * resolved, "assigned to you" to a new assignee who is not the one assigning.
 */
export async function queueMailsForChange(
  trx: Kysely<DB>,
  ctx: AppContext,
  secret: string,
  input: { ticketId: string; actor: { id: string; name: string }; changes: readonly FieldChange[] },
): Promise<void> {
  const status = input.changes.find((c) => c.field === "status");
  const assignee = input.changes.find((c) => c.field === "assigned_to");
  const becameResolved = status?.new_value === "resolved";
  const newAssignee =
    assignee?.new_value && assignee.new_value !== input.actor.id ? assignee.new_value : null;
  if (!becameResolved && !newAssignee) return;
  const m = { trx, ctx, secret };
  const c = await context(m, input.ticketId);
  if (!c) return;
  if (becameResolved && c.ticket.contact_email) {
    await writeMail(m, {
      kind: "resolved",
      ticket: c.ticket,
      sender: c.sender,
      to: c.ticket.contact_email,
      content: resolved({
        ticketNumber: c.ticket.ticket_number,
        subject: c.ticket.subject,
        contactName: c.ticket.contact_name,
        deskName: c.deskName,
      }),
      threaded: true,
    });
  }
  if (newAssignee) {
    const user = await findUserForMail(trx, newAssignee);
    if (user?.is_active && user.notify_assigned) {
      await writeMail(m, {
        kind: "assigned-to-you",
        ticket: c.ticket,
        sender: c.sender,
        to: user.email,
        content: assignedToYou({
          ticket: summary(c.ticket),
          recipientName: user.name,
          publicUrl: ctx.config.publicUrl,
          assignedBy: input.actor.name,
        }),
        threaded: false,
      });
    }
  }
}
