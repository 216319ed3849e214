import {
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type SelectQueryBuilder,
  type SqlBool,
  sql,
} from "kysely";
import { type CappedCount, cappedCountExpression, cappedResult, countCap } from "../db/capped-count.js";
import { pageWindow } from "../db/page-window.js";
import type { DB } from "../db/schema.js";
import { StatementTemplate } from "../db/statement-template.js";
import type { DirectoryNames } from "../directory/directory-names.js";
import { companyNameContains, contactContains, containsPattern } from "../directory/like-pattern.js";
import {
  findTicketRecord,
  fromTickets,
  selectTicketColumns,
  type TicketQuery,
  type TicketRecord,
  type TicketRow,
} from "./ticket.repository.js";
import { listShape } from "./ticket-list-shape.js";
import type { Page, TicketFilters, TicketOrdering } from "./ticket-query.schema.js";
import { plannedRows, roundedEstimate, usesEstimate } from "./ticket-search-count.js";
import { doneStatuses } from "./ticket-status.js";

/**
 * The stored full-text document (generated column of migration 0009, GIN index tickets_search_vector_idx):
 * rechecks, filters and ranking read it instead of recomputing to_tsvector per row.
 */
const searchDocument = sql`t.search_vector`;
const searchQuery = (search: string) => sql`websearch_to_tsquery('english', ${search})`;

const done = [...doneStatuses];

/** At most this many companies or contacts whose names match a search are passed as ids. */
const directoryMatchLimit = 200;

/**
 * The companies and contacts whose name (or email) contains the search text, resolved before the ticket
 * query so it carries the actual ids (or drops the branch when none match). As a subquery, the planner had
 * to guess the list's size: ten companies' worth of tickets, 10% of them on a 100-company help desk, which
 * made a seq scan look cheaper than the search indexes (bench/README.md). Undefined when more match than
 * `directoryMatchLimit`: the query then keeps the subquery.
 */
export type DirectoryMatches = { companyIds: string[] | undefined; contactIds: string[] | undefined };

/** A search's directory matches, and how many tickets the planner thinks there are (ticket-search-count.ts). */
export type SearchContext = DirectoryMatches & { plannedTickets: number };

export async function findDirectoryMatches(db: Kysely<DB>, search: string): Promise<SearchContext> {
  const limit = directoryMatchLimit + 1;
  // One statement: JSON arrays read the same on both engines.
  const { rows } = await sql<{ companies: string[]; contacts: string[]; tickets: number }>`
    select
      (select reltuples from pg_class where oid = 'tickets'::regclass) as tickets,
      (select coalesce(json_agg(id), '[]') from
        (select id from companies where ${companyNameContains(search)} limit ${limit}) as c) as companies,
      (select coalesce(json_agg(id), '[]') from
        (select id from contacts where ${contactContains(search)} limit ${limit}) as c) as contacts
  `.execute(db);
  const ids = (list: string[] | undefined) =>
    list === undefined || list.length > directoryMatchLimit ? undefined : list;
  return {
    companyIds: ids(rows[0]?.companies),
    contactIds: ids(rows[0]?.contacts),
    plannedTickets: Number(rows[0]?.tickets ?? -1),
  };
}

function matchingIds(
  eb: ExpressionBuilder<DB & { t: DB["tickets"] }, "t">,
  column: "t.company_id" | "t.contact_id",
  ids: string[] | undefined,
  subquery: Expression<string>,
): Expression<SqlBool>[] {
  if (ids === undefined) return [eb(column, "=", sql<string>`any(array(${subquery}))`)];
  if (ids.length === 0) return [];
  return [eb(column, "=", sql<string>`any(${sql.val(ids)}::uuid[])`)];
}

/**
 * Whether the text could be part of a ticket number (`T-20261123-0042`: T, digits and dashes). Other words
 * skip the ticket-number branch of a search, whose trigram index cannot match them anyway.
 */
export function couldBeInTicketNumber(search: string): boolean {
  return /^[t0-9-]+$/i.test(search);
}

