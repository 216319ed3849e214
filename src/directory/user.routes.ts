import { authenticated } from "../auth/authenticate.js";
import type { ApiApp } from "../server/app.js";
import { createUser } from "./create-user.js";
import { authorize } from "./directory.policy.js";
import { idParams, noContent } from "./directory.schema.js";
import {
  createUserBody,
  resetPasswordBody,
  updateOwnAvailabilityBody,
  updateUserBody,
  userListQuery,
  userListSchema,
  userSchema,
} from "./user.schema.js";
import { findUserPage, getUser, resetUserPassword, setOwnAvailability, updateUser } from "./user.service.js";

export async function userRoutes(app: ApiApp): Promise<void> {
  const tags = ["users"];

  app.get(
    "/users",
    {
      schema: {
        tags,
        summary: "List users by name (agents too, to assign tickets); search by name or email",
        querystring: userListQuery,
        response: { 200: userListSchema },
      },
    },
    async (request) => {
      authorize(authenticated(request), "directory.read");
      const { limit, offset, ...filter } = request.query;
      return findUserPage(app.ctx, filter, { limit, offset });
    },
  );

  app.post(
    "/users",
    {
      schema: {
        tags,
        summary: "Create a user (admin). There is no delete: deactivate with PATCH is_active=false",
        body: createUserBody,
        response: { 201: userSchema },
      },
    },
    async (request, reply) => {
      authorize(authenticated(request), "user.create");
      return reply.status(201).send(await createUser(app.ctx.db, request.body));
    },
  );

  app.get(
    "/users/:id",
    { schema: { tags, summary: "Read a user", params: idParams, response: { 200: userSchema } } },
    async (request) => {
      authorize(authenticated(request), "directory.read");
      return getUser(app.ctx, request.params.id);
    },
  );

  app.patch(
    "/users/:id",
    {
      schema: {
        tags,
        summary:
          "Update a user (admin); is_active=false deactivates and ends their sessions and API tokens. Users are never deleted, so their history stays. You cannot demote or deactivate yourself (409)",
        params: idParams,
        body: updateUserBody,
        response: { 200: userSchema },
      },
    },
    async (request) => {
      const actor = authenticated(request);
      authorize(actor, "user.update");
      return updateUser(app.ctx, actor, request.params.id, request.body);
    },
  );

  // A static segment wins over /users/:id in Fastify's router, whatever the order of registration; there is
  // no GET /users/me (GET /auth/me reads the signed-in user), so that still answers 400 for a non-uuid id.
  app.patch(
    "/users/me",
    {
      schema: {
        tags,
        summary: "Mark yourself available or away for auto-assignment (any signed-in user)",
        body: updateOwnAvailabilityBody,
        response: { 200: userSchema },
      },
    },
    async (request) => {
      const actor = authenticated(request);
      authorize(actor, "user.set_own_availability");
      return setOwnAvailability(app.ctx, actor, request.body.available);
    },
  );

  app.post(
    "/users/:id/password",
    {
      schema: {
        tags,
        summary: "Set a user's password (admin); their sessions end",
        params: idParams,
        body: resetPasswordBody,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      const actor = authenticated(request);
      authorize(actor, "user.reset_password");
      await resetUserPassword(app.ctx, actor, request.params.id, request.body.password);
      return reply.status(204).send(null);
    },
  );
}
