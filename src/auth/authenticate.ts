import type { FastifyRequest } from "fastify";
import type { Actor, AppContext } from "../server/context.js";
import { ForbiddenError, UnauthenticatedError } from "../shared/errors.js";
import {
  findActiveUserByApiToken,
  findActiveUserBySession,
  touchApiToken,
  touchSession,
} from "./auth.repository.js";
import { hashSecret, sameSecret } from "./secrets.js";

export const sessionCookie = "td_session";
export const csrfHeader = "x-csrf-token";
export const apiTokenPrefix = "td_";

// Last-used and sliding-expiry writes are throttled so reads stay reads.
const touchEveryMs = 60_000;
const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw new UnauthenticatedError("Authorization header must be 'Bearer <token>'");
  return match[1];
}

/**
 * Who is calling: an API token (Authorization: Bearer) or a session cookie. Returns
 * undefined for anonymous requests. Cookie-authenticated writes must carry the session's
 * CSRF token; API tokens cannot be sent by a browser on its own, so they need none.
 */
export async function resolveActor(ctx: AppContext, request: FastifyRequest): Promise<Actor | undefined> {
  const now = new Date();
  const token = bearerToken(request);
  if (token !== undefined) {
    const found = await findActiveUserByApiToken(ctx.db, hashSecret(token));
    if (!found) throw new UnauthenticatedError("Invalid or revoked API token");
    if (!found.last_used_at || now.getTime() - found.last_used_at.getTime() > touchEveryMs) {
      await touchApiToken(ctx.db, found.token_id, now);
    }
    const { token_id: _id, last_used_at: _used, ...user } = found;
    return { ...user, via: "token", session_id: null };
  }
  const cookie = request.cookies[sessionCookie];
  if (!cookie) return undefined;
  const found = await findActiveUserBySession(ctx.db, hashSecret(cookie), now);
  if (!found) throw new UnauthenticatedError("Your session has expired; sign in again");
  if (!safeMethods.has(request.method)) {
    const sent = request.headers[csrfHeader];
    if (typeof sent !== "string" || !sameSecret(sent, found.csrf_token)) {
      throw new ForbiddenError("Missing or wrong X-CSRF-Token header");
    }
  }
  if (now.getTime() - found.last_seen_at.getTime() > touchEveryMs) {
    await touchSession(ctx.db, found.session_id, now, sessionExpiry(ctx, now));
  }
  const { csrf_token: _csrf, last_seen_at: _seen, ...user } = found;
  return { ...user, via: "session" };
}

export function sessionExpiry(ctx: AppContext, now = new Date()): Date {
  return new Date(now.getTime() + ctx.config.sessionTtlHours * 3_600_000);
}

/** Step one of every handler: the caller, or 401. */
export function authenticated(request: FastifyRequest): Actor {
  if (!request.actor) throw new UnauthenticatedError();
  return request.actor;
}
