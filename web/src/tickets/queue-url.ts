/**
 * The ticket queue's filters live in the URL (shareable links, back button works). These pure
 * functions turn the URL into filters, filters into the API's query, and name the quick views.
 */
export type QueueFilters = {
  status: string[];
  priority: string[];
  category: string;
  assigned_team: string;
  /** "" anyone, "me", "none" (unassigned) or a user id */
  assigned_to: string;
  company_id: string;
  contact_id: string;
  created_after: string;
  created_before: string;
  tag: string;
  overdue: boolean;
  open: boolean;
  search: string;
  ordering: string;
  page: number;
  limit: number;
};

export const pageSizes = [10, 25, 50, 100];
export const defaultOrdering = "-created_at";

const textKeys = [
  "category",
  "assigned_team",
  "assigned_to",
  "company_id",
  "contact_id",
  "created_after",
  "created_before",
  "tag",
  "search",
] as const;

function positive(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

function list(value: string | null): string[] {
  return value ? value.split(",").filter(Boolean) : [];
}

export function parseQueueFilters(params: URLSearchParams): QueueFilters {
  const limit = positive(params.get("limit"), 25);
  const filters: QueueFilters = {
    status: list(params.get("status")),
    priority: list(params.get("priority")),
    category: "",
    assigned_team: "",
    assigned_to: "",
    company_id: "",
    contact_id: "",
    created_after: "",
    created_before: "",
    tag: "",
    overdue: params.get("overdue") === "true",
    open: params.get("open") === "true",
    search: "",
    ordering: params.get("ordering") ?? defaultOrdering,
    page: positive(params.get("page"), 1),
    limit: pageSizes.includes(limit) ? limit : 25,
  };
  for (const key of textKeys) filters[key] = params.get(key) ?? "";
  return filters;
}

/** The URL for these filters; defaults are left out so links stay short. */
export function queueSearchParams(filters: QueueFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.status.length) params.set("status", filters.status.join(","));
  if (filters.priority.length) params.set("priority", filters.priority.join(","));
  for (const key of textKeys) if (filters[key]) params.set(key, filters[key]);
  if (filters.overdue) params.set("overdue", "true");
  if (filters.open) params.set("open", "true");
  if (filters.ordering !== defaultOrdering) params.set("ordering", filters.ordering);
  if (filters.page > 1) params.set("page", String(filters.page));
  if (filters.limit !== 25) params.set("limit", String(filters.limit));
  return params;
}

/** A change of filters starts again at page 1. */
export function withFilters(filters: QueueFilters, change: Partial<QueueFilters>): QueueFilters {
  return { ...filters, page: 1, ...change };
}

export type TicketListQuery = Record<string, string | number>;

/** The GET /tickets query for these filters. */
export function ticketListQuery(filters: QueueFilters): TicketListQuery {
  const query: TicketListQuery = { limit: filters.limit, offset: (filters.page - 1) * filters.limit };
  if (filters.status.length) query.status = filters.status.join(",");
  if (filters.priority.length) query.priority = filters.priority.join(",");
  for (const key of textKeys) if (filters[key].trim()) query[key] = filters[key].trim();
  if (filters.overdue) query.overdue = "true";
  if (filters.open) query.open = "true";
  // Searches too: the API lists matches newest first like any list (-relevance is opt-in).
  query.ordering = filters.ordering;
  return query;
}

export type QuickView = { key: string; label: string; params: Record<string, string> };

export function quickViews(teams: { id: string; name: string }[]): QuickView[] {
  return [
    { key: "mine", label: "My open tickets", params: { assigned_to: "me", open: "true" } },
    { key: "unassigned", label: "Unassigned", params: { assigned_to: "none", open: "true" } },
    { key: "open", label: "Open", params: { open: "true" } },
    { key: "urgent", label: "Urgent", params: { priority: "urgent", open: "true" } },
    { key: "overdue", label: "Overdue", params: { overdue: "true" } },
    ...teams.map((team) => ({
      key: `team-${team.id}`,
      label: `${team.name} queue`,
      params: { assigned_team: team.id, open: "true" },
    })),
  ];
}

/** The quick view the filters are exactly, ignoring sorting and paging. */
export function activeQuickView(filters: QueueFilters, views: QuickView[]): string | null {
  const current = queueSearchParams({ ...filters, ordering: defaultOrdering, page: 1, limit: 25 });
  const key = (params: URLSearchParams) => [...params.entries()].sort().join("&");
  return views.find((view) => key(new URLSearchParams(view.params)) === key(current))?.key ?? null;
}

/** Orderings whose useful first click is ascending: the next SLA due time, soonest first. */
const ascendingFirst = new Set(["sla_due"]);

/** The next ordering when a column header is clicked: descending first (soonest first for SLA), then back. */
export function nextOrdering(current: string, field: string): string {
  if (ascendingFirst.has(field)) return current === field ? `-${field}` : field;
  return current === `-${field}` ? field : `-${field}`;
}

/** The queue's "Sort by" control. */
export const orderingOptions = [
  { value: "-created_at", label: "Newest first" },
  { value: "created_at", label: "Oldest first" },
  { value: "sla_due", label: "Next SLA due" },
  { value: "due_date", label: "Due date, soonest first" },
  { value: "-priority", label: "Priority, urgent first" },
  { value: "-updated_at", label: "Recently updated" },
];

const orderingFields: Record<string, string> = {
  created_at: "Created",
  updated_at: "Updated",
  priority: "Priority",
  status: "Status",
  due_date: "Due date",
  ticket_number: "Number",
  sla_due: "SLA due",
  relevance: "Best match",
};

/** The choices of "Sort by": the usual ones, and the current ordering when a column header chose another. */
export function orderingChoices(current: string): { value: string; label: string }[] {
  if (orderingOptions.some((o) => o.value === current)) return orderingOptions;
  const field = current.replace(/^-/, "");
  if (field === "relevance") return [...orderingOptions, { value: current, label: "Best match" }];
  const name = orderingFields[field] ?? field.replaceAll("_", " ");
  const label = `${name}, ${current.startsWith("-") ? "descending" : "ascending"}`;
  return [...orderingOptions, { value: current, label }];
}
