import type { DemoTicketBundle } from "../cli/demo-data/demo-tickets.js";
import type { TicketPriority, TicketStatus } from "../db/schema.js";
import { compileCalendar } from "../sla/business-time.js";
import type { BusinessCalendar } from "../sla/calendar.js";
import {
  dueAnnouncements,
  newTicketSla,
  type SlaNotice,
  type SlaPatch,
  type SlaTargets,
  slaAfterChange,
  slaColumns,
  type TicketSla,
} from "../sla/ticket-sla.js";
import { isDone } from "../tickets/ticket-status.js";

/**
 * A generated ticket's SLA columns, as the app would have left them by the data set's "now": its history
 * (creation, priority change, status changes, first response) replayed through ticket-sla.ts's own rules —
 * newTicketSla at creation, slaAfterChange at each change (pause on pending, a reopen's new target) — with the
 * sweep's announcements (dueAnnouncements) made before each change and at "now", as a sweep that never
 * missed its 15 s would have recorded them. So a loaded data set has no announcement pending: its next checks
 * are all still to come.
 */

/** A policy as the data set needs it: targets and calendar, per priority and team (null: the fallback). */
export type BenchSlaPolicy = {
  priority: TicketPriority;
  team_id: string | null;
  first_response_minutes: number;
  resolution_minutes: number;
  calendar: BusinessCalendar;
};

export type BenchSlaColumns = {
  first_response_due_at: Date | null;
  resolution_due_at: Date | null;
  sla_resolution_started_at: Date | null;
  sla_paused_at: Date | null;
  sla_paused_minutes: number;
  sla_first_response_notice: SlaNotice | null;
  sla_resolution_notice: SlaNotice | null;
  sla_next_check_at: Date | null;
  sla_next_due_at: Date | null;
  due_date: Date | null;
  due_date_from_sla: boolean;
};

export type TargetsFor = (priority: TicketPriority, teamId: string | null) => SlaTargets;

/** The policy lookup of sla-policy-book.ts (the team's own, else the team-less one), calendars compiled once. */
export function targetsFor(policies: readonly BenchSlaPolicy[]): TargetsFor {
  const calendars = new Map<string, ReturnType<typeof compileCalendar>>();
  const byKey = new Map<string, SlaTargets>();
  for (const p of policies) {
    const calendarKey = JSON.stringify(p.calendar);
    let calendar = calendars.get(calendarKey);
    if (!calendar) {
      calendar = compileCalendar(p.calendar);
      calendars.set(calendarKey, calendar);
    }
    byKey.set(`${p.priority}:${p.team_id ?? ""}`, {
      firstResponseMinutes: p.first_response_minutes,
      resolutionMinutes: p.resolution_minutes,
      calendar,
    });
  }
  return (priority, teamId) => {
    const targets = byKey.get(`${priority}:${teamId ?? ""}`) ?? byKey.get(`${priority}:`);
    if (!targets) throw new Error(`No SLA policy for ${priority} tickets`);
    return targets;
  };
}

type Change =
  | { at: number; kind: "first_response" }
  | { at: number; kind: "priority"; to: TicketPriority }
  | { at: number; kind: "status"; to: TicketStatus };

/** The changes that move a ticket's SLA, in time order (a first response before a status change at its time). */
function changesOf(bundle: DemoTicketBundle): { initialPriority: TicketPriority; changes: Change[] } {
  const { ticket, events } = bundle;
  let initialPriority = ticket.priority;
  const changes: Change[] = [];
  if (ticket.first_response_at)
    changes.push({ at: ticket.first_response_at.getTime(), kind: "first_response" });
  for (const e of events) {
    if (e.type !== "field_changed") continue;
    if (e.field === "priority") {
      initialPriority = e.old_value as TicketPriority;
      changes.push({ at: e.created_at.getTime(), kind: "priority", to: e.new_value as TicketPriority });
    } else if (e.field === "status")
      changes.push({ at: e.created_at.getTime(), kind: "status", to: e.new_value as TicketStatus });
  }
  const rank = { first_response: 0, priority: 1, status: 2 } as const;
  // Stable: status changes at one instant keep the history's order.
  changes.sort((a, b) => a.at - b.at || rank[a.kind] - rank[b.kind]);
  return { initialPriority, changes };
}

