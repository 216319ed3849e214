import type { Kysely } from "kysely";
import type { DB } from "../db/schema.js";
import type { AppContext } from "../server/context.js";
import { newId } from "../shared/ids.js";
import type { FieldChange } from "../tickets/ticket-rules.js";
import { automaticMailsPerAddressPerHour, mayAutoReply, mayDeliver, type Verdict } from "./loop-guard.js";
import { isAutomaticMail, type MailKind } from "./mail-kind.js";
import {
  enqueueSendJobs,
  findActiveAdmins,
  findActiveTeamMembers,
  findFirstMailsAutomatic,
  findRecipientFacts,
  findTeamMembersToNotify,
  findTicketForMail,
  findTicketsForMail,
  findTicketsWithCreationMails,
  findUsersForMail,
  insertOutboundMails,
  sendMailJob,
} from "./outbox.repository.js";
import type { InboundMail } from "./parse-inbound-mail.js";
import type { MailFacts } from "./render-outbound-mail.js";

/**
 * The outbox (SPEC §6 "Outbound"): every mail is written here, in the transaction of the change that
 * causes it, as what to send to whom: its kind, ticket, comment, recipient and the few facts its template
 * needs that the ticket does not hold (migration 0022). The sender renders it — subject, bodies, signed
 * Message-ID, thread headers — just before the first try (render-outbound-mail.ts), so a reply's
 * transaction writes one small row, and a change that rolls back sends nothing. Mails a rule forbids (a
 * bouncing address, one of our own mailboxes, an answer to automatic mail, the hourly cap) are written
 * as `suppressed` with the reason, so the conversation says why nothing went out.
 */
export { sendMailJob };

type Mailer = { trx: Kysely<DB>; ctx: AppContext };

const hour = 3_600_000;

const blockedText: Record<string, string> = {
  "own-address": "not sent: the address is one of our own mailboxes",
  "address-bouncing":
    "not sent: the address is marked as bouncing; clear the mark on the contact to send again",
  "answers-automatic-mail": "not sent: it would answer an automatic mail",
  "rate-limited": "not sent: more than 10 automatic mails to this address in an hour",
};

type NewMail = {
  kind: MailKind;
  ticketId: string;
  to: string;
  cc?: readonly string[];
  commentId?: string | null;
  facts?: MailFacts;
  inboundAutomatic?: string | null;
};

/**
 * Writes mails (and their sending jobs) unless a rule forbids one; that one is written as suppressed. The
 * facts the rules need are read in one statement for all of them (a new ticket may notify a whole team),
 * and the rows are written in one more. Without SMTP_URL no sending job is written: the outbox sweep of a
 * server that has it enqueues them (mail-channel.ts), so unsendable jobs never pile up in the queue.
 */
