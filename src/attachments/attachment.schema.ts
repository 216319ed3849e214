import { z } from "zod";
import { pageQuery, ticketSummarySchema } from "../comments/comment.schema.js";

const attachmentFields = {
  id: z.uuid(),
  ticket_id: z.uuid(),
  name: z.string().describe("The original file name, sanitized"),
  size: z.number().int().describe("Bytes"),
  size_display: z.string().describe('Human-readable size: "512 bytes", "12.3 KB", "4.5 MB"'),
  content_type: z.string().describe("Detected from the file's bytes"),
  uploaded_by: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  created_at: z.date(),
  download_url: z.string(),
};
const abilities = z.object({ delete: z.boolean() });

/** A file attached to a ticket; `abilities` are the caller's. */
export const attachmentSchema = z.object({ ...attachmentFields, abilities }).meta({ id: "Attachment" });
export type Attachment = z.infer<typeof attachmentSchema>;
/** What the repository returns: an attachment before the caller's abilities are added. */
export type AttachmentRow = Omit<Attachment, "abilities">;

export const attachmentWithTicketSchema = z
  .object({ ...attachmentFields, abilities, ticket: ticketSummarySchema })
  .meta({ id: "AttachmentWithTicket" });
export type AttachmentWithTicketRow = Omit<z.infer<typeof attachmentWithTicketSchema>, "abilities">;

export const uploadedAttachments = z.object({ results: z.array(attachmentSchema) });

/**
 * Documents the multipart body. The handler reads the files from the stream, so the validator
 * sees no parsed body (null), which this maps to an empty object.
 */
export const uploadBody = z.preprocess(
  (body) => body ?? {},
  z
    .object({
      file: z.array(z.string().meta({ format: "binary" })).describe("One or more parts named `file`"),
    })
    .partial(),
);

export const listAttachmentsQuery = z.strictObject({
  ticket_id: z.uuid().optional(),
  search: z.string().trim().max(200).optional().describe("Part of the file name or the ticket number"),
  ...pageQuery,
});
export type AttachmentFilters = z.infer<typeof listAttachmentsQuery>;

export const attachmentWithTicketPage = z.object({
  count: z
    .number()
    .int()
    .describe("Matching files, counted up to 10,000; when count_capped is true there are at least this many"),
  count_capped: z
    .boolean()
    .describe(
      "Capped exact count: the server counts at most 10,000 matches so a broad list stays fast. true means " +
        "`count` is the cap and more files match (show it as “10,000+”); false means `count` is exact.",
    ),
  results: z.array(attachmentWithTicketSchema),
});
