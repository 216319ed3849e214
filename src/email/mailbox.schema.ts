import { z } from "zod";
import { listOf, nameField, pageQuery } from "../directory/directory.schema.js";

const address = z
  .string()
  .trim()
  .max(254)
  .regex(/^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/, "must be an email address such as support@example.com")
  .transform((value) => value.toLowerCase());

const host = z
  .string()
  .trim()
  .min(1, "is required")
  .max(253)
  .regex(/^[A-Za-z0-9.:[\]-]+$/, "must be a host name or IP address");

/** The IMAP account as written: the password is write-only (SPEC §6), so it is not in the read shape. */
const imapInput = z.strictObject({
  host,
  port: z.number().int().min(1).max(65535).default(993),
  secure: z.boolean().default(true).describe("TLS from the start (port 993); false for a plain connection"),
  user: z.string().trim().min(1, "is required").max(254),
  password: z.string().min(1, "is required").max(1000).describe("Write-only: never returned"),
  folder: z.string().trim().min(1).max(200).default("INBOX"),
});

/** On update the password may be left out to keep the stored one. */
const imapUpdate = imapInput.extend({
  password: imapInput.shape.password.optional().describe("Write-only; leave out to keep the stored one"),
});

export const createMailboxBody = z.strictObject({
  name: nameField(100),
  address,
  team_id: z.uuid().nullable().optional().describe("Team of the tickets this mailbox creates"),
  is_active: z.boolean().default(true),
  imap: imapInput.nullable().optional().describe("An IMAP account to watch; none when mail arrives by SMTP"),
});
export type CreateMailboxInput = z.infer<typeof createMailboxBody>;

export const updateMailboxBody = z.strictObject({
  name: nameField(100).optional(),
  address: address.optional(),
  team_id: z.uuid().nullable().optional(),
  is_active: z.boolean().optional(),
  imap: imapUpdate.nullable().optional().describe("null removes the IMAP account"),
});
export type UpdateMailboxInput = z.infer<typeof updateMailboxBody>;

export const mailboxSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    address: z.string(),
    team: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    is_active: z.boolean(),
    imap: z
      .object({
        host: z.string(),
        port: z.number().int(),
        secure: z.boolean(),
        user: z.string(),
        folder: z.string(),
        has_password: z.boolean(),
      })
      .nullable(),
    last_fetch_at: z.date().nullable().describe("Last successful IMAP fetch"),
    last_error: z.string().nullable().describe("Last IMAP error, cleared by the next successful fetch"),
    last_error_at: z.date().nullable(),
    created_at: z.date(),
    updated_at: z.date(),
  })
  .meta({ id: "Mailbox" });
export type MailboxView = z.infer<typeof mailboxSchema>;

export const mailboxListSchema = listOf(mailboxSchema, "MailboxList");
export const mailboxListQuery = z.strictObject({ ...pageQuery(100) });

export const mailboxTestSchema = z
  .object({
    ok: z.boolean(),
    reason: z.string().nullable().describe("What failed, e.g. authentication failed, connection refused"),
    messages: z.number().int().nullable().describe("Messages in the folder, when the login worked"),
    idle: z.boolean().nullable().describe("Whether the server offers IDLE (else it is polled every 30 s)"),
  })
  .meta({ id: "MailboxTest" });
