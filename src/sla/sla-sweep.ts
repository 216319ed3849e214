import type { Kysely } from "kysely";
import type { DB, TicketPriority } from "../db/schema.js";
import { queueSlaNotices, type SlaNoticeRequest } from "../email/queue-mail.js";
import type { AppContext } from "../server/context.js";
import { lockTicket, updateTicketRow } from "../tickets/ticket.repository.js";
import { insertTicketEvents, type TicketEventInput } from "../tickets/ticket-event.repository.js";
import { decideTicketChange, type TicketChanges } from "../tickets/ticket-rules.js";
import { moveSlaClock, slaRowOf, ticketSlaOf } from "./sla-clock.js";
import type { SlaEscalation } from "./sla-policy-book.js";
import {
  adminsOfTeam,
  claimTicketsDueForSla,
  closeResolvedTickets,
  type EscalationAdmin,
  findActiveAdminsForEscalation,
  findAutoCloseDays,
  lockTicketSla,
  type TicketDueForSla,
  writeSlaRows,
} from "./sla-sweep.repository.js";
import { dueAnnouncements, type SlaAnnouncement } from "./ticket-sla.js";

const day = 86_400_000;
const batchSize = 500;
const priorityUp: Record<TicketPriority, TicketPriority> = {
  low: "medium",
  medium: "high",
  high: "urgent",
  urgent: "urgent",
};

export type SweepResult = { checked: number; announced: number; escalated: number; closed: number };

/**
 * One pass of the SLA sweep (SPEC §7), run by the `sla.sweep` job on every instance's schedule and once
 * across them: the tickets whose next check is due (an index range, empty most of the time) get their
 * warnings and breaches announced once each — an event in the history and a notice by mail to the assignee,
 * else the team — and each breach its policy's escalation; then resolved tickets past the auto-close
 * setting are closed. Batches of 500 tickets, each in its own transaction; another instance's sweep skips
 * the tickets this one holds.
 */
export async function sweepSla(ctx: AppContext, now = new Date()): Promise<SweepResult> {
  const result: SweepResult = { checked: 0, announced: 0, escalated: 0, closed: 0 };
  for (;;) {
    const batch = await ctx.db.transaction().execute((trx) => announceDue(trx, ctx, now));
    result.checked += batch.checked;
    result.announced += batch.announced;
    result.escalated += batch.escalated;
    if (batch.checked < batchSize) break;
  }
  const days = await findAutoCloseDays(ctx.db);
  if (days !== null) {
    for (;;) {
      const closed = await closeResolvedTickets(ctx.db, new Date(now.getTime() - days * day), now, batchSize);
      result.closed += closed.length;
      if (closed.length < batchSize) break;
    }
  }
  if (result.closed > 0 || result.escalated > 0) ctx.overdue.invalidate();
  return result;
}

async function announceDue(trx: Kysely<DB>, ctx: AppContext, now: Date) {
  const due = await claimTicketsDueForSla(trx, now, batchSize);
  const rows = [];
  const events: TicketEventInput[] = [];
  const notices: SlaNoticeRequest[] = [];
  const breached: { ticket: TicketDueForSla; escalation: SlaEscalation; breaches: SlaAnnouncement[] }[] = [];
  for (const ticket of due) {
    const policy = await ctx.sla.policyFor(trx, ticket.priority, ticket.assigned_team);
    const { announcements, patch } = dueAnnouncements(ticketSlaOf(ticket), policy, now);
    rows.push(slaRowOf(ticket, patch));
    for (const a of announcements) {
      const dueAt =
        (a.target === "first_response" ? patch.first_response_due_at : patch.resolution_due_at) ?? now;
      events.push({
        ticket_id: ticket.id,
        actor_id: null,
        type: a.type,
        field: a.target,
        new_value: dueAt.toISOString(),
        created_at: now,
      });
      notices.push({
        ticketId: ticket.id,
        kind: a.type === "sla_warning" ? "sla-warning" : "sla-breached",
        target: a.target,
        dueAt,
        to: ticket.assigned_to ? { assignee: ticket.assigned_to } : { team: ticket.assigned_team },
      });
    }
    const breaches = announcements.filter((a) => a.type === "sla_breached");
    if (breaches.length > 0) breached.push({ ticket, escalation: policy.escalation, breaches });
  }
  await writeSlaRows(trx, rows);
  await insertTicketEvents(trx, events);
  // Read once for the batch, not once per breached ticket (1,000 breaches were 1,000 more round trips).
  let activeAdmins: EscalationAdmin[] | undefined;
  for (const { ticket, escalation, breaches } of breached) {
    if (escalation.notifyTeamAdmins) {
      activeAdmins ??= await findActiveAdminsForEscalation(trx);
      const admins = adminsOfTeam(activeAdmins, ticket.assigned_team);
      for (const breach of breaches)
        notices.push({
          ticketId: ticket.id,
          kind: "sla-breached",
          target: breach.target,
          dueAt:
            (breach.target === "first_response" ? ticket.first_response_due_at : ticket.resolution_due_at) ??
            now,
          to: { users: admins.map((a) => a.id) },
          because: "you are an admin of the ticket's team (SLA escalation)",
        });
    }
    await escalate(trx, ctx, ticket.id, escalation, now);
  }
  await queueSlaNotices(trx, ctx, notices);
  return { checked: due.length, announced: events.length, escalated: breached.length };
}

/** A breach's escalation beyond notices: the priority one step up, the ticket moved to a team. */
async function escalate(
  trx: Kysely<DB>,
  ctx: AppContext,
  ticketId: string,
  escalation: SlaEscalation,
  now: Date,
) {
  // Nothing beyond notices (the default policies): no statement (the claim holds the ticket's lock already).
  if (!escalation.raisePriority && !escalation.moveToTeamId) return;
  const current = await lockTicket(trx, ticketId);
  if (!current) return;
  const changes: TicketChanges = {};
  if (escalation.raisePriority && current.priority !== "urgent")
    changes.priority = priorityUp[current.priority];
  if (escalation.moveToTeamId && escalation.moveToTeamId !== current.assigned_team)
    changes.assigned_team = escalation.moveToTeamId;
  if (Object.keys(changes).length === 0) return;
  const before = await lockTicketSla(trx, ticketId);
  // The system acts: no reopen is involved, so the role only satisfies the rule's signature.
  const decision = decideTicketChange(current, changes, { role: "admin" }, now);
  await updateTicketRow(trx, ticketId, decision.patch);
  await insertTicketEvents(
    trx,
    decision.changes.map((change) => ({
      ticket_id: ticketId,
      actor_id: null,
      type: "field_changed",
      ...change,
      created_at: now,
    })),
  );
  if (before) {
    const after = { ...current, ...decision.patch };
    await moveSlaClock(trx, ctx.sla, before, after, now);
  }
}