function applyFilters(
  query: TicketQuery,
  filters: TicketFilters,
  now: Date,
  matches: DirectoryMatches = { companyIds: undefined, contactIds: undefined },
): TicketQuery {
  return query.where((eb) => {
    const conditions: Expression<SqlBool>[] = [];
    if (filters.statuses) conditions.push(eb("t.status", "in", filters.statuses));
    if (filters.priorities) conditions.push(eb("t.priority", "in", filters.priorities));
    if (filters.category !== undefined) conditions.push(eb("t.category", "=", filters.category));
    // `= $1` (or `is null`), never `is not distinct from`: only these can use the team/assignee indexes.
    if (filters.assignedTeam !== undefined)
      conditions.push(
        filters.assignedTeam === null
          ? eb("t.assigned_team", "is", null)
          : eb("t.assigned_team", "=", filters.assignedTeam),
      );
    if (filters.assignedTo !== undefined)
      conditions.push(
        filters.assignedTo === null
          ? eb("t.assigned_to", "is", null)
          : eb("t.assigned_to", "=", filters.assignedTo),
      );
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
          ...(couldBeInTicketNumber(filters.search) ? [eb("t.ticket_number", "ilike", pattern)] : []),
          ...matchingIds(
            eb,
            "t.company_id",
            matches.companyIds,
            sql<string>`select id from companies where ${companyNameContains(filters.search)}`,
          ),
          ...matchingIds(
            eb,
            "t.contact_id",
            matches.contactIds,
            sql<string>`select id from contacts where ${contactContains(filters.search)}`,
          ),
        ]),
      );
    }
    return eb.and(conditions);
  });
}

/** The tickets matching the filters (no columns yet): the list and its count both start here. */
export function filteredTickets(
  db: Kysely<DB>,
  filters: TicketFilters,
  now: Date,
  matches?: DirectoryMatches,
): TicketQuery {
  return applyFilters(fromTickets(db), filters, now, matches);
}

const orderColumns = {
  created_at: "t.created_at",
  updated_at: "t.updated_at",
  priority: "t.priority",
  status: "t.status",
  due_date: "t.due_date",
  ticket_number: "t.ticket_number",
  // The running SLA target's due time (migration 0023); paused, done and pre-SLA tickets have none.
  sla_due: "t.sla_next_due_at",
} as const;

/** A page and its count; `countEstimated`: the count is the planner's estimate (ticket-search-count.ts). */
export type TicketPage<Row = TicketRow> = CappedCount & { countEstimated: boolean; rows: Row[] };

/** A search term that is a whole ticket number (`T-20261123-0042`, any case). */
export const ticketNumberPattern = /^T-\d{8}-\d+$/i;

/**
 * A search counts up to this many matches. Counting visits every match (a 1% word is 10,000 tickets at a
 * million), while a newest-first page stops after 25: the lower cap keeps a broad search's count at a few
 * milliseconds. Past it the answer says "at least" (count_capped), as for any list.
 */
export const searchCountCap = 1_000;

function ordered<D, T extends keyof D, O>(
  query: SelectQueryBuilder<D, T, O>,
  ordering: TicketOrdering | undefined,
  search: string | undefined,
): SelectQueryBuilder<D, T, O> {
  const newest = (q: SelectQueryBuilder<D, T, O>) =>
    q.orderBy(sql`t.created_at`, "desc").orderBy(sql`t.id`, "desc");
  if (!ordering) return newest(query);
  if (ordering.field === "relevance")
    return search
      ? newest(query.orderBy(sql`ts_rank(${searchDocument}, ${searchQuery(search)})`, "desc"))
      : newest(query);
  const direction = ordering.descending ? "desc" : "asc";
  const column = sql.ref(orderColumns[ordering.field]);
  // Only due_date and sla_due can be null. NULLS LAST on a not-null column would still stop a `desc` index
  // from serving the order (the planner does not know it cannot hold nulls), so it is said only there.
  let q =
    ordering.field === "due_date" || ordering.field === "sla_due"
      ? query.orderBy(column, (ob) => (ordering.descending ? ob.desc() : ob.asc()).nullsLast())
      : query.orderBy(column, direction);
  // Newest first within a priority, as the open-queue indexes (priority desc, created_at desc) read.
  if (ordering.field === "priority") q = q.orderBy(sql`t.created_at`, direction);
  return q.orderBy(sql`t.id`, direction);
}

/**
 * Whether ticket_counts (exact per status, priority, team and "has an assignee", kept by triggers) can count
 * these filters: status, priority, open, team and "nobody assigned" only.
 */
