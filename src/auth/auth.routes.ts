import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { userSchema } from "../directory/user.schema.js";
import type { ApiApp } from "../server/app.js";
import {
  administrationAbilitiesSchema,
  apiTokenSchema,
  changePasswordBody,
  createApiTokenBody,
  createdApiTokenSchema,
  idParams,
  loginBody,
  noContent,
  setupBody,
  setupStatusSchema,
  signedInSchema,
} from "./auth.schema.js";
import {
  changeOwnPassword,
  createApiToken,
  currentUser,
  findApiTokens,
  needsSetup,
  revokeApiToken,
  type SignedIn,
  setupFirstAdmin,
  signIn,
  signOut,
} from "./auth.service.js";
import { authenticated, clearSessionCookie, sessionCookie } from "./authenticate.js";

function client(request: FastifyRequest) {
  return { ip: request.ip ?? null, userAgent: request.headers["user-agent"] ?? null };
}

function startSession(request: FastifyRequest, reply: FastifyReply, signedIn: SignedIn) {
  reply.setCookie(sessionCookie, signedIn.sessionToken, {
    httpOnly: true,
    sameSite: "lax",
    secure: request.protocol === "https",
    path: "/",
    expires: signedIn.expiresAt,
  });
  return { user: signedIn.user, csrf_token: signedIn.csrfToken, abilities: signedIn.abilities };
}

export async function authRoutes(app: ApiApp): Promise<void> {
  const tags = ["auth"];

  app.get(
    "/setup",
    {
      schema: {
        tags,
        summary: "Whether Ticketdesk still needs its first admin",
        security: [],
        response: { 200: setupStatusSchema },
      },
    },
    async () => ({ needs_setup: await needsSetup(app.ctx) }),
  );

  app.post(
    "/setup",
    {
      schema: {
        tags,
        summary: "First run: create the first admin (409 once any user exists)",
        security: [],
        body: setupBody,
        response: { 201: signedInSchema },
      },
    },
    async (request, reply) => {
      const signedIn = await setupFirstAdmin(app.ctx, request.body, client(request));
      return reply.status(201).send(startSession(request, reply, signedIn));
    },
  );

  app.post(
    "/auth/login",
    {
      schema: {
        tags,
        summary: "Sign in; sets the session cookie",
        security: [],
        body: loginBody,
        response: { 200: signedInSchema },
      },
    },
    async (request, reply) =>
      startSession(request, reply, await signIn(app.ctx, request.body, client(request))),
  );

  app.post(
    "/auth/logout",
    { schema: { tags, summary: "Sign out; ends this session", response: { 204: noContent } } },
    async (request, reply) => {
      const actor = authenticated(request);
      await signOut(app.ctx, actor);
      clearSessionCookie(reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/auth/me",
    {
      schema: {
        tags,
        summary: "The signed-in user, with the CSRF token for this session",
        response: {
          200: z.object({
            user: userSchema,
            csrf_token: z.string().nullable(),
            abilities: administrationAbilitiesSchema,
          }),
        },
      },
    },
    async (request) => {
      return currentUser(app.ctx, authenticated(request));
    },
  );

  app.post(
    "/auth/password",
    {
      schema: {
        tags,
        summary: "Change your own password",
        body: changePasswordBody,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      await changeOwnPassword(app.ctx, authenticated(request), request.body);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/api-tokens",
    {
      schema: {
        tags,
        summary: "Your API tokens",
        response: { 200: z.object({ results: z.array(apiTokenSchema) }) },
      },
    },
    async (request) => ({ results: await findApiTokens(app.ctx, authenticated(request)) }),
  );

  app.post(
    "/api-tokens",
    {
      schema: {
        tags,
        summary: "Create an API token; the secret is returned once",
        body: createApiTokenBody,
        response: { 201: createdApiTokenSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createApiToken(app.ctx, authenticated(request), request.body.name)),
  );

  app.delete(
    "/api-tokens/:id",
    {
      schema: {
        tags,
        summary: "Revoke one of your API tokens",
        params: idParams,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      await revokeApiToken(app.ctx, authenticated(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
