import { z } from "zod";
import { channels, deliveryStatuses } from "../db/schema.js";
import { ccSchema } from "../email/cc.schema.js";

const commentText = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(50_000, "must be at most 50,000 characters");

export const commentAbilitiesSchema = z.object({ edit: z.boolean(), delete: z.boolean() });

const commentFields = {
  id: z.uuid(),
  ticket_id: z.uuid(),
  author: z.object({ id: z.uuid(), name: z.string(), email: z.string() }).nullable(),
  author_contact: z
    .object({ id: z.uuid(), name: z.string(), email: z.string() })
    .nullable()
    .describe("The contact who wrote it (a customer's mail or portal reply); author is then null"),
  text: z.string(),
  is_internal: z.boolean().describe("Internal notes are for staff only and never reach the customer"),
  channel: z.enum(channels).describe("Where it was written: web app, API, email or portal"),
  delivery: z
    .object({
      status: z.enum(deliveryStatuses),
      error: z.string().nullable(),
      attempts: z.number().int(),
    })
    .nullable()
    .describe("For a public reply mailed to the customer: whether the mail went out (queued, sent, failed)"),
  has_source: z
    .boolean()
    .describe("An inbound mail's original message is downloadable at /comments/{id}/source"),
  created_at: z.date(),
  updated_at: z.date(),
};

/** A comment as a ticket shows it; `abilities` are the caller's. */
export const commentSchema = z
  .object({ ...commentFields, abilities: commentAbilitiesSchema })
  .meta({ id: "Comment" });
export type Comment = z.infer<typeof commentSchema>;
/** What the repository returns: a comment before the caller's abilities are added. */
export type CommentRow = Omit<Comment, "abilities">;

export const ticketSummarySchema = z.object({ id: z.uuid(), ticket_number: z.string(), subject: z.string() });

/** A comment in the cross-ticket list, with the ticket it belongs to. */
export const commentWithTicketSchema = z
  .object({ ...commentFields, abilities: commentAbilitiesSchema, ticket: ticketSummarySchema })
  .meta({ id: "CommentWithTicket" });
export type CommentWithTicketRow = Omit<z.infer<typeof commentWithTicketSchema>, "abilities">;

export const createCommentBody = z.strictObject({
  text: commentText,
  is_internal: z.boolean().default(false),
  cc: ccSchema
    .optional()
    .describe(
      "Addresses copied on this reply's mail, besides the contact and the ticket's cc (public replies only)",
    ),
  attachment_ids: z
    .array(z.uuid())
    .max(20)
    .optional()
    .describe(
      "Files of this ticket uploaded for this reply (not yet part of a comment): they go with it, and with its mail",
    ),
});

/**
 * Only the text can change: whether a comment is internal is fixed when it is written,
 * because a public reply may already have reached the customer.
 */
export const updateCommentBody = z.strictObject({ text: commentText });

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(25),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};

export const booleanQuery = z.enum(["true", "false"]).transform((value) => value === "true");

export const ticketCommentsQuery = z.strictObject(pageQuery);

export const listCommentsQuery = z.strictObject({
  ticket_id: z.uuid().optional(),
  is_internal: booleanQuery.optional(),
  search: z
    .string()
    .trim()
    .max(200)
    .optional()
    .describe("Words in the comment text, or part of the ticket number, subject or author name"),
  ...pageQuery,
});
export type CommentFilters = z.infer<typeof listCommentsQuery>;

export const commentPage = z.object({ count: z.number().int(), results: z.array(commentSchema) });
export const commentWithTicketPage = z.object({
  count: z
    .number()
    .int()
    .describe(
      "Matching comments, counted up to 10,000; when count_capped is true there are at least this many",
    ),
  count_capped: z
    .boolean()
    .describe(
      "Capped exact count: the server counts at most 10,000 matches so a broad list stays fast. true means " +
        "`count` is the cap and more comments match (show it as “10,000+”); false means `count` is exact.",
    ),
  results: z.array(commentWithTicketSchema),
});