export function countedByTicketCounts(filters: TicketFilters): boolean {
  const { statuses, priorities, open, assignedTeam, assignedTo, ...others } = filters;
  if (assignedTo !== undefined && assignedTo !== null) return false;
  return Object.values(others).every((value) => value === undefined);
}

function ticketCountsSum(db: Kysely<DB>, filters: TicketFilters) {
  let query = db.selectFrom("ticket_counts").select(sql<number>`coalesce(sum(n), 0)::int`.as("n"));
  if (filters.statuses) query = query.where("status", "in", filters.statuses);
  if (filters.priorities) query = query.where("priority", "in", filters.priorities);
  if (filters.open !== undefined) query = query.where("status", filters.open ? "not in" : "in", done);
  if (filters.assignedTeam !== undefined)
    query =
      filters.assignedTeam === null
        ? query.where("assigned_team", "is", null)
        : query.where("assigned_team", "=", filters.assignedTeam);
  if (filters.assignedTo === null) query = query.where("assigned", "=", false);
  return query;
}

/**
 * How a list is counted, as a scalar subquery: exact from ticket_counts when the filters allow (the default
 * list, team queues, status/priority filters, unassigned), otherwise up to the cap (a search to
 * `searchCountCap`). `cap` is undefined for an exact count.
 */
function countOf(db: Kysely<DB>, filters: TicketFilters, filtered: TicketQuery, cap: number) {
  const countCap = countCapOf(filters, cap);
  if (countCap === undefined)
    return { expression: sql<number>`(${ticketCountsSum(db, filters)})`, cap: undefined };
  return { expression: cappedCountExpression(filtered, countCap), cap: countCap };
}

/** Where the count of these filters stops: undefined when ticket_counts counts them exactly. */
function countCapOf(filters: TicketFilters, cap: number): number | undefined {
  if (countedByTicketCounts(filters)) return undefined;
  return filters.search ? Math.min(cap, searchCountCap) : cap;
}

const counted = (n: number, cap: number | undefined): CappedCount & { countEstimated: false } => ({
  ...(cap === undefined ? { count: n, countCapped: false } : cappedResult(n, cap)),
  countEstimated: false,
});

/**
 * One page of tickets and its count: two queries whatever the page size. Priority and status sort by their
 * enum order (severity, workflow); tickets without a due date come last either way; the id breaks ties.
 * Searches list the newest matches first like any list (SPEC: default -created_at); `-relevance` ranks them.
 * A search for a whole ticket number that exists answers from the unique index alone.
 */
export async function findTicketPage(
  db: Kysely<DB>,
  names: DirectoryNames,
  filters: TicketFilters,
  ordering: TicketOrdering | undefined,
  page: Page,
  now: Date,
  cap: number = countCap,
): Promise<TicketPage> {
  const found = await findTicketRecords(db, filters, ordering, page, now, cap);
  return { ...found, rows: await names.name(db, found.rows) };
}

async function findTicketRecords(
  db: Kysely<DB>,
  filters: TicketFilters,
  ordering: TicketOrdering | undefined,
  page: Page,
  now: Date,
  cap: number,
): Promise<TicketPage<TicketRecord>> {
  const search = filters.search;
  if (search && ticketNumberPattern.test(search)) {
    const number = search.toUpperCase();
    const { search: _, ...others } = filters;
    const rows = Object.values(others).every((value) => value === undefined)
      ? [await findTicketRecord(db, { ticket_number: number })].filter((row) => row !== undefined)
      : await selectTicketColumns(
          filteredTickets(db, others, now).where("t.ticket_number", "=", number),
        ).execute();
    if (rows.length > 0) return { ...counted(rows.length, undefined), rows: rows.slice(page.offset) };
  }
  const matches = search ? await findDirectoryMatches(db, search) : undefined;
  const estimate = matches && (await estimatedCount(db, filters, now, matches, cap));
  // Built only when needed: a list without a search runs its compiled statement (compiledPage).
  const countOnItsOwn = async () => {
    const count = countOf(db, filters, filteredTickets(db, filters, now, matches), cap);
    const { n } = await db.selectNoFrom(count.expression.as("n")).executeTakeFirstOrThrow();
    return counted(n, count.cap);
  };
  if (search && ordering?.field === "relevance") {
    const rows = await rankedPage(db, filteredTickets(db, filters, now, matches), search, page);
    return { ...(estimate ?? (await countOnItsOwn())), rows };
  }
  if (estimate) {
    const rows = await ordered(
      selectTicketColumns(filteredTickets(db, filters, now, matches)),
      ordering,
      search,
    )
      .$call((q) => pageWindow(q, page))
      .execute();
    return { ...estimate, rows };
  }
  // The count rides along as one more column: one statement per page.
  const request: PageRequest = { filters, now, ordering, page, cap };
  const withCount = search
    ? await pageWithCount(db, request, matches).execute()
    : await compiledPage(db, request);
  // The rows keep their `matching` column: the presenter reads the representation's fields by name, and
  // copying 25 rows of 28 columns without it was 1.6% of a list page's server CPU.
  const rows: TicketRecord[] = withCount;
  const first = withCount[0];
  if (first) return { ...counted(first.matching, countCapOf(filters, cap)), rows };
  if (page.offset === 0) return { ...counted(0, undefined), rows };
  // Past the last page: count on its own.
  return { ...(await countOnItsOwn()), rows };
}

