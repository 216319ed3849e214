import { z } from "zod";
import { channels, ticketPriorities, ticketStatuses } from "../db/schema.js";
import { ccSchema } from "../email/cc.schema.js";
import { uuidPattern } from "../shared/ids.js";
import { ticketNumberPattern } from "./ticket-number.js";
import { maxTags } from "./ticket-rules.js";

// PostgreSQL text cannot hold NUL; refusing it here keeps such input a 400 instead of a driver error.
const noNul = (value: string) => !value.includes("\u0000");
const text = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min, min === 1 ? "must not be empty" : `must be at least ${min} characters`)
    .max(max)
    .refine(noNul, "must not contain NUL characters");

/** Dates the database can store and people mean: 1970 to 9999. */
export const dateTime = z.iso
  .datetime({ offset: true, message: "must be an ISO 8601 date-time, e.g. 2026-12-01T17:00:00Z" })
  .transform((value) => new Date(value))
  .refine(
    (date) => date.getUTCFullYear() >= 1970 && date.getUTCFullYear() <= 9999,
    "must be between 1970 and 9999",
  );

const tag = text(1, 50).refine((value) => !value.includes(","), "must not contain commas");
/** Tags are trimmed and de-duplicated (first spelling wins); at most 20 per ticket. */
export const tagsSchema = z
  .array(tag)
  .max(100, `at most ${maxTags} tags`)
  .transform((tags) => [...new Set(tags)])
  .pipe(z.array(z.string()).max(maxTags, `at most ${maxTags} tags`));

/** A ticket is named by its id or its number (T-20261123-0001, any case). */
export const ticketRefParams = z.strictObject({
  id: z
    .string()
    .refine(
      (value) => uuidPattern.test(value) || ticketNumberPattern.test(value),
      "must be a ticket id or number",
    )
    .describe("The ticket's id or its number (T-YYYYMMDD-NNNN)"),
});

const categoryKey = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(100)
  .refine(noNul, "must not contain NUL characters");

export const createTicketBody = z.strictObject({
  company_id: z.uuid(),
  contact_id: z.uuid().nullable().optional().describe("Must belong to the company"),
  category: categoryKey
    .default("general")
    .describe("A category key, e.g. technical; `general` when left out, as for mail"),
  subject: text(1, 200),
  description: text(1, 100_000),
  priority: z.enum(ticketPriorities).default("medium"),
  tags: tagsSchema.optional(),
  due_date: dateTime.nullable().optional(),
  assigned_to: z.uuid().nullable().optional().describe("A user id; an assignee makes the ticket `assigned`"),
  assigned_team: z
    .uuid()
    .nullable()
    .optional()
    .describe("A team id; when empty the category's default team (or the assignee's team) is used"),
  cc: ccSchema.optional().describe("Addresses copied on the agents' replies by mail"),
});
export type CreateTicketInput = z.infer<typeof createTicketBody>;

export const updateTicketBody = z.strictObject({
  subject: text(1, 200).optional(),
  description: text(1, 100_000).optional(),
  status: z.enum(ticketStatuses).optional(),
  priority: z.enum(ticketPriorities).optional(),
  category: categoryKey.optional(),
  contact_id: z.uuid().nullable().optional().describe("Must belong to the ticket's company"),
  assigned_to: z.uuid().nullable().optional(),
  assigned_team: z.uuid().nullable().optional(),
  due_date: dateTime.nullable().optional(),
  tags: tagsSchema.optional(),
  cc: ccSchema.optional().describe("Addresses copied on the agents' replies by mail"),
});
export type UpdateTicketInput = z.infer<typeof updateTicketBody>;

const ref = z.object({ id: z.uuid(), name: z.string() });
const person = z.object({ id: z.uuid(), name: z.string(), email: z.string() });

export const ticketAbilitiesSchema = z
  .object({
    update: z.boolean(),
    comment: z.boolean(),
    upload: z.boolean(),
    reopen: z.boolean(),
    delete: z.boolean(),
  })
  .describe("What the caller may do with this ticket")
  .meta({ id: "TicketAbilities" });

