import { type TicketPriority, type TicketStatus, ticketPriorities, ticketStatuses } from "../../db/schema.js";
import type { DemoCompany } from "./demo-directory.js";
import { demoDescription, demoInternalNote, demoPublicReply, demoSubject } from "./demo-text.js";
import { type Random, timeOrderedId } from "./random.js";
import { sharedTags, tagsByCategory } from "./vocabulary.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export type DemoTicket = {
  id: string;
  subject: string;
  description: string;
  status: TicketStatus;
  priority: TicketPriority;
  category: string;
  company_id: string;
  contact_id: string | null;
  assigned_to: string | null;
  assigned_team: string | null;
  created_by: string | null;
  first_response_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  due_date: Date | null;
  tags: string[];
  reopened_count: number;
  created_at: Date;
  updated_at: Date;
};
export type DemoComment = {
  id: string;
  ticket_id: string;
  author_id: string;
  text: string;
  is_internal: boolean;
  created_at: Date;
};
export type DemoEvent = {
  id: string;
  ticket_id: string;
  actor_id: string | null;
  type: string;
  field: string | null;
  old_value: string | null;
  new_value: string | null;
  created_at: Date;
};
export type DemoTicketBundle = { ticket: DemoTicket; comments: DemoComment[]; events: DemoEvent[] };

/**
 * How busy the help desk's history is. seed-demo uses `demoProfile`; the benchmark (src/bench/dataset.ts)
 * asks for more settled open tickets, longer conversations and fixed ten-comment tickets.
 */
export type DemoProfile = {
  /** Share of tickets older than two weeks that are resolved or closed (the rest are still open). */
  settledShare: number;
  /** How many more comments an answered ticket gets after the first reply: [min, max]. */
  laterComments: readonly [number, number];
  /**
   * Tickets (by creation index) with exactly this many comments, the first of them a public reply; such a
   * ticket has been answered, so a new or merely assigned one is in progress instead.
   */
  fixedComments?: (index: number) => number | undefined;
  /**
   * The desk's auto-close (app_settings.auto_close_after_days): a ticket resolved longer ago than this is
   * closed, by the system, that long after its resolution, as the SLA sweep would have. Unset: resolved
   * tickets stay resolved whatever their age (seed-demo).
   */
  autoCloseAfterDays?: number;
};

export const demoProfile: DemoProfile = { settledShare: 0.91, laterComments: [0, 3] };

/** What the ticket generator draws from: the database's categories and teams plus the demo people. */
export type DemoWorld = {
  categories: readonly { key: string; default_team_id: string | null }[];
  teamIds: readonly string[];
  agents: readonly { id: string; team_id: string }[];
  agentsByTeam: ReadonlyMap<string, readonly { id: string; team_id: string }[]>;
  companies: readonly Pick<DemoCompany, "id" | "contacts">[];
  now: Date;
  profile?: DemoProfile;
};

const categoryWeights: Record<string, number> = {
  technical: 30,
  billing: 18,
  zone_config: 17,
  account: 13,
  feature_request: 8,
  general: 14,
};
const priorityWeights = { low: 25, medium: 42, high: 23, urgent: 10 } as const;
const responseMeanHours: Record<TicketPriority, number> = { urgent: 0.7, high: 2, medium: 6, low: 16 };
const resolutionMeanHours: Record<TicketPriority, number> = { urgent: 6, high: 24, medium: 60, low: 120 };
/** How many tags a ticket gets: mostly none or one. */
const tagCounts = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 3] as const;
const dueAfterHours: Record<TicketPriority, number> = { urgent: 4, high: 24, medium: 72, low: 168 };

/** Old tickets are mostly closed, recent ones mostly open. */
function statusForAge(rng: Random, ageDays: number, settledShare: number): TicketStatus {
  if (ageDays < 2) {
    return rng.weighted({ new: 30, assigned: 24, in_progress: 22, pending: 10, resolved: 11, closed: 3 });
  }
  if (ageDays < 14) {
    return rng.weighted({ new: 5, assigned: 8, in_progress: 14, pending: 12, resolved: 28, closed: 33 });
  }
  return rng.chance(settledShare)
    ? rng.weighted({ resolved: 5, closed: 86 })
    : rng.weighted({ new: 1, assigned: 2, in_progress: 3, pending: 3 });
}

/** Small companies write rarely, a few big ones often (square of a uniform skews to the front). */
function pickCompany<C>(rng: Random, companies: readonly C[]): C {
  const u = rng.next();
  return companies[Math.floor(u * u * companies.length)] as C;
}