/** Applies a patch's state columns to the replay's state, in place (its sla_next_* are derived, not state). */
function apply(state: TicketSla, patch: SlaPatch): void {
  if (patch.first_response_due_at !== undefined) state.first_response_due_at = patch.first_response_due_at;
  if (patch.resolution_due_at !== undefined) state.resolution_due_at = patch.resolution_due_at;
  if (patch.sla_resolution_started_at !== undefined)
    state.sla_resolution_started_at = patch.sla_resolution_started_at;
  if (patch.sla_paused_at !== undefined) state.sla_paused_at = patch.sla_paused_at;
  if (patch.sla_paused_minutes !== undefined) state.sla_paused_minutes = patch.sla_paused_minutes;
  if (patch.sla_first_response_notice !== undefined)
    state.sla_first_response_notice = patch.sla_first_response_notice;
  if (patch.sla_resolution_notice !== undefined) state.sla_resolution_notice = patch.sla_resolution_notice;
  if (patch.due_date !== undefined) state.due_date = patch.due_date;
}

/** A status change that pauses, resumes, ends or reopens a target (any change touching pending or done). */
function movesClock(from: TicketStatus, to: TicketStatus): boolean {
  const still = (s: TicketStatus) => s !== "pending" && !isDone(s);
  if (still(from) && still(to)) return false;
  return !(isDone(from) && isDone(to));
}

/**
 * `full`: replay every change and announce before each (the reference the shortcut is tested against).
 */
export function ticketSlaColumns(
  bundle: DemoTicketBundle,
  targets: TargetsFor,
  now: Date,
  full = false,
): BenchSlaColumns {
  const { ticket } = bundle;
  const team = ticket.assigned_team;
  const { initialPriority, changes } = changesOf(bundle);
  let policy = targets(initialPriority, team);
  const created = newTicketSla(
    { status: "new", created_at: ticket.created_at, due_date: ticket.due_date },
    policy,
  );
  // One object, changed in place: the rules copy what they keep.
  const state: TicketSla = {
    status: "new",
    created_at: ticket.created_at,
    first_response_at: null,
    resolved_at: null,
    first_response_due_at: created.first_response_due_at ?? null,
    resolution_due_at: created.resolution_due_at ?? null,
    sla_resolution_started_at: null,
    sla_paused_at: created.sla_paused_at ?? null,
    sla_paused_minutes: 0,
    sla_first_response_notice: null,
    sla_resolution_notice: null,
    due_date: created.due_date ?? ticket.due_date,
    due_date_manual: created.due_date_manual,
  };
  // Only what moves the clock is replayed: a change among new, assigned and in_progress, or between resolved
  // and closed, leaves every SLA column as it was (slaAfterChange gives the same), and the sweep has nothing to
  // announce before the ticket's next check (the earliest announcement to come; one computed before a first
  // response is only earlier). dataset.test.ts checks these shortcuts against the full replay.
  let nextCheck = created.sla_next_check_at ?? null;
  const announce = (at: Date) => {
    if (!full && (nextCheck === null || at < nextCheck)) return;
    const { patch } = dueAnnouncements(state, policy, at);
    apply(state, patch);
    nextCheck = patch.sla_next_check_at ?? null;
  };
  for (const change of changes) {
    const at = new Date(change.at);
    if (change.kind === "first_response") {
      announce(at);
      state.first_response_at = at;
      continue;
    }
    const status = change.kind === "status" ? change.to : state.status;
    if (change.kind === "status" && !full && !movesClock(state.status, status)) {
      state.status = status;
      continue;
    }
    announce(at);
    if (change.kind === "priority") policy = targets(change.to, team);
    const resolvedAt = isDone(status)
      ? status === "resolved" && !isDone(state.status)
        ? at
        : state.resolved_at
      : null;
    const patch = slaAfterChange(
      state,
      {
        status,
        first_response_at: state.first_response_at,
        resolved_at: resolvedAt,
        due_date: state.due_date,
        due_date_manual: state.due_date_manual,
      },
      policy,
      at,
    );
    state.status = status;
    state.resolved_at = resolvedAt;
    apply(state, patch);
    nextCheck = patch.sla_next_check_at ?? null;
  }
  announce(now);
  const derived = slaColumns(state, policy);
  return {
    first_response_due_at: state.first_response_due_at,
    resolution_due_at: state.resolution_due_at,
    sla_resolution_started_at: state.sla_resolution_started_at,
    sla_paused_at: state.sla_paused_at,
    sla_paused_minutes: state.sla_paused_minutes,
    sla_first_response_notice: state.sla_first_response_notice,
    sla_resolution_notice: state.sla_resolution_notice,
    sla_next_check_at: derived.sla_next_check_at ?? null,
    sla_next_due_at: derived.sla_next_due_at ?? null,
    due_date: state.due_date_manual ? state.due_date : (state.resolution_due_at ?? null),
    due_date_from_sla: !state.due_date_manual,
  };
}