export const ticketSchema = z
  .object({
    id: z.uuid(),
    ticket_number: z.string(),
    subject: z.string(),
    description: z.string(),
    status: z.enum(ticketStatuses),
    priority: z.enum(ticketPriorities),
    category: z.string().describe("The category key"),
    tags: z.array(z.string()),
    channel: z.enum(channels).describe("How the ticket arrived: web app, API, email or portal"),
    follow_up_of: z
      .uuid()
      .nullable()
      .describe("The closed ticket this one continues (a reply to it by mail)"),
    cc: z
      .array(z.string())
      .describe("Addresses copied on the customer's mail; they receive the agents' replies too"),
    company: ref,
    contact: person.nullable(),
    assigned_to: person.nullable(),
    assigned_team: ref.nullable(),
    created_by: ref.nullable(),
    first_response_at: z.date().nullable(),
    resolved_at: z.date().nullable(),
    closed_at: z.date().nullable(),
    due_date: z.date().nullable(),
    due_date_set_by_hand: z
      .boolean()
      .describe("false: the due date follows the SLA's resolution_due_at (or there is none)"),
    first_response_due_at: z
      .date()
      .nullable()
      .describe("From the SLA policy; null on tickets older than SLAs"),
    resolution_due_at: z
      .date()
      .nullable()
      .describe("From the SLA policy, pushed back by time spent pending; a reopen starts a new target"),
    sla: z
      .object({
        first_response: z.enum(["ok", "warning", "breached", "met"]),
        resolution: z.enum(["ok", "warning", "breached", "met", "paused"]),
        next_due_at: z
          .date()
          .nullable()
          .describe(
            "The running target's due time (the queue's `ordering=sla_due`); null when paused or done",
          ),
      })
      .meta({ id: "TicketSla" }),
    reopened_count: z.number().int(),
    comments_count: z.number().int().describe("Public comments"),
    internal_notes_count: z.number().int(),
    attachments_count: z.number().int(),
    first_response_time_hours: z.number().nullable(),
    resolution_time_hours: z.number().nullable(),
    is_overdue: z.boolean(),
    created_at: z.date(),
    updated_at: z.date(),
    abilities: ticketAbilitiesSchema,
  })
  .meta({ id: "Ticket" });
export type TicketView = z.infer<typeof ticketSchema>;

export const ticketListSchema = z
  .object({
    count: z
      .number()
      .int()
      .describe(
        "Matching tickets, counted up to 10,000 (a search up to 1,000); when count_capped is true there are " +
          "at least this many, when count_estimated is true about this many",
      ),
    count_capped: z
      .boolean()
      .describe(
        "Capped exact count: the server counts at most 10,000 matches so a broad list stays fast at millions of " +
          "tickets. true means `count` is the cap and more tickets match (show it as “10,000+”); false means " +
          "`count` is exact or estimated. A search counts its matches up to 1,000.",
      ),
    count_estimated: z
      .boolean()
      .describe(
        "Estimated count: a broad search (more matches than the 1,000 a search counts, and a word common " +
          "enough that PostgreSQL's statistics know its frequency) answers with the database's estimate " +
          "of its matches, with two significant figures (show it as “about 11,000”), instead of counting " +
          "them. The last pages of such a list may come back empty. false means `count` is exact or capped.",
      ),
    results: z.array(ticketSchema),
  })
  .meta({ id: "TicketList" });

export const ticketEventSchema = z
  .object({
    id: z.uuid(),
    ticket_id: z.uuid(),
    type: z
      .string()
      .describe(
        "created | field_changed | commented | comment_edited | comment_deleted | attachment_added | attachment_removed | auto_assigned (new_value: why, e.g. `least loaded: 3 open`) | auto_assignment_skipped (new_value: why nobody)",
      ),
    field: z.string().nullable(),
    old_value: z.string().nullable(),
    new_value: z.string().nullable(),
    actor: ref.nullable(),
    created_at: z.date(),
  })
  .meta({ id: "TicketEvent" });

export const ticketEventListSchema = z
  .object({ count: z.number().int(), results: z.array(ticketEventSchema) })
  .meta({ id: "TicketEventList" });

const countsOf = <T extends string>(keys: readonly T[]) =>
  z.object(Object.fromEntries(keys.map((key) => [key, z.number().int()])) as Record<T, z.ZodNumber>);

export const ticketStatsSchema = z
  .object({
    total: z.number().int(),
    by_status: countsOf(ticketStatuses),
    by_priority: countsOf(ticketPriorities),
    my_open: z.number().int().describe("Open tickets assigned to the caller"),
    unassigned: z.number().int().describe("Open tickets nobody is assigned to"),
    overdue: z.number().int().describe("Open tickets past their due date"),
  })
  .meta({ id: "TicketStats" });
export type TicketStats = z.infer<typeof ticketStatsSchema>;

export const noContent = z.null().describe("No content");
