import type { TicketStatus } from "../db/schema.js";
import { isDone } from "../tickets/ticket-status.js";
import { addBusinessMinutes, businessMinutesBetween, type CompiledCalendar } from "./business-time.js";

/**
 * A ticket's SLA (SPEC §7) as pure functions of its state, its policy's targets and the clock.
 *
 * - The first response is due `first_response_minutes` business minutes after creation; the resolution
 *   `resolution_minutes` after its start (creation, or the last reopen: a reopen starts a new target), plus
 *   the business minutes the ticket spent `pending` since then (the clock pauses there).
 * - A warning is due at 80% of a target, a breach at 100%. `sla_*_notice` records which of the two the sweep
 *   has announced, so each is announced once; the sweep wakes at `sla_next_check_at`, the earliest
 *   announcement still to come (null: none, the sweep's index skips the ticket).
 * - `sla_next_due_at` is what the queue orders by: the first response's due time until it is given, then
 *   the resolution's; none while paused or done.
 * - `due_date` follows `resolution_due_at` unless an agent set it by hand (`due_date_manual`).
 */

export type SlaTargets = {
  firstResponseMinutes: number;
  resolutionMinutes: number;
  calendar: CompiledCalendar;
};

export const slaNotices = ["warning", "breached"] as const;
export type SlaNotice = (typeof slaNotices)[number];
export type SlaTarget = "first_response" | "resolution";
export type SlaState = "ok" | "warning" | "breached" | "met" | "paused";

/** The share of a target after which the sweep warns. */
export const warningShare = 0.8;

export type TicketSla = {
  status: TicketStatus;
  created_at: Date;
  first_response_at: Date | null;
  resolved_at: Date | null;
  first_response_due_at: Date | null;
  resolution_due_at: Date | null;
  sla_resolution_started_at: Date | null;
  sla_paused_at: Date | null;
  sla_paused_minutes: number;
  sla_first_response_notice: SlaNotice | null;
  sla_resolution_notice: SlaNotice | null;
  due_date: Date | null;
  due_date_manual: boolean;
};

/** The columns this module writes. */
export type SlaPatch = Partial<
  Pick<
    TicketSla,
    | "first_response_due_at"
    | "resolution_due_at"
    | "sla_resolution_started_at"
    | "sla_paused_at"
    | "sla_paused_minutes"
    | "sla_first_response_notice"
    | "sla_resolution_notice"
    | "due_date"
  >
> & { sla_next_check_at?: Date | null; sla_next_due_at?: Date | null };

type Instants = {
  firstResponseWarn: Date;
  firstResponseDue: Date;
  resolutionWarn: Date;
  resolutionDue: Date;
};

function instants(t: TicketSla, targets: SlaTargets): Instants {
  const { calendar: cal } = targets;
  const start = t.sla_resolution_started_at ?? t.created_at;
  const paused = t.sla_paused_minutes;
  return {
    firstResponseWarn: addBusinessMinutes(cal, t.created_at, targets.firstResponseMinutes * warningShare),
    firstResponseDue: addBusinessMinutes(cal, t.created_at, targets.firstResponseMinutes),
    resolutionWarn: addBusinessMinutes(cal, start, targets.resolutionMinutes * warningShare + paused),
    resolutionDue: addBusinessMinutes(cal, start, targets.resolutionMinutes + paused),
  };
}

const earliest = (dates: readonly (Date | null)[]): Date | null =>
  dates.reduce<Date | null>((min, d) => (d && (!min || d < min) ? d : min), null);

function nextAnnouncement(notice: SlaNotice | null, warn: Date, due: Date): Date | null {
  if (notice === null) return warn;
  return notice === "warning" ? due : null;
}

/** Due times, the sweep's next wake-up, the queue's order and the following due date, for the state given. */
export function slaColumns(t: TicketSla, targets: SlaTargets): SlaPatch {
  const at = instants(t, targets);
  const done = isDone(t.status);
  const paused = t.status === "pending";
  const waitingForResponse = t.first_response_at === null && !done;
  const resolutionRunning = !done && !paused;
  return {
    first_response_due_at: at.firstResponseDue,
    resolution_due_at: at.resolutionDue,
    sla_next_check_at: earliest([
      waitingForResponse
        ? nextAnnouncement(t.sla_first_response_notice, at.firstResponseWarn, at.firstResponseDue)
        : null,
      resolutionRunning
        ? nextAnnouncement(t.sla_resolution_notice, at.resolutionWarn, at.resolutionDue)
        : null,
    ]),
    sla_next_due_at: earliest([
      waitingForResponse ? at.firstResponseDue : null,
      resolutionRunning ? at.resolutionDue : null,
    ]),
    ...(t.due_date_manual ? {} : { due_date: at.resolutionDue }),
  };
}

/** A new ticket's SLA columns. */
export function newTicketSla(
  t: Pick<TicketSla, "status" | "created_at" | "due_date">,
  targets: SlaTargets,
): SlaPatch & { due_date_manual: boolean } {
  const manual = t.due_date !== null;
  const pausedAt = t.status === "pending" ? t.created_at : null;
  // Written out and assigned, not spread: V8 gives `{ ...object, newKey }` a new hidden class on every call,
  // which cost each new ticket ~60 µs (and the garbage collector) where this costs ~2.
  const columns = slaColumns(
    {
      status: t.status,
      created_at: t.created_at,
      due_date: t.due_date,
      first_response_at: null,
      resolved_at: null,
      first_response_due_at: null,
      resolution_due_at: null,
      sla_resolution_started_at: null,
      sla_paused_at: pausedAt,
      sla_paused_minutes: 0,
      sla_first_response_notice: null,
      sla_resolution_notice: null,
      due_date_manual: manual,
    },
    targets,
  );
  return Object.assign(columns, { sla_paused_at: pausedAt, due_date_manual: manual });
}