/**
 * A broad search's count, estimated (ticket-search-count.ts); undefined when the search is counted. The
 * estimate covers every filter of the list, as the planner sees them together.
 */
async function estimatedCount(
  db: Kysely<DB>,
  filters: TicketFilters,
  now: Date,
  search: SearchContext,
  cap: number,
): Promise<Omit<TicketPage<TicketRecord>, "rows"> | undefined> {
  const countCap = countCapOf(filters, cap) ?? cap;
  const planned = await plannedRows(db, filteredTickets(db, filters, now, search).select(sql`1`.as("one")));
  if (!usesEstimate(planned, search.plannedTickets, countCap)) return undefined;
  return { count: roundedEstimate(planned), countCapped: false, countEstimated: true };
}

/** What one page of a list is asked for. */
type PageRequest = {
  filters: TicketFilters;
  now: Date;
  ordering: TicketOrdering | undefined;
  page: Page;
  cap: number;
};

/** The page's statement, its count riding along as the `matching` column. */
function pageWithCount(db: Kysely<DB>, request: PageRequest, matches?: DirectoryMatches) {
  const { filters, now, ordering, page, cap } = request;
  const filtered = filteredTickets(db, filters, now, matches);
  const count = countOf(db, filters, filtered, cap);
  return ordered(
    selectTicketColumns(filtered).select(count.expression.as("matching")),
    ordering,
    filters.search,
  ).$call((q) => pageWindow(q, page));
}

type PageStatement = StatementTemplate<unknown[], TicketRecord & { matching: number }>;
/** Compiled page statements by list shape, ordering and page; at most `maxShapes` are kept. */
const pageStatements = new Map<string, PageStatement>();
const maxShapes = 500;

/**
 * A list without a search, from the statement compiled for its shape (ticket-list-shape.ts): building and
 * compiling a page's statement was 8% of the server's CPU per list request (bench/README.md).
 */
async function compiledPage(db: Kysely<DB>, request: PageRequest) {
  const { ordering, page, cap } = request;
  const shape = listShape(request.filters, request.now);
  if (!shape) return pageWithCount(db, request).execute();
  const key = JSON.stringify([shape.key, ordering ?? null, page.limit, page.offset, cap]);
  let statement = pageStatements.get(key);
  if (!statement) {
    // The stand-ins of the template take the places of this list's filter values and clock.
    statement = new StatementTemplate((templateDb, ...values: unknown[]) =>
      pageWithCount(templateDb, { ...request, ...shape.filtersOf(values) }),
    );
    if (pageStatements.size >= maxShapes) pageStatements.clear();
    pageStatements.set(key, statement);
  }
  return statement.execute(db, ...shape.values);
}

/**
 * Relevance needs every match ranked, but only the page needs its embedded names and counts: rank the
 * matches on the stored vector alone, then build the representation for the page's ids.
 */
function rankedPage(db: Kysely<DB>, filtered: TicketQuery, search: string, page: Page) {
  const relevance: TicketOrdering = { field: "relevance", descending: true };
  const pageIds = ordered(filtered.select("t.id"), relevance, search).$call((q) => pageWindow(q, page));
  return ordered(
    selectTicketColumns(fromTickets(db).where("t.id", "in", pageIds)),
    relevance,
    search,
  ).execute();
}
