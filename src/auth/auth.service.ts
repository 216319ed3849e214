import { sql } from "kysely";
import { createUser } from "../directory/create-user.js";
import { administrationAbilities as directoryAbilities } from "../directory/directory.policy.js";
import { canEmail } from "../email/email.policy.js";
import { canMacro } from "../macros/macro.policy.js";
import { canSettings } from "../settings/settings.policy.js";
import { canSla } from "../sla/sla.policy.js";

/** What the signed-in user may administer, so the web app shows its admin screens from the policies. */
function administrationAbilities(user: Parameters<typeof directoryAbilities>[0]) {
  return {
    ...directoryAbilities(user),
    manage_mail: canEmail(user, "mailbox.manage"),
    manage_sla: canSla(user, "sla.manage"),
    manage_settings: canSettings(user, "settings.update"),
    manage_macros: canMacro(user, "macro.manage"),
  };
}

import { findUserById } from "../directory/user.repository.js";
import type { Actor, AppContext } from "../server/context.js";
import { ConflictError, NotFoundError, UnauthenticatedError, ValidationError } from "../shared/errors.js";
import {
  countUsers,
  deleteApiToken,
  deleteExpiredSessions,
  deleteSession,
  deleteSessionsOfUser,
  findSessionCsrf,
  findUserForLogin,
  insertApiToken,
  insertSession,
  listApiTokens,
  recordLogin,
  updatePasswordHash,
} from "./auth.repository.js";
import { apiTokenPrefix, sessionExpiry } from "./authenticate.js";
import { recordFailedSignIn, recordSignedIn, startSignInAttempt } from "./login-throttle.js";
import { checkPasswordStrength, hashPassword, verifyAgainstNothing, verifyPassword } from "./password.js";
import { hashSecret, newSecret } from "./secrets.js";

export type ClientInfo = { ip: string | null; userAgent: string | null };

export type SignedIn = {
  user: NonNullable<Awaited<ReturnType<typeof findUserById>>>;
  abilities: ReturnType<typeof administrationAbilities>;
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
};

async function openSession(ctx: AppContext, userId: string, client: ClientInfo): Promise<SignedIn> {
  const now = new Date();
  const sessionToken = newSecret();
  const csrfToken = newSecret();
  const expiresAt = sessionExpiry(ctx, now);
  await insertSession(ctx.db, {
    user_id: userId,
    token_hash: hashSecret(sessionToken),
    csrf_token: csrfToken,
    expires_at: expiresAt,
    ip: client.ip,
    user_agent: client.userAgent?.slice(0, 300) ?? null,
  });
  await recordLogin(ctx.db, userId, now);
  const user = await findUserById(ctx.db, userId);
  if (!user) throw new NotFoundError("User", userId);
  return { user, abilities: administrationAbilities(user), sessionToken, csrfToken, expiresAt };
}

export async function needsSetup(ctx: AppContext): Promise<boolean> {
  return (await countUsers(ctx.db)).count === 0;
}

/** First run: creates the first admin, only while no user exists, and signs them in. */
export async function setupFirstAdmin(
  ctx: AppContext,
  input: { email: string; password: string; name: string },
  client: ClientInfo,
): Promise<SignedIn> {
  const userId = await ctx.db.transaction().execute(async (trx) => {
    // Serializes concurrent first-run requests: only one can see zero users.
    await sql`select pg_advisory_xact_lock(hashtext('ticketdesk.setup'))`.execute(trx);
    if ((await countUsers(trx)).count > 0) throw new ConflictError("Ticketdesk is already set up");
    return (await createUser(trx, { ...input, role: "admin" })).id;
  });
  return openSession(ctx, userId, client);
}

/** Throttled per email and per IP across every instance (login-throttle.ts). */
export async function signIn(
  ctx: AppContext,
  input: { email: string; password: string },
  client: ClientInfo,
): Promise<SignedIn> {
  const email = input.email.trim().toLowerCase();
  const emailKey = `email:${email}`;
  const attempt = await startSignInAttempt(ctx.db, [emailKey, `ip:${client.ip ?? "unknown"}`]);
  const user = await findUserForLogin(ctx.db, email);
  const valid = user
    ? await verifyPassword(user.password_hash, input.password)
    : await verifyAgainstNothing(input.password);
  // A deactivated user gets the same answer as a wrong password: no hint that the account exists.
  if (!user || !valid || !user.is_active) {
    await recordFailedSignIn(ctx.db);
    throw new UnauthenticatedError("Wrong email or password");
  }
  await recordSignedIn(ctx.db, attempt, emailKey);
  await deleteExpiredSessions(ctx.db, new Date());
  return openSession(ctx, user.id, client);
}

export async function signOut(ctx: AppContext, actor: Actor): Promise<void> {
  if (actor.session_id) await deleteSession(ctx.db, actor.session_id);
  await ctx.signedIn.clear();
}

export async function changeOwnPassword(
  ctx: AppContext,
  actor: Actor,
  input: { current_password: string; new_password: string },
): Promise<void> {
  const user = await findUserForLogin(ctx.db, actor.email);
  if (!user || !(await verifyPassword(user.password_hash, input.current_password))) {
    throw ValidationError.field("current_password", "is wrong");
  }
  checkPasswordStrength(input.new_password, "new_password");
  await updatePasswordHash(ctx.db, actor.id, await hashPassword(input.new_password));
  // Other sessions (a stolen cookie, say) end; this one stays signed in.
  await deleteSessionsOfUser(ctx.db, actor.id, actor.session_id ?? undefined);
  await ctx.signedIn.clear();
}

export function findApiTokens(ctx: AppContext, actor: Actor) {
  return listApiTokens(ctx.db, actor.id);
}

/** Returns the secret once; only its hash is kept. */
export async function createApiToken(ctx: AppContext, actor: Actor, name: string) {
  const token = newSecret(apiTokenPrefix);
  const row = await insertApiToken(ctx.db, {
    user_id: actor.id,
    name: name.trim(),
    token_hash: hashSecret(token),
  });
  return { ...row, token };
}

export async function revokeApiToken(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  if (!(await deleteApiToken(ctx.db, id, actor.id))) throw new NotFoundError("API token", id);
  await ctx.signedIn.clear();
}

/** The caller's own record, and the CSRF token of their session (null for API tokens). */
export async function currentUser(ctx: AppContext, actor: Actor) {
  const user = await findUserById(ctx.db, actor.id);
  if (!user) throw new NotFoundError("User", actor.id);
  const csrf_token = actor.session_id ? await findSessionCsrf(ctx.db, actor.session_id) : null;
  return { user, csrf_token, abilities: administrationAbilities(user) };
}