async function writeMails(m: Mailer, mails: readonly NewMail[]): Promise<void> {
  if (mails.length === 0) return;
  const recipients = [...new Set(mails.map((mail) => mail.to.toLowerCase()))];
  const automatic = mails.some((mail) => isAutomaticMail(mail.kind));
  const facts = await findRecipientFacts(m.trx, recipients, {
    automaticSince: automatic ? new Date(Date.now() - hour) : null,
    cap: automaticMailsPerAddressPerHour,
  });
  const rows: Parameters<typeof insertOutboundMails>[1] = [];
  for (const mail of mails) {
    const to = mail.to.toLowerCase();
    const known = facts.get(to);
    const base = { addressBouncing: known?.bouncing ?? false, isOurOwnAddress: known?.own ?? false };
    const sentBefore = (known?.recent ?? 0) + rows.filter((r) => r.automatic && r.to_address === to).length;
    const verdict: Verdict = isAutomaticMail(mail.kind)
      ? mayAutoReply({
          ...base,
          inboundAutomatic: mail.inboundAutomatic ?? null,
          sentToAddressLastHour: sentBefore,
        })
      : mayDeliver(base);
    rows.push({
      id: newId(),
      ticket_id: mail.ticketId,
      comment_id: mail.commentId ?? null,
      kind: mail.kind,
      to_address: to,
      cc: [...new Set((mail.cc ?? []).map((a) => a.toLowerCase()))].filter((a) => a !== to),
      facts: JSON.stringify(mail.facts ?? {}),
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

/** A public reply written by an agent (web, API or mail) goes to the ticket's contact and its Cc. */
export async function queueAgentReply(
  m: Mailer,
  input: { ticketId: string; commentId: string; agentName: string; cc?: readonly string[] },
): Promise<void> {
  const ticket = await findTicketForMail(m.trx, input.ticketId);
  if (!ticket?.contact_email) return;
  await writeMail(m, {
    kind: "agent-reply",
    ticketId: ticket.id,
    to: ticket.contact_email,
    cc: [...ticket.cc, ...(input.cc ?? [])],
    commentId: input.commentId,
    facts: { agentName: input.agentName },
  });
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
export async function queueMailsForInbound(trx: Kysely<DB>, ctx: AppContext, event: InboundMailEvent) {
  const m = { trx, ctx };
  if (event.kind === "agent_reply") {
    const author = event.inbound.from?.name || event.inbound.from?.address || "Support";
    await queueAgentReply(m, { ticketId: event.ticketId, commentId: event.commentId, agentName: author });
    return;
  }
  if (!event.notify) return;
  const t = await findTicketForMail(trx, event.ticketId);
  if (t?.assigned_to && t.assignee_email && t.assignee_active && t.assignee_notify_customer_replied) {
    await writeMail(m, {
      kind: "customer-replied",
      ticketId: t.id,
      to: t.assignee_email,
      commentId: event.commentId,
      facts: { recipientName: t.assignee_name },
    });
  }
}

/**
 * The mails new tickets cause, from any channel: the acknowledgement to the customer of a ticket from mail or
 * the portal, "new ticket in your team" to its team's members and "assigned to you" to an assignee other than
 * its creator, or to the agent auto-assignment chose (`autoAssigned`: those tickets' ids; whoever created the
 * ticket, since nobody chose them by hand). Run by the job a batch of tickets' insert enqueued
 * (ticket-created.job.ts), after auto-assignment, for the whole batch in a few statements, and once: a second
 * run finds the mails written.
 */
export async function queueMailsForCreatedTickets(
  trx: Kysely<DB>,
  ctx: AppContext,
  ticketIds: readonly string[],
  autoAssigned: ReadonlySet<string> = new Set(),
): Promise<void> {
  if (ticketIds.length === 0) return;
  const done = await findTicketsWithCreationMails(trx, ticketIds);
  const tickets = await findTicketsForMail(
    trx,
    ticketIds.filter((id) => !done.has(id)),
  );
  if (tickets.length === 0) return;
  const customers = tickets.filter(
    (t) => (t.channel === "email" || t.channel === "portal") && t.contact_email,
  );
  // Automatic mail (an out-of-office, a list) is kept but never answered: the loop guard says so.
  const automatic = await findFirstMailsAutomatic(
    trx,
    customers.filter((t) => t.channel === "email").map((t) => t.id),
  );
  const teams = [...new Set(tickets.flatMap((t) => (t.assigned_team ? [t.assigned_team] : [])))];
  const members = await findTeamMembersToNotify(trx, teams);
  const assigned = tickets.filter(
    (t) => t.assigned_to && (t.assigned_to !== t.created_by || autoAssigned.has(t.id)),
  );
  const users = await findUsersForMail(trx, [
    ...new Set(assigned.flatMap((t) => [t.assigned_to ?? "", t.created_by ?? ""]).filter(Boolean)),
  ]);
  const mails: NewMail[] = [];
  for (const ticket of tickets) {
    if (customers.includes(ticket) && ticket.contact_email)
      mails.push({
        kind: "acknowledgement",
        ticketId: ticket.id,
        to: ticket.contact_email,
        inboundAutomatic: automatic.get(ticket.id) ?? null,
      });
    for (const member of members) {
      // Whoever created it knows.
      if (member.team_id !== ticket.assigned_team || member.id === ticket.created_by) continue;
      mails.push({
        kind: "new-ticket-in-team",
        ticketId: ticket.id,
        to: member.email,
        facts: { recipientName: member.name },
      });
    }
    const user = assigned.includes(ticket) ? users.get(ticket.assigned_to ?? "") : undefined;
    if (!user?.is_active || !user.notify_assigned) continue;
    mails.push({
      kind: "assigned-to-you",
      ticketId: ticket.id,
      to: user.email,
      facts: {
        recipientName: user.name,
        // Auto-assignment: "Ticket T-… was assigned to you."
        assignedBy: autoAssigned.has(ticket.id) ? null : (users.get(ticket.created_by ?? "")?.name ?? null),
      },
    });
  }
  await writeMails({ trx, ctx }, mails);
}

/**
 * The mails a change of a ticket causes (update-ticket.ts): "resolved" to the contact when it becomes
 * resolved, "assigned to you" to a new assignee who is not the one changing the ticket, whether that person
 * chose them or the change moved the ticket to a team that assigned it (`autoAssigned`).
 */
export async function queueMailsForChange(
  trx: Kysely<DB>,
  ctx: AppContext,
  input: {
    ticketId: string;
    actor: { id: string; name: string };
    changes: readonly FieldChange[];
    autoAssigned?: { userId: string } | null;
  },
): Promise<void> {
  const status = input.changes.find((c) => c.field === "status");
  const chosen = input.changes.find((c) => c.field === "assigned_to")?.new_value;
  const assignee = input.autoAssigned?.userId ?? chosen;
  const becameResolved = status?.new_value === "resolved";
  const newAssignee = assignee && assignee !== input.actor.id ? assignee : null;
  if (!becameResolved && !newAssignee) return;
  const m = { trx, ctx };
  const mails: NewMail[] = [];
  if (becameResolved) {
    const ticket = await findTicketForMail(trx, input.ticketId);
    if (ticket?.contact_email)
      mails.push({ kind: "resolved", ticketId: input.ticketId, to: ticket.contact_email });
  }
  if (newAssignee) {
    const user = (await findUsersForMail(trx, [newAssignee])).get(newAssignee);
    if (user?.is_active && user.notify_assigned)
      mails.push({
        kind: "assigned-to-you",
        ticketId: input.ticketId,
        to: user.email,
        facts: { recipientName: user.name, assignedBy: input.autoAssigned ? null : input.actor.name },
      });
  }
  await writeMails(m, mails);
}

/** An SLA announcement to tell agents of (sla/sla-sweep.ts). */
export type SlaNoticeRequest = {
  ticketId: string;
  kind: "sla-warning" | "sla-breached";
  target: "first_response" | "resolution";
  dueAt: Date;
  /** The assignee; else the team's active members (no team: the active admins); or these users. */
  to: { assignee: string } | { team: string | null } | { users: readonly string[] };
  because?: string;
};

/** The SLA warnings and breaches the sweep announces, by mail to whom each names, in a few statements. */
export async function queueSlaNotices(
  trx: Kysely<DB>,
  ctx: AppContext,
  notices: readonly SlaNoticeRequest[],
): Promise<void> {
  if (notices.length === 0) return;
  const userIds = new Set<string>();
  const teamIds = new Set<string>();
  let admins = false;
  for (const n of notices) {
    if ("assignee" in n.to) userIds.add(n.to.assignee);
    else if ("users" in n.to) for (const id of n.to.users) userIds.add(id);
    else if (n.to.team) teamIds.add(n.to.team);
    else admins = true;
  }
  const users = await findUsersForMail(trx, [...userIds]);
  const members = await findActiveTeamMembers(trx, [...teamIds]);
  const adminList = admins ? await findActiveAdmins(trx) : [];
  const mails: NewMail[] = [];
  for (const n of notices) {
    const recipients =
      "assignee" in n.to
        ? [users.get(n.to.assignee)].map((u) => (u ? { ...u, because: "you are the ticket's assignee" } : u))
        : "users" in n.to
          ? n.to.users.map((id) => users.get(id))
          : n.to.team
            ? members
                .filter((m) => m.team_id === (n.to as { team: string }).team)
                .map((m) => ({
                  ...m,
                  is_active: true,
                  because: "the ticket is your team's and has no assignee",
                }))
            : adminList.map((a) => ({
                ...a,
                is_active: true,
                because: "the ticket has no team or assignee",
              }));
    for (const user of recipients) {
      if (!user?.is_active) continue;
      mails.push({
        kind: n.kind,
        ticketId: n.ticketId,
        to: user.email,
        facts: {
          recipientName: user.name,
          slaTarget: n.target,
          dueAt: n.dueAt.toISOString(),
          because: n.because ?? ("because" in user ? String(user.because) : "you work on this ticket"),
        },
      });
    }
  }
  await writeMails({ trx, ctx }, mails);
}
