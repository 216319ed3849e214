import { z } from "zod";
import { type TicketPriority, type TicketStatus, ticketPriorities, ticketStatuses } from "../db/schema.js";

/** A comma-separated list of allowed values (`status=new,assigned`); the error names the bad ones. */
function commaList<T extends string>(values: readonly T[]) {
  return z
    .string()
    .transform((value, ctx) => {
      const items = [
        ...new Set(
          value
            .split(",")
            .map((item) => item.trim())
            .filter(Boolean),
        ),
      ];
      const unknown = items.filter((item) => !values.includes(item as T));
      if (items.length === 0 || unknown.length > 0) {
        ctx.addIssue({ code: "custom", message: `must be a comma-separated list of ${values.join(", ")}` });
        return z.NEVER;
      }
      return items as T[];
    })
    .describe(`Comma-separated: ${values.join(", ")}`);
}

const whole = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

/** Free text in a query: PostgreSQL text cannot hold NUL, so it is a 400 here rather than a driver error. */
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((value) => !value.includes("\u0000"), "must not contain NUL characters");

const flag = z.enum(["true", "false"]).transform((value) => value === "true");

const uuid = z.uuid();
const dateBound = z
  .string()
  .refine(
    (value) =>
      z.iso.date().safeParse(value).success || z.iso.datetime({ offset: true }).safeParse(value).success,
    "must be a date (YYYY-MM-DD) or an ISO 8601 date-time",
  )
  .refine((value) => {
    const year = Number(value.slice(0, 4));
    return year >= 1970 && year <= 9999;
  }, "must be between 1970 and 9999");

export const orderingFields = [
  "created_at",
  "updated_at",
  "priority",
  "status",
  "due_date",
  "ticket_number",
  "sla_due",
] as const;
/** Relevance (best match first) exists only descending and only means something with `search`. */
export type OrderingField = (typeof orderingFields)[number] | "relevance";
const orderings = [
  ...orderingFields,
  ...orderingFields.map((field) => `-${field}` as const),
  "-relevance",
] as const;

export const pageQuery = { limit: whole(1, 100).optional(), offset: whole(0, 1_000_000_000).optional() };

export const listTicketsQuery = z.strictObject({
  status: commaList(ticketStatuses).optional(),
  priority: commaList(ticketPriorities).optional(),
  category: text(100).optional().describe("A category key"),
  assigned_team: z
    .union([uuid, z.literal("none")])
    .optional()
    .describe("A team id, or `none` for no team"),
  assigned_to: z
    .union([uuid, z.enum(["me", "none"])])
    .optional()
    .describe("A user id, `me` (the caller) or `none` (unassigned)"),
  company_id: uuid.optional(),
  contact_id: uuid.optional(),
  open: flag.optional().describe("`true`: not resolved/closed; `false`: resolved or closed"),
  overdue: flag.optional().describe("`true`: open and past the due date"),
  tag: text(50).optional(),
  created_after: dateBound.optional().describe("Inclusive; a date means the start of that day in TIMEZONE"),
  created_before: dateBound.optional().describe("Exclusive; a date means the start of that day in TIMEZONE"),
  search: z
    .string()
    .trim()
    .max(200)
    .refine((value) => !value.includes("\u0000"), "must not contain NUL characters")
    .optional()
    .describe(
      "Words in subject/description, or part of the ticket number, company name, contact name or email",
    ),
  ordering: z
    .enum(orderings)
    .optional()
    .describe(
      "Default -created_at, searches included (newest matches first). `-relevance`: best match first, with `search`. Priority sorts by severity.",
    ),
  ...pageQuery,
});
export type ListTicketsQuery = z.infer<typeof listTicketsQuery>;

export const eventsQuery = z.strictObject(pageQuery);

/** Filters as the repository applies them: every value already resolved (me → an id, dates → instants). */
export type TicketFilters = {
  statuses?: TicketStatus[];
  priorities?: TicketPriority[];
  category?: string;
  assignedTeam?: string | null;
  assignedTo?: string | null;
  companyId?: string;
  contactId?: string;
  open?: boolean;
  overdue?: boolean;
  tag?: string;
  createdAfter?: Date;
  createdBefore?: Date;
  search?: string;
};
export type TicketOrdering = { field: OrderingField; descending: boolean };
export type Page = { limit: number; offset: number };