/**
 * What a change does to the SLA: entering `pending` pauses the resolution clock, leaving it pushes the due time
 * back by the paused business time, a reopen starts a new resolution target, and new targets (a priority or
 * team change) recompute both from the same starts. A recorded announcement stays while its target is still
 * past (so raising the priority of a breached ticket does not breach it again), and is cleared otherwise.
 */
export function slaAfterChange(
  before: TicketSla,
  after: Pick<TicketSla, "status" | "first_response_at" | "resolved_at" | "due_date" | "due_date_manual">,
  targets: SlaTargets,
  now: Date,
): SlaPatch {
  const next: TicketSla = { ...before, ...after };
  const reopened = isDone(before.status) && !isDone(after.status);
  if (reopened) {
    next.sla_resolution_started_at = now;
    next.sla_paused_minutes = 0;
    next.sla_paused_at = null;
    next.sla_resolution_notice = null;
  }
  if (before.status !== "pending" && after.status === "pending") next.sla_paused_at = now;
  if (before.status === "pending" && after.status !== "pending" && before.sla_paused_at) {
    if (!reopened)
      next.sla_paused_minutes += businessMinutesBetween(targets.calendar, before.sla_paused_at, now);
    next.sla_paused_at = null;
  }
  const columns = slaColumns(next, targets);
  // Past its new due time an announcement stands; before it, a breach is lifted (a warning stays).
  const keep = (notice: SlaNotice | null, due: Date | null | undefined): SlaNotice | null => {
    if (notice === null || !due) return null;
    if (due <= now) return notice;
    return notice === "warning" ? "warning" : null;
  };
  const frNotice = keep(next.sla_first_response_notice, columns.first_response_due_at);
  const resNotice = keep(next.sla_resolution_notice, columns.resolution_due_at);
  const settled = { ...next, sla_first_response_notice: frNotice, sla_resolution_notice: resNotice };
  // Assigned to the fresh columns object rather than spread with new keys (see newTicketSla).
  return Object.assign(slaColumns(settled, targets), {
    sla_resolution_started_at: next.sla_resolution_started_at,
    sla_paused_at: next.sla_paused_at,
    sla_paused_minutes: next.sla_paused_minutes,
    sla_first_response_notice: frNotice,
    sla_resolution_notice: resNotice,
  });
}

/** The SLA states a ticket shows (SPEC §7), from its stored columns and the clock. */
export function slaStates(
  t: Pick<
    TicketSla,
    | "status"
    | "first_response_at"
    | "resolved_at"
    | "first_response_due_at"
    | "resolution_due_at"
    | "sla_first_response_notice"
    | "sla_resolution_notice"
  >,
  now: Date,
): { first_response: Exclude<SlaState, "paused">; resolution: SlaState } {
  const done = isDone(t.status);
  const running = (due: Date | null, notice: SlaNotice | null): "ok" | SlaNotice => {
    if (due && now > due) return "breached";
    return notice === null ? "ok" : notice;
  };
  const reached = (at: Date | null, due: Date | null) => (due && at && at > due ? "breached" : "met");
  return {
    first_response:
      t.first_response_at !== null
        ? reached(t.first_response_at, t.first_response_due_at)
        : done
          ? "met"
          : running(t.first_response_due_at, t.sla_first_response_notice),
    resolution: done
      ? reached(t.resolved_at, t.resolution_due_at)
      : t.status === "pending"
        ? "paused"
        : running(t.resolution_due_at, t.sla_resolution_notice),
  };
}

export type SlaAnnouncement = { target: SlaTarget; type: "sla_warning" | "sla_breached" };

/**
 * What the sweep announces for a ticket now: each target's warning at 80% and breach at 100%, once each (a
 * breach found before its warning was announced skips the warning), and the columns that record it.
 */
export function dueAnnouncements(
  t: TicketSla,
  targets: SlaTargets,
  now: Date,
): { announcements: SlaAnnouncement[]; patch: SlaPatch } {
  const at = instants(t, targets);
  const done = isDone(t.status);
  const announcements: SlaAnnouncement[] = [];
  const decide = (target: SlaTarget, notice: SlaNotice | null, warn: Date, due: Date): SlaNotice | null => {
    if (now >= due && notice !== "breached") {
      announcements.push({ target, type: "sla_breached" });
      return "breached";
    }
    if (now >= warn && notice === null) {
      announcements.push({ target, type: "sla_warning" });
      return "warning";
    }
    return notice;
  };
  const frNotice =
    t.first_response_at === null && !done
      ? decide("first_response", t.sla_first_response_notice, at.firstResponseWarn, at.firstResponseDue)
      : t.sla_first_response_notice;
  const resNotice =
    !done && t.status !== "pending"
      ? decide("resolution", t.sla_resolution_notice, at.resolutionWarn, at.resolutionDue)
      : t.sla_resolution_notice;
  const settled = { ...t, sla_first_response_notice: frNotice, sla_resolution_notice: resNotice };
  return {
    announcements,
    patch: Object.assign(slaColumns(settled, targets), {
      sla_first_response_notice: frNotice,
      sla_resolution_notice: resNotice,
    }),
  };
}
