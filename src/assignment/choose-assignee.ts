import type { AssignmentMode, TicketStatus } from "../db/schema.js";
import { doneStatuses } from "../tickets/ticket-status.js";

/** A member of the team as auto-assignment sees them, read under the team's lock (assignment.repository.ts). */
export type AssignmentCandidate = {
  id: string;
  name: string;
  is_active: boolean;
  available: boolean;
  /** null: no limit. */
  max_open_tickets: number | null;
  /** Tickets assigned to them that are not resolved or closed, in any team. */
  open_tickets: number;
  /** When auto-assignment last gave them a ticket; null: never. */
  last_auto_assigned_at: Date | null;
};

export type AssignmentChoice =
  /** `at`: what to store as the agent's last_auto_assigned_at. */
  | { userId: string; reason: string; at: Date }
  /** Nobody may take the ticket: it stays in the team's queue. */
  | { none: string };

/** Whether auto-assignment may give the agent one more ticket: active, available and under their limit. */
export function mayTakeTicket(c: AssignmentCandidate): boolean {
  return c.is_active && c.available && (c.max_open_tickets === null || c.open_tickets < c.max_open_tickets);
}

/** Never-assigned agents first, then the one assigned longest ago. */
function byLastAssignment(a: AssignmentCandidate, b: AssignmentCandidate): number {
  const at = a.last_auto_assigned_at?.getTime() ?? Number.NEGATIVE_INFINITY;
  const bt = b.last_auto_assigned_at?.getTime() ?? Number.NEGATIVE_INFINITY;
  return at === bt ? 0 : at < bt ? -1 : 1;
}

/** Name, then id: a fixed order for agents alike in everything else, so every instance chooses the same. */
function byNameThenId(a: AssignmentCandidate, b: AssignmentCandidate): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.id === b.id ? 0 : a.id < b.id ? -1 : 1;
}

const orders: Record<
  Exclude<AssignmentMode, "manual">,
  (a: AssignmentCandidate, b: AssignmentCandidate) => number
> = {
  round_robin: (a, b) => byLastAssignment(a, b) || byNameThenId(a, b),
  least_loaded: (a, b) => a.open_tickets - b.open_tickets || byLastAssignment(a, b) || byNameThenId(a, b),
};

function reasonOf(mode: Exclude<AssignmentMode, "manual">, chosen: AssignmentCandidate): string {
  return mode === "round_robin" ? "round robin" : `least loaded: ${chosen.open_tickets} open`;
}

/**
 * Who gets a team's unassigned ticket (SPEC §7). Only members who are active, available and under their
 * `max_open_tickets` are ever chosen.
 *
 * - round_robin: the agent auto-assigned longest ago (never-assigned first; ties by name, then id).
 * - least_loaded: the agent with the fewest open tickets (ties: auto-assigned longest ago, then name).
 *
 * The chosen agent's new `last_auto_assigned_at` is `now`, or just after the team's latest one if that is
 * later (another instance's clock running ahead): the chosen agent always goes to the back of the rotation.
 * The reason is what the ticket's history shows: "round robin", or "least loaded: 3 open" (the open tickets
 * the agent had when chosen).
 */
export function chooseAssignee(
  mode: AssignmentMode,
  candidates: readonly AssignmentCandidate[],
  now: Date,
): AssignmentChoice {
  if (mode === "manual") return { none: "the team assigns its tickets by hand" };
  const eligible = candidates.filter(mayTakeTicket);
  const [chosen] = [...eligible].sort(orders[mode]);
  if (!chosen) return { none: whyNobody(candidates) };
  const latest = Math.max(...candidates.map((c) => c.last_auto_assigned_at?.getTime() ?? 0));
  return {
    userId: chosen.id,
    reason: reasonOf(mode, chosen),
    at: new Date(Math.max(now.getTime(), latest + 1)),
  };
}

function whyNobody(candidates: readonly AssignmentCandidate[]): string {
  const active = candidates.filter((c) => c.is_active);
  if (active.length === 0) return "no active agent in the team";
  if (!active.some((c) => c.available)) return "no agent of the team is available";
  return "every available agent has reached their limit of open tickets";
}

/**
 * The team whose rule may assign the ticket: an open ticket with a team and nobody assigned. Null otherwise
 * (whether the team assigns by hand is read under its lock, auto-assign.ts).
 */
export function teamAwaitingAssignee(t: {
  status: TicketStatus;
  assigned_to: string | null;
  assigned_team: string | null;
}): string | null {
  return t.assigned_to === null && !doneStatuses.includes(t.status) ? t.assigned_team : null;
}
