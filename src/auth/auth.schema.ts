import { z } from "zod";
import { emailSchema, passwordSchema, userSchema } from "../directory/user.schema.js";

export const setupBody = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  name: z.string().trim().min(1).max(200),
});

export const loginBody = z.strictObject({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(200),
});

export const administrationAbilitiesSchema = z
  .object({
    manage_users: z.boolean(),
    manage_teams: z.boolean(),
    manage_categories: z.boolean(),
    manage_mail: z.boolean().describe("Mailboxes and failed incoming mail"),
    manage_sla: z.boolean().describe("SLA policies and business calendars"),
    manage_settings: z.boolean().describe("The desk's settings (auto-close, …)"),
    manage_macros: z.boolean().describe("Creating, changing and deleting macros (every agent applies them)"),
  })
  .meta({ id: "AdministrationAbilities" });

export const signedInSchema = z
  .object({ user: userSchema, csrf_token: z.string(), abilities: administrationAbilitiesSchema })
  .meta({ id: "SignedIn" });

export const setupStatusSchema = z.object({ needs_setup: z.boolean() });

export const changePasswordBody = z.strictObject({
  current_password: z.string().min(1).max(200),
  new_password: passwordSchema,
});

export const apiTokenSchema = z
  .object({ id: z.uuid(), name: z.string(), created_at: z.date(), last_used_at: z.date().nullable() })
  .meta({ id: "ApiToken" });

export const createdApiTokenSchema = apiTokenSchema
  .extend({ token: z.string().describe("The secret, shown once. Send it as Authorization: Bearer <token>.") })
  .meta({ id: "CreatedApiToken" });

export const createApiTokenBody = z.strictObject({ name: z.string().trim().min(1).max(100) });

export const idParams = z.strictObject({ id: z.uuid() });
export const noContent = z.null().describe("No content");