/**
 * One ticket with its comments and events, consistent in time:
 * created < assigned < first response < (reopen) < resolved ≤ closed ≤ now, and first_response_at
 * is exactly the first public reply by an agent. `index` is the ticket's position in creation order;
 * the first few cover every status, priority and category so even tiny data sets show them all.
 */
export function buildDemoTicket(
  rng: Random,
  world: DemoWorld,
  index: number,
  createdAt: Date,
): DemoTicketBundle {
  const created = createdAt.getTime();
  const now = world.now.getTime();
  const profile = world.profile ?? demoProfile;
  const fixedComments = profile.fixedComments?.(index);
  const keys = world.categories.map((c) => c.key);
  const category =
    index < keys.length
      ? (keys[index] as string)
      : rng.weighted(Object.fromEntries(keys.map((k) => [k, categoryWeights[k] ?? 6])));
  const priority = index < ticketPriorities.length ? ticketPriorities[index] : rng.weighted(priorityWeights);
  let status =
    index < ticketStatuses.length
      ? ticketStatuses[index]
      : statusForAge(rng, (now - created) / DAY, profile.settledShare);
  if (!priority || !status) throw new Error("unreachable");
  if (fixedComments !== undefined && (status === "new" || status === "assigned")) status = "in_progress";

  const company = pickCompany(rng, world.companies);
  const contact = company.contacts.length > 0 && rng.chance(0.92) ? rng.pick(company.contacts) : null;
  const contactName = contact?.first_name ?? "there";
  const defaultTeam = world.categories.find((c) => c.key === category)?.default_team_id ?? null;
  let team = rng.chance(0.08) ? rng.pick(world.teamIds) : defaultTeam;
  if (!team && rng.chance(0.5)) team = rng.pick(world.teamIds);

  let assignee: DemoWorld["agents"][number] | null = null;
  if (status !== "new") {
    const pool = (team && world.agentsByTeam.get(team)) || world.agents;
    assignee = rng.pick(pool.length > 0 ? pool : world.agents);
    team ??= assignee.team_id;
  }
  const creator = rng.chance(0.15) ? null : (assignee ?? rng.pick(world.agents));

  // Durations of each step, squeezed proportionally when the ticket is too young for them all.
  const responded =
    fixedComments !== undefined || (status !== "new" && (status !== "assigned" || rng.chance(0.3)));
  const finished = status === "resolved" || status === "closed";
  const steps = {
    assign: status === "new" ? 0 : rng.exponential(0.5 * HOUR) + MINUTE,
    respond: responded ? rng.exponential(responseMeanHours[priority] * HOUR) + 2 * MINUTE : 0,
    resolve: finished ? rng.exponential(resolutionMeanHours[priority] * HOUR) + 10 * MINUTE : 0,
    close: status === "closed" ? rng.int(1, 7) * DAY + rng.exponential(6 * HOUR) : 0,
  };
  const total = steps.assign + steps.respond + steps.resolve + steps.close;
  const room = (now - created) * 0.9;
  const scale = total > room ? room / total : 1;
  const assignedAt = created + Math.max(1, Math.floor(steps.assign * scale));
  const firstResponseAt = responded ? assignedAt + Math.max(1, Math.floor(steps.respond * scale)) : null;
  const resolvedAt =
    finished && firstResponseAt ? firstResponseAt + Math.max(1, Math.floor(steps.resolve * scale)) : null;
  let closedAt = status === "closed" && resolvedAt ? resolvedAt + Math.floor(steps.close * scale) : null;

  const idAt = (time: number): string => timeOrderedId(rng, time);
  const ticketId = idAt(created);
  const events: DemoEvent[] = [];
  const event = (
    at: number,
    actor: string | null,
    type: string,
    field?: string,
    from?: string | null,
    to?: string | null,
  ) =>
    events.push({
      id: idAt(at),
      ticket_id: ticketId,
      actor_id: actor,
      type,
      field: field ?? null,
      old_value: from ?? null,
      new_value: to ?? null,
      created_at: new Date(at),
    });
  const comments: DemoComment[] = [];
  const comment = (at: number, author: string, isInternal: boolean) => {
    const id = idAt(at);
    comments.push({
      id,
      ticket_id: ticketId,
      author_id: author,
      text: isInternal ? demoInternalNote(rng) : demoPublicReply(rng, contactName),
      is_internal: isInternal,
      created_at: new Date(at),
    });
    event(at, author, "commented", undefined, null, id);
  };

  event(created, creator?.id ?? null, "created");
  const finalPriority = priority;
  if (rng.chance(0.1)) {
    const earlier = rng.pick(ticketPriorities.filter((p) => p !== finalPriority));
    const at = created + Math.max(1, Math.floor((assignedAt - created) / 2));
    event(at, assignee?.id ?? creator?.id ?? null, "field_changed", "priority", earlier, finalPriority);
  }
  let reopened = 0;
  if (assignee) {
    event(assignedAt, assignee.id, "field_changed", "assigned_to", null, assignee.id);
    event(assignedAt, assignee.id, "field_changed", "status", "new", "assigned");
    if (firstResponseAt && fixedComments === undefined && rng.chance(0.25)) {
      comment(assignedAt + Math.max(1, Math.floor((firstResponseAt - assignedAt) / 2)), assignee.id, true);
    }
  }
  if (assignee && firstResponseAt) {
    comment(firstResponseAt, assignee.id, false);
    const activityEnd = resolvedAt ?? now;
    if (status !== "assigned")
      event(firstResponseAt, assignee.id, "field_changed", "status", "assigned", "in_progress");
    if (fixedComments !== undefined) {
      // Exactly as many as asked: evenly spread, a shared millisecond allowed when the span is short.
      const more = fixedComments - 1;
      for (let k = 1; k <= more; k++)
        comment(
          firstResponseAt + Math.floor(((activityEnd - firstResponseAt) * k) / (more + 1)),
          assignee.id,
          rng.chance(0.4),
        );
    } else {
      const later = Array.from({ length: rng.int(...profile.laterComments) }, () =>
        Math.floor(firstResponseAt + 1 + rng.next() * (activityEnd - firstResponseAt - 2)),
      ).sort((a, b) => a - b);
      for (const at of later)
        if (at > firstResponseAt && at < activityEnd) comment(at, assignee.id, rng.chance(0.4));
    }
    if (status === "pending") {
      const pendingAt = Math.floor(firstResponseAt + 1 + (now - firstResponseAt) * 0.5 * rng.next());
      event(pendingAt, assignee.id, "field_changed", "status", "in_progress", "pending");
    }
    if (resolvedAt) {
      if (rng.chance(0.05) && resolvedAt - firstResponseAt > 10) {
        // Resolved once, the customer wrote back, resolved again.
        const first = firstResponseAt + Math.floor((resolvedAt - firstResponseAt) * 0.4);
        const back = first + Math.floor((resolvedAt - first) * 0.5);
        event(first, assignee.id, "field_changed", "status", "in_progress", "resolved");
        event(back, assignee.id, "field_changed", "status", "resolved", "in_progress");
        reopened = 1;
      }
      event(resolvedAt, assignee.id, "field_changed", "status", "in_progress", "resolved");
    }
    if (closedAt) event(closedAt, assignee.id, "field_changed", "status", "resolved", "closed");
  }
  const autoClose = profile.autoCloseAfterDays;
  if (autoClose !== undefined && status === "resolved" && resolvedAt && resolvedAt + autoClose * DAY < now) {
    // Closed by the sweep (every 15 s) once the setting's time had passed since the resolution.
    status = "closed";
    closedAt = Math.min(now, resolvedAt + autoClose * DAY + Math.floor(rng.next() * 15_000));
    event(closedAt, null, "field_changed", "status", "resolved", "closed");
  }

  const pool = [...(tagsByCategory[category] ?? []), ...sharedTags];
  const lastActivity = Math.max(created, ...events.map((e) => e.created_at.getTime()));
  const ticket: DemoTicket = {
    id: ticketId,
    subject: demoSubject(rng, category, contactName),
    description: demoDescription(rng, category, contactName, index),
    status,
    priority,
    category,
    company_id: company.id,
    contact_id: contact?.id ?? null,
    assigned_to: assignee?.id ?? null,
    assigned_team: team,
    created_by: creator?.id ?? null,
    first_response_at: firstResponseAt === null ? null : new Date(firstResponseAt),
    resolved_at: resolvedAt === null ? null : new Date(resolvedAt),
    closed_at: closedAt === null ? null : new Date(closedAt),
    due_date: rng.chance(0.45) ? new Date(created + dueAfterHours[priority] * HOUR) : null,
    tags: rng.sample(pool, rng.pick(tagCounts)),
    reopened_count: reopened,
    created_at: createdAt,
    updated_at: new Date(lastActivity),
  };
  return { ticket, comments, events };
}
