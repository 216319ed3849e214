import { authenticated } from "../auth/authenticate.js";
import type { ApiApp } from "../server/app.js";
import { authorize } from "./directory.policy.js";
import { idParams, noContent } from "./directory.schema.js";
import { createTeamBody, teamListQuery, teamListSchema, teamSchema, updateTeamBody } from "./team.schema.js";
import { createTeam, deleteTeam, findTeamPage, getTeam, updateTeam } from "./team.service.js";

export async function teamRoutes(app: ApiApp): Promise<void> {
  const tags = ["teams"];

  app.get(
    "/teams",
    {
      schema: {
        tags,
        summary: "List teams, by name",
        querystring: teamListQuery,
        response: { 200: teamListSchema },
      },
    },
    async (request) => {
      authorize(authenticated(request), "directory.read");
      return findTeamPage(app.ctx, request.query);
    },
  );

  app.post(
    "/teams",
    {
      schema: {
        tags,
        summary: "Create a team (admin; names are unique, case-insensitively)",
        body: createTeamBody,
        response: { 201: teamSchema },
      },
    },
    async (request, reply) => {
      authorize(authenticated(request), "team.create");
      return reply.status(201).send(await createTeam(app.ctx, request.body));
    },
  );

  app.get(
    "/teams/:id",
    { schema: { tags, summary: "Read a team", params: idParams, response: { 200: teamSchema } } },
    async (request) => {
      authorize(authenticated(request), "directory.read");
      return getTeam(app.ctx, request.params.id);
    },
  );

  app.patch(
    "/teams/:id",
    {
      schema: {
        tags,
        summary: "Rename a team or change how its tickets are assigned (admin)",
        params: idParams,
        body: updateTeamBody,
        response: { 200: teamSchema },
      },
    },
    async (request) => {
      authorize(authenticated(request), "team.update");
      return updateTeam(app.ctx, request.params.id, request.body);
    },
  );

  app.delete(
    "/teams/:id",
    {
      schema: {
        tags,
        summary:
          "Delete a team (admin). 409 while it has open tickets or a category routes to it; members keep no team",
        params: idParams,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      authorize(authenticated(request), "team.delete");
      await deleteTeam(app.ctx, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
