import { deleteSessionsOfUser } from "../auth/auth.repository.js";
import { checkPasswordStrength, hashPassword } from "../auth/password.js";
import type { Updateable, UsersTable } from "../db/schema.js";
import type { Actor, AppContext } from "../server/context.js";
import { ConflictError, NotFoundError, ValidationError } from "../shared/errors.js";
import type { Page } from "./directory.schema.js";
import { isForeignKeyViolation, isUniqueViolation } from "./pg-errors.js";
import { teamExists } from "./team.repository.js";
import {
  countUsersMatching,
  emailTaken,
  findUserById,
  findUsers,
  revokeSessionsAndTokens,
  type UserFilter,
  updateUserRow,
} from "./user.repository.js";
import type { UserChanges } from "./user.schema.js";
import { checkOwnAccountChange } from "./user-rules.js";

const emailInUse = (email: string) =>
  new ConflictError(`A user with email ${email} already exists`, [
    { field: "email", message: "is already taken" },
  ]);

export async function findUserPage(ctx: AppContext, filter: UserFilter, page: Page) {
  const [results, count] = await Promise.all([
    findUsers(ctx.db, filter, page),
    countUsersMatching(ctx.db, filter),
  ]);
  return { count, results };
}

export async function getUser(ctx: AppContext, id: string) {
  const user = await findUserById(ctx.db, id);
  if (!user) throw new NotFoundError("User", id);
  return user;
}

/**
 * Changes a user's details, role, team or active state. Deactivating ends all their sessions
 * and API tokens in the same transaction, so nothing they hold works a moment later; their
 * tickets, comments and history stay theirs. Reactivating does not bring tokens back.
 */
export async function updateUser(ctx: AppContext, actor: Actor, id: string, changes: UserChanges) {
  const target = await getUser(ctx, id);
  checkOwnAccountChange(actor, id, changes);
  if (
    changes.email !== undefined &&
    changes.email !== target.email &&
    (await emailTaken(ctx.db, changes.email, id))
  ) {
    throw emailInUse(changes.email);
  }
  if (changes.team_id && !(await teamExists(ctx.db, changes.team_id))) {
    throw ValidationError.field("team_id", "no such team");
  }
  const values: Updateable<UsersTable> = {};
  if (changes.email !== undefined) values.email = changes.email;
  if (changes.name !== undefined) values.name = changes.name;
  if (changes.role !== undefined) values.role = changes.role;
  if (changes.team_id !== undefined) values.team_id = changes.team_id;
  if (changes.is_active !== undefined) values.is_active = changes.is_active;
  if (changes.available !== undefined) values.available = changes.available;
  if (changes.max_open_tickets !== undefined) values.max_open_tickets = changes.max_open_tickets;
  try {
    await ctx.db.transaction().execute(async (trx) => {
      if (Object.keys(values).length > 0) await updateUserRow(trx, id, values);
      if (changes.is_active === false) await revokeSessionsAndTokens(trx, id);
    });
  } catch (error) {
    if (changes.email && isUniqueViolation(error)) throw emailInUse(changes.email);
    if (isForeignKeyViolation(error)) throw ValidationError.field("team_id", "no such team");
    throw error;
  }
  // Role, team, name and deactivation change what a signed-in request may do: forget cached sign-ins.
  await ctx.signedIn.clear();
  return getUser(ctx, id);
}

/**
 * Any signed-in user marks themselves available or away (SPEC §7): auto-assignment only picks available
 * agents. Nothing they may do changes with it, so the cached sign-ins stay.
 */
export async function setOwnAvailability(ctx: AppContext, actor: Actor, available: boolean) {
  await updateUserRow(ctx.db, actor.id, { available });
  return getUser(ctx, actor.id);
}

/**
 * An admin sets a new password for someone who lost theirs (or whose password leaked): their
 * sessions end so whoever knew the old password is signed out. API tokens are separate
 * credentials and stay; deactivate the user to end those too. An admin resetting their own
 * password keeps the session they are using.
 */
export async function resetUserPassword(
  ctx: AppContext,
  actor: Actor,
  id: string,
  password: string,
): Promise<void> {
  await getUser(ctx, id);
  checkPasswordStrength(password);
  const password_hash = await hashPassword(password);
  await ctx.db.transaction().execute(async (trx) => {
    await updateUserRow(trx, id, { password_hash });
    await deleteSessionsOfUser(trx, id, actor.id === id ? (actor.session_id ?? undefined) : undefined);
  });
  await ctx.signedIn.clear();
}
