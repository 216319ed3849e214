import type { TicketPriority, TicketStatus, UserRole } from "../db/schema.js";
import { InvalidTransitionError, ValidationError } from "../shared/errors.js";
import { type StatusState, transitionStatus } from "./ticket-status.js";

/** The parts of a ticket the rules read and write. */
export type TicketState = StatusState & {
  subject: string;
  description: string;
  priority: TicketPriority;
  category: string;
  contact_id: string | null;
  assigned_to: string | null;
  assigned_team: string | null;
  due_date: Date | null;
  tags: string[];
  /** Addresses copied on the agents' replies by mail. */
  cc?: string[];
};

/** A user as the assignment rule needs them. */
export type Assignee = { id: string; team_id: string | null };
/** A category as the routing rule needs it. */
export type RoutedCategory = { key: string; default_team_id: string | null };

/** What a request asks to change; related records are already looked up (and exist). */
export type TicketChanges = {
  subject?: string;
  description?: string;
  status?: TicketStatus;
  priority?: TicketPriority;
  category?: RoutedCategory;
  contact_id?: string | null;
  assigned_team?: string | null;
  assigned_to?: Assignee | null;
  due_date?: Date | null;
  tags?: string[];
  /** Tags to add to and remove from the ticket's current ones (a macro's), applied after `tags`. */
  add_tags?: string[];
  remove_tags?: string[];
  cc?: string[];
};

/** The most tags a ticket carries. */
export const maxTags = 20;

export type FieldChange = { field: string; old_value: string | null; new_value: string | null };
export type TicketPatch = Partial<TicketState>;
export type TicketDecision = { patch: TicketPatch; changes: FieldChange[] };

/** Fields whose every change is written to the ticket's history (SPEC §3.8), in display order. */
const auditedFields = [
  "status",
  "priority",
  "category",
  "assigned_team",
  "assigned_to",
  "contact_id",
  "due_date",
  "subject",
  "tags",
  "cc",
] as const satisfies readonly (keyof TicketState)[];

type Value = TicketState[keyof TicketState];

/** How a value is written in the history: ids and keys as-is, dates as ISO, tags comma-separated (none: null). */
function historyValue(value: Value): string | null {
  if (value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.length > 0 ? value.join(", ") : null;
  return String(value);
}

function sameValue(a: Value, b: Value): boolean {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => v === b[i]);
  }
  return a === b;
}

/** Every audited field that differs between two states, as history entries. */
export function diffTicket(before: TicketState, after: TicketState): FieldChange[] {
  return auditedFields
    .filter((field) => !sameValue(before[field], after[field]))
    .map((field) => ({
      field,
      old_value: historyValue(before[field]),
      new_value: historyValue(after[field]),
    }));
}

/** The columns that differ, for the UPDATE statement. */
function patchOf(before: TicketState, after: TicketState): TicketPatch {
  const patch: Record<string, Value> = {};
  for (const key of Object.keys(after) as (keyof TicketState)[]) {
    if (!sameValue(before[key], after[key])) patch[key] = after[key];
  }
  return patch as TicketPatch;
}

/**
 * The ticket's tags with some added (at the end, in the order given, unless already there) and some removed
 * (as spelled: tags are matched exactly, as the `tag` filter matches them). A change that would leave more
 * than maxTags is refused; one that removes some from an older, longer list is not.
 */
export function editTags(
  tags: readonly string[],
  add: readonly string[],
  remove: readonly string[],
): string[] {
  const removed = new Set(remove);
  const next = [...new Set([...tags, ...add])].filter((tag) => !removed.has(tag));
  if (next.length > maxTags && next.length > tags.length)
    throw ValidationError.field(
      "tags",
      `a ticket has at most ${maxTags} tags; this would make ${next.length}`,
    );
  return next;
}

/**
 * SPEC §3.4 + §3.5 at creation: with no team chosen the category's default team routes the ticket; a
 * hand-chosen team is kept. If it still has no team, the assignee's team fills it. An assignee makes it `assigned`.
 */
export function decideNewTicket(input: {
  category: RoutedCategory;
  assigned_team: string | null;
  assignee: Assignee | null;
}): { status: TicketStatus; assigned_team: string | null } {
  const team = input.assigned_team ?? input.category.default_team_id ?? input.assignee?.team_id ?? null;
  return { status: input.assignee ? "assigned" : "new", assigned_team: team };
}

/**
 * Decides what an update does to a ticket: the rules of SPEC §3.2-§3.5 applied to the requested changes.
 * Returns the columns to write and one history entry per audited field that changed. Pure: the caller
 * loads the current row (locked) and writes the result in the same transaction.
 */
export function decideTicketChange(
  current: TicketState,
  changes: TicketChanges,
  actor: { role: UserRole },
  now: Date,
): TicketDecision {
  const next: TicketState = { ...current, tags: [...current.tags] };
  if (changes.subject !== undefined) next.subject = changes.subject;
  if (changes.description !== undefined) next.description = changes.description;
  if (changes.priority !== undefined) next.priority = changes.priority;
  if (changes.contact_id !== undefined) next.contact_id = changes.contact_id;
  if (changes.due_date !== undefined) next.due_date = changes.due_date;
  if (changes.tags !== undefined) next.tags = [...changes.tags];
  if (changes.add_tags !== undefined || changes.remove_tags !== undefined)
    next.tags = editTags(next.tags, changes.add_tags ?? [], changes.remove_tags ?? []);
  if (changes.cc !== undefined) next.cc = [...changes.cc];
  if (changes.assigned_team !== undefined) next.assigned_team = changes.assigned_team;

  const teamChosen = changes.assigned_team !== undefined;
  if (changes.category !== undefined) {
    next.category = changes.category.key;
    // A ticket without a team is routed by its (new) category, unless this request chooses the team.
    if (!teamChosen && next.assigned_team === null) next.assigned_team = changes.category.default_team_id;
  }

  let derivedStatus: TicketStatus | undefined;
  if (changes.assigned_to !== undefined && changes.assigned_to?.id !== current.assigned_to) {
    const assignee = changes.assigned_to;
    next.assigned_to = assignee?.id ?? null;
    if (assignee && !teamChosen && next.assigned_team === null) next.assigned_team = assignee.team_id;
    if (assignee && current.status === "new") derivedStatus = "assigned";
    if (!assignee && current.status === "assigned") derivedStatus = "new";
  }

  const target = changes.status ?? derivedStatus ?? current.status;
  const assigneeChanged = next.assigned_to !== current.assigned_to;
  if (target === "assigned" && next.assigned_to === null && (target !== current.status || assigneeChanged)) {
    throw new InvalidTransitionError("A ticket can only be 'assigned' when someone is assigned to it", [
      { field: "status", message: "needs an assignee (set assigned_to)" },
    ]);
  }
  const { status, resolved_at, closed_at, reopened_count } = current;
  Object.assign(
    next,
    transitionStatus({ status, resolved_at, closed_at, reopened_count }, target, actor, now),
  );

  return { patch: patchOf(current, next), changes: diffTicket(current, next) };
}
