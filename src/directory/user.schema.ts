import { z } from "zod";
import { userRoles } from "../db/schema.js";
import { booleanQuery, listOf, nameField, pageQuery, searchQuery } from "./directory.schema.js";

export const emailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: "must be an email address" }))
  .transform((email) => email.toLowerCase());

export const passwordSchema = z.string().min(10, "must be at least 10 characters").max(200);

export const teamRefSchema = z.object({ id: z.uuid(), name: z.string() });

/** A user as the API shows it: never the password hash. */
export const userSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: z.enum(userRoles),
    team_id: z.uuid().nullable(),
    team: teamRefSchema.nullable(),
    is_active: z.boolean(),
    available: z
      .boolean()
      .describe(
        "Whether auto-assignment may give the user tickets; each user sets their own (PATCH /users/me)",
      ),
    max_open_tickets: z
      .number()
      .int()
      .nullable()
      .describe("Auto-assignment gives the user no more open tickets than this; null: no limit"),
    last_login_at: z.date().nullable(),
    created_at: z.date(),
    updated_at: z.date(),
  })
  .meta({ id: "User" });
export type UserView = z.infer<typeof userSchema>;

export const userListSchema = listOf(userSchema, "UserList");

export const userListQuery = z.strictObject({
  search: searchQuery.describe("Part of the name or email"),
  role: z.enum(userRoles).optional(),
  team_id: z
    .union([z.uuid(), z.literal("none")])
    .optional()
    .describe("A team id, or none for users without a team"),
  is_active: booleanQuery,
  ...pageQuery(),
});

export const createUserBody = z.strictObject({
  email: emailSchema,
  name: nameField(200),
  password: passwordSchema,
  role: z.enum(userRoles).default("agent"),
  team_id: z.uuid().nullable().optional(),
});

export const updateUserBody = z.strictObject({
  email: emailSchema.optional(),
  name: nameField(200).optional(),
  role: z.enum(userRoles).optional(),
  team_id: z.uuid().nullable().optional(),
  is_active: z
    .boolean()
    .optional()
    .describe("false deactivates: the user can no longer sign in and their sessions and API tokens end now"),
  available: z
    .boolean()
    .optional()
    .describe("Mark an agent away (sick, on leave) so auto-assignment skips them"),
  max_open_tickets: z
    .number()
    .int("must be a whole number")
    .min(1, "must be at least 1, or null for no limit")
    .max(100_000)
    .nullable()
    .optional()
    .describe("The most open tickets auto-assignment gives the user; null: no limit"),
});
export type UserChanges = z.infer<typeof updateUserBody>;

/** What every user may change about themselves here: whether auto-assignment may pick them. */
export const updateOwnAvailabilityBody = z.strictObject({
  available: z.boolean().describe("false (away): auto-assignment skips you; true (available)"),
});

export const resetPasswordBody = z.strictObject({ password: passwordSchema });
