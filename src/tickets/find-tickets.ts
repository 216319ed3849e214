import { countCap } from "../db/capped-count.js";
import { ticketPriorities, ticketStatuses } from "../db/schema.js";
import type { Actor, AppContext } from "../server/context.js";
import { presentTicket } from "./ticket.presenter.js";
import { findTicketEvents } from "./ticket.repository.js";
import type { TicketStats, TicketView } from "./ticket.schema.js";
import { findTicketPage } from "./ticket-list.repository.js";
import { startOfDay } from "./ticket-number.js";
import type {
  ListTicketsQuery,
  OrderingField,
  Page,
  TicketFilters,
  TicketOrdering,
} from "./ticket-query.schema.js";
import { countByStatusAndPriority, countOverdueTickets } from "./ticket-stats.repository.js";
import { isDone } from "./ticket-status.js";

export const defaultPage = { limit: 25, offset: 0 };

/** A date-only bound is the start of that day in the configured time zone; a date-time is taken as given. */
function instant(value: string | undefined, timeZone: string): Date | undefined {
  if (value === undefined) return undefined;
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? startOfDay(value, timeZone) : new Date(value);
}

/** Query parameters → filters: `me` becomes the caller, `none` becomes "no one". */
export function ticketFilters(query: ListTicketsQuery, actor: Actor, timeZone: string): TicketFilters {
  const filters: TicketFilters = {
    statuses: query.status,
    priorities: query.priority,
    category: query.category,
    companyId: query.company_id,
    contactId: query.contact_id,
    open: query.open,
    overdue: query.overdue,
    tag: query.tag,
    createdAfter: instant(query.created_after, timeZone),
    createdBefore: instant(query.created_before, timeZone),
    search: query.search || undefined,
  };
  if (query.assigned_team !== undefined)
    filters.assignedTeam = query.assigned_team === "none" ? null : query.assigned_team;
  if (query.assigned_to !== undefined) {
    filters.assignedTo =
      query.assigned_to === "me" ? actor.id : query.assigned_to === "none" ? null : query.assigned_to;
  }
  return filters;
}

export function ticketOrdering(ordering: string | undefined): TicketOrdering | undefined {
  if (!ordering) return undefined;
  if (ordering === "-relevance") return { field: "relevance", descending: true };
  const descending = ordering.startsWith("-");
  return { field: (descending ? ordering.slice(1) : ordering) as OrderingField, descending };
}

function page(query: { limit?: number | undefined; offset?: number | undefined }): Page {
  return { limit: query.limit ?? defaultPage.limit, offset: query.offset ?? defaultPage.offset };
}

/**
 * GET /tickets: a filtered, ordered page and the count (two queries whatever the page size). The count stops
 * at `cap` matches (count_capped: "at least that many"), so a broad list never counts a million rows; a broad
 * search says PostgreSQL's estimate instead (count_estimated: "about that many", ticket-search-count.ts).
 */
export async function findTickets(
  ctx: AppContext,
  query: ListTicketsQuery,
  actor: Actor,
  cap: number = countCap,
): Promise<{ count: number; count_capped: boolean; count_estimated: boolean; results: TicketView[] }> {
  const now = new Date();
  const filters = ticketFilters(query, actor, ctx.config.timeZone);
  const { count, countCapped, countEstimated, rows } = await findTicketPage(
    ctx.db,
    ctx.names,
    filters,
    ticketOrdering(query.ordering),
    page(query),
    now,
    cap,
  );
  return {
    count,
    count_capped: countCapped,
    count_estimated: countEstimated,
    results: rows.map((row) => presentTicket(row, actor, now)),
  };
}

/** GET /tickets/{id}/events: the ticket's history, oldest first. */
export async function findEvents(
  ctx: AppContext,
  ticketId: string,
  query: { limit?: number | undefined; offset?: number | undefined },
) {
  return findTicketEvents(ctx.db, ticketId, page(query));
}

/**
 * GET /tickets/stats: totals, per status and priority, and unassigned are exact sums over ticket_counts (kept by
 * triggers, a few hundred rows) with my_open counted live in the same statement; overdue comes from a count at
 * most 10 s old.
 */
export async function getTicketStats(ctx: AppContext, actor: Actor): Promise<TicketStats> {
  const cells = await countByStatusAndPriority(ctx.db, actor.id);
  const myOpen = cells[0]?.my_open ?? 0;
  const overdue = await ctx.overdue.get(() => countOverdueTickets(ctx.db, new Date()));
  const stats: TicketStats = {
    total: 0,
    by_status: Object.fromEntries(ticketStatuses.map((s) => [s, 0])) as TicketStats["by_status"],
    by_priority: Object.fromEntries(ticketPriorities.map((p) => [p, 0])) as TicketStats["by_priority"],
    my_open: myOpen,
    unassigned: 0,
    overdue,
  };
  for (const { status, priority, assigned, n } of cells) {
    stats.total += n;
    stats.by_status[status] += n;
    stats.by_priority[priority] += n;
    if (!assigned && !isDone(status)) stats.unassigned += n;
  }
  return stats;
}
