import { z } from "zod";
import { listOf, nameField, optionalText, pageQuery, refSchema, searchQuery } from "./directory.schema.js";
import { emailSchema } from "./user.schema.js";

export const contactSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    email: z.string(),
    phone: z.string().nullable(),
    email_status: z
      .enum(["ok", "bouncing"])
      .describe(
        "bouncing: a mail to the address bounced; no mail goes there until someone sets it back to ok",
      ),
    email_status_reason: z.string().nullable(),
    company: refSchema,
    created_at: z.date(),
    updated_at: z.date(),
  })
  .meta({ id: "Contact" });

export const contactListSchema = listOf(contactSchema, "ContactList");

export const contactListQuery = z.strictObject({
  company_id: z.uuid().optional(),
  search: searchQuery.describe("Part of the name or email"),
  ...pageQuery(),
});

export const createContactBody = z.strictObject({
  company_id: z.uuid(),
  name: nameField(200),
  email: emailSchema,
  phone: optionalText(50).optional(),
});

export const updateContactBody = z.strictObject({
  company_id: z.uuid().optional().describe("Moves the contact; refused (409) once it has tickets"),
  name: nameField(200).optional(),
  email: emailSchema.optional(),
  phone: optionalText(50).optional(),
  email_status: z
    .literal("ok")
    .optional()
    .describe("Clears the bouncing mark (mail goes to the address again); a new email clears it too"),
});
