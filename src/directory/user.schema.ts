import { z } from "zod";
import { userRoles } from "../db/schema.js";

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
    last_login_at: z.date().nullable(),
    created_at: z.date(),
    updated_at: z.date(),
  })
  .meta({ id: "User" });
export type UserView = z.infer<typeof userSchema>;
