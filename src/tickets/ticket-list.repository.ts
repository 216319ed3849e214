import { type Expression, type Kysely, type SqlBool, sql } from "kysely";
import type { DB } from "../db/schema.js";
import { fromTickets, selectTicketColumns, type TicketQuery, type TicketRow } from "./ticket.repository.js";
import type { Page, TicketFilters, TicketOrdering } from "./ticket-query.schema.js";
import { doneStatuses } from "./ticket-status.js";

/**
 * Exactly the expression of the GIN index tickets_search_idx (migration 0004), so full-text search uses it.
 * The config and weights are SQL literals: as parameters they would no longer match the index.
 */
const searchDocument = sql`(setweight(to_tsvector('english', t.subject), 'A') || setweight(to_tsvector('english', t.description), 'B'))`;
const searchQuery = (search: string) => sql`websearch_to_tsquery('english', ${search})`;

/** `%text%` for ILIKE, with the user's % _ and \ taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const done = [...doneStatuses];

function applyFilters(query: TicketQuery, filters: TicketFilters, now: Date): TicketQuery {
  return query.where((eb) => {
    const conditions: Expression<SqlBool>[] = [];
    if (filters.statuses) conditions.push(eb("t.status", "in", filters.statuses));
    if (filters.priorities) conditions.push(eb("t.priority", "in", filters.priorities));
    if (filters.category !== undefined) conditions.push(eb("t.category", "=", filters.category));
    if (filters.assignedTeam !== undefined)
      conditions.push(eb("t.assigned_team", "is not distinct from", filters.assignedTeam));
    if (filters.assignedTo !== undefined)
      conditions.push(eb("t.assigned_to", "is not distinct from", filters.assignedTo));
    if (filters.companyId !== undefined) conditions.push(eb("t.company_id", "=", filters.companyId));
    if (filters.contactId !== undefined) conditions.push(eb("t.contact_id", "=", filters.contactId));
    if (filters.open !== undefined) conditions.push(eb("t.status", filters.open ? "not in" : "in", done));
    if (filters.overdue !== undefined) {
      conditions.push(
        filters.overdue
          ? eb.and([eb("t.due_date", "<", now), eb("t.status", "not in", done)])
          : eb.or([eb("t.due_date", "is", null), eb("t.due_date", ">=", now), eb("t.status", "in", done)]),
      );
    }
    if (filters.tag !== undefined)
      conditions.push(eb("t.tags", "@>", sql<string[]>`array[${filters.tag}]::text[]`));
    if (filters.createdAfter) conditions.push(eb("t.created_at", ">=", filters.createdAfter));
    if (filters.createdBefore) conditions.push(eb("t.created_at", "<", filters.createdBefore));
    if (filters.search) {
      const pattern = containsPattern(filters.search);
      // Each branch can use its own index (tsvector GIN, trigram GIN, company/contact b-trees via any(array(...))).
      conditions.push(
        eb.or([
          sql<SqlBool>`${searchDocument} @@ ${searchQuery(filters.search)}`,
          eb("t.ticket_number", "ilike", pattern),
          eb(
            "t.company_id",
            "=",
            sql<string>`any(array(select id from companies where name ilike ${pattern}))`,
          ),
          eb(
            "t.contact_id",
            "=",
            sql<string>`any(array(select id from contacts where name ilike ${pattern} or email ilike ${pattern}))`,
          ),
        ]),
      );
    }
    return eb.and(conditions);
  });
}

/** The tickets matching the filters (no columns yet): the list and its count both start here. */
export function filteredTickets(db: Kysely<DB>, filters: TicketFilters, now: Date): TicketQuery {
  return applyFilters(fromTickets(db), filters, now);
}

const orderColumns = {
  created_at: "t.created_at",
  updated_at: "t.updated_at",
  priority: "t.priority",
  status: "t.status",
  due_date: "t.due_date",
  ticket_number: "t.ticket_number",
} as const;

/**
 * One page of tickets and the total: two queries whatever the page size. Priority and status sort by
 * their enum order (severity, workflow); tickets without a due date come last either way; the id breaks ties.
 */
export async function findTicketPage(
  db: Kysely<DB>,
  filters: TicketFilters,
  ordering: TicketOrdering | undefined,
  page: Page,
  now: Date,
): Promise<{ count: number; rows: TicketRow[] }> {
  const filtered = filteredTickets(db, filters, now);
  const { n } = await filtered.select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow();
  let query = selectTicketColumns(filtered);
  if (ordering) {
    const direction = ordering.descending ? "desc" : "asc";
    query = query
      .orderBy(orderColumns[ordering.field], (ob) => (ordering.descending ? ob.desc() : ob.asc()).nullsLast())
      .orderBy("t.id", direction);
  } else if (filters.search) {
    const search = filters.search;
    query = query
      .orderBy(sql`t.ticket_number = ${search.toUpperCase()}`, "desc")
      .orderBy(sql`ts_rank(${searchDocument}, ${searchQuery(search)})`, "desc")
      .orderBy("t.created_at", "desc")
      .orderBy("t.id", "desc");
  } else {
    query = query.orderBy("t.created_at", "desc").orderBy("t.id", "desc");
  }
  const rows = await query.limit(page.limit).offset(page.offset).execute();
  return { count: n, rows };
}

/** The dashboard numbers in one pass over tickets; unassigned and overdue count open tickets only. */
export async function countTickets(db: Kysely<DB>, actorId: string, now: Date) {
  return db
    .selectFrom("tickets as t")
    .select((eb) => {
      const open = eb("t.status", "not in", done);
      const counted = (condition: Expression<SqlBool>) =>
        eb.cast<number>(eb.fn.countAll().filterWhere(condition), "integer");
      return [
        eb.cast<number>(eb.fn.countAll(), "integer").as("total"),
        counted(eb("t.status", "=", "new")).as("new"),
        counted(eb("t.status", "=", "assigned")).as("assigned"),
        counted(eb("t.status", "=", "in_progress")).as("in_progress"),
        counted(eb("t.status", "=", "pending")).as("pending"),
        counted(eb("t.status", "=", "resolved")).as("resolved"),
        counted(eb("t.status", "=", "closed")).as("closed"),
        counted(eb("t.priority", "=", "low")).as("low"),
        counted(eb("t.priority", "=", "medium")).as("medium"),
        counted(eb("t.priority", "=", "high")).as("high"),
        counted(eb("t.priority", "=", "urgent")).as("urgent"),
        counted(eb.and([open, eb("t.assigned_to", "=", actorId)])).as("my_open"),
        counted(eb.and([open, eb("t.assigned_to", "is", null)])).as("unassigned"),
        counted(eb.and([open, eb("t.due_date", "<", now)])).as("overdue"),
      ];
    })
    .executeTakeFirstOrThrow();
}
