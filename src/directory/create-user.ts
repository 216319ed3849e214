import type { Kysely } from "kysely";
import { hashPassword } from "../auth/password.js";
import type { DB, UserRole } from "../db/schema.js";
import { ConflictError, NotFoundError, ValidationError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import { emailTaken, findUserById, insertUser } from "./user.repository.js";

export type NewUserInput = {
  email: string;
  name: string;
  password: string;
  role: UserRole;
  team_id?: string | null;
};

/** Creates a user; emails are unique whatever their case. Throws ConflictError on a duplicate. */
export async function createUser(db: Kysely<DB>, input: NewUserInput) {
  const email = input.email.trim().toLowerCase();
  const name = input.name.trim();
  if (!name) throw ValidationError.field("name", "is required");
  if (input.password.length < 10) throw ValidationError.field("password", "must be at least 10 characters");
  if (await emailTaken(db, email))
    throw new ConflictError(`A user with email ${email} already exists`, [
      { field: "email", message: "is already taken" },
    ]);
  if (input.team_id) {
    const team = await db.selectFrom("teams").select("id").where("id", "=", input.team_id).executeTakeFirst();
    if (!team) throw ValidationError.field("team_id", "no such team");
  }
  const id = newId();
  const password_hash = await hashPassword(input.password);
  try {
    await insertUser(db, {
      id,
      email,
      name,
      role: input.role,
      team_id: input.team_id ?? null,
      password_hash,
    });
  } catch (error) {
    // Two creations racing past the check above meet the unique index instead.
    if ((error as { code?: string }).code === "23505") {
      throw new ConflictError(`A user with email ${email} already exists`, [
        { field: "email", message: "is already taken" },
      ]);
    }
    throw error;
  }
  const user = await findUserById(db, id);
  if (!user) throw new NotFoundError("User", id);
  return user;
}
