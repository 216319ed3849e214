import type { Schemas } from "../api/client";

/**
 * A ticket's SLA as people read it (SPEC §7): how long until a target is due, or how long it is overdue.
 * Pure functions of the ticket's `sla`, its due times and the clock, so the queue can count down between
 * fetches (the server's states are as of the last fetch; a due time passed since then reads overdue).
 */

export type SlaState = Schemas["TicketSla"]["resolution"];
export type SlaTarget = "first_response" | "resolution";
/** ok: running · warning: past 80% · breached: overdue or missed · paused: pending · met: done in time · none: no SLA */
export type TimeLeftTone = "ok" | "warning" | "breached" | "paused" | "met" | "none";
export type TimeLeft = { label: string; tone: TimeLeftTone };

export type TicketSlaFields = Pick<Schemas["Ticket"], "sla" | "first_response_due_at" | "resolution_due_at">;

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** A span as the queue says it: "45 m", "2 h 10 m", "8 h", "3 d 4 h" (whole minutes, rounded down). */
export function formatSpan(ms: number): string {
  const span = Math.abs(ms);
  if (span < minute) return "< 1 m";
  if (span >= day) {
    const days = Math.floor(span / day);
    const hours = Math.floor((span % day) / hour);
    return hours === 0 ? `${days} d` : `${days} d ${hours} h`;
  }
  const hours = Math.floor(span / hour);
  const minutes = Math.floor((span % hour) / minute);
  if (hours === 0) return `${minutes} m`;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} m`;
}

/**
 * One target: its due time, its state, and whether its clock still runs (a first response not yet given,
 * a resolution neither paused nor done). A running target counts down, then reads "Overdue …"; a stopped
 * one says how it ended.
 */
export function targetTimeLeft(
  dueAt: string | null,
  state: SlaState,
  running: boolean,
  now: number,
): TimeLeft {
  if (state === "paused") return { label: "Paused", tone: "paused" };
  if (dueAt === null) return { label: "", tone: "none" };
  if (!running)
    return state === "breached" ? { label: "Breached", tone: "breached" } : { label: "Met", tone: "met" };
  const left = new Date(dueAt).getTime() - now;
  if (left <= 0) return { label: `Overdue ${formatSpan(left)}`, tone: "breached" };
  // The server saw it breached although this clock says otherwise (a clock behind): the server is right.
  if (state === "breached") return { label: "Breached", tone: "breached" };
  return { label: formatSpan(left), tone: state === "warning" ? "warning" : "ok" };
}

const sameInstant = (a: string | null, b: string) =>
  a !== null && new Date(a).getTime() === new Date(b).getTime();

/**
 * The target the queue shows, by the rule of `sla.next_due_at` (what `ordering=sla_due` sorts by): the first
 * response until it is given, then the resolution. `target` is null when no clock runs.
 */
export function runningTarget(ticket: TicketSlaFields): SlaTarget | null {
  const next = ticket.sla.next_due_at;
  if (next === null) return null;
  return ticket.sla.first_response !== "met" && sameInstant(ticket.first_response_due_at, next)
    ? "first_response"
    : "resolution";
}

/** What the queue's SLA column says: the running target's time left, else paused, breached, met or nothing. */
export function timeLeft(ticket: TicketSlaFields, now: number): TimeLeft & { target: SlaTarget | null } {
  const { sla } = ticket;
  const target = runningTarget(ticket);
  if (target !== null && sla.next_due_at !== null)
    return { ...targetTimeLeft(sla.next_due_at, sla[target], true, now), target };
  // No SLA (a ticket older than SLAs): nothing to say.
  if (ticket.first_response_due_at === null && ticket.resolution_due_at === null)
    return { label: "", tone: "none", target: null };
  if (sla.resolution === "paused") return { label: "Paused", tone: "paused", target: "resolution" };
  // Done: how it ended, a target missed on the way counting as breached.
  if (sla.first_response === "breached" || sla.resolution === "breached")
    return { label: "Breached", tone: "breached", target: null };
  return { label: "Met", tone: "met", target: null };
}

export const targetLabel: Record<SlaTarget, string> = {
  first_response: "First response",
  resolution: "Resolution",
};

export const slaStateLabel: Record<SlaState, string> = {
  ok: "On track",
  warning: "Warning",
  breached: "Breached",
  met: "Met",
  paused: "Paused",
};
