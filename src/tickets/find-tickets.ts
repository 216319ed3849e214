import type { Actor, AppContext } from "../server/context.js";
import { presentTicket } from "./ticket.presenter.js";
import { findTicketEvents } from "./ticket.repository.js";
import type { TicketStats, TicketView } from "./ticket.schema.js";
import { countTickets, findTicketPage } from "./ticket-list.repository.js";
import { startOfDay } from "./ticket-number.js";
import type {
  ListTicketsQuery,
  OrderingField,
  Page,
  TicketFilters,
  TicketOrdering,
} from "./ticket-query.schema.js";

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
  const descending = ordering.startsWith("-");
  return { field: (descending ? ordering.slice(1) : ordering) as OrderingField, descending };
}

function page(query: { limit?: number | undefined; offset?: number | undefined }): Page {
  return { limit: query.limit ?? defaultPage.limit, offset: query.offset ?? defaultPage.offset };
}

/** GET /tickets: a filtered, ordered page and the total count (two queries whatever the page size). */
export async function findTickets(
  ctx: AppContext,
  query: ListTicketsQuery,
  actor: Actor,
): Promise<{ count: number; results: TicketView[] }> {
  const now = new Date();
  const filters = ticketFilters(query, actor, ctx.config.timeZone);
  const { count, rows } = await findTicketPage(
    ctx.db,
    filters,
    ticketOrdering(query.ordering),
    page(query),
    now,
  );
  return { count, results: rows.map((row) => presentTicket(row, actor, now)) };
}

/** GET /tickets/{id}/events: the ticket's history, oldest first. */
export async function findEvents(
  ctx: AppContext,
  ticketId: string,
  query: { limit?: number | undefined; offset?: number | undefined },
) {
  return findTicketEvents(ctx.db, ticketId, page(query));
}

/** GET /tickets/stats: totals by status and priority, the caller's open work, unassigned and overdue. */
export async function getTicketStats(ctx: AppContext, actor: Actor): Promise<TicketStats> {
  const c = await countTickets(ctx.db, actor.id, new Date());
  return {
    total: c.total,
    by_status: {
      new: c.new,
      assigned: c.assigned,
      in_progress: c.in_progress,
      pending: c.pending,
      resolved: c.resolved,
      closed: c.closed,
    },
    by_priority: { low: c.low, medium: c.medium, high: c.high, urgent: c.urgent },
    my_open: c.my_open,
    unassigned: c.unassigned,
    overdue: c.overdue,
  };
}
