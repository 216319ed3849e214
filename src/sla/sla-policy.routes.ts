import { authenticated } from "../auth/authenticate.js";
import { idParams, noContent } from "../directory/directory.schema.js";
import type { ApiApp } from "../server/app.js";
import { authorizeSla } from "./sla.policy.js";
import {
  createSlaPolicyBody,
  slaPolicyListQuery,
  slaPolicyListSchema,
  slaPolicySchema,
  updateSlaPolicyBody,
} from "./sla-policy.schema.js";
import {
  createSlaPolicy,
  deleteSlaPolicy,
  findSlaPolicyPage,
  getSlaPolicy,
  updateSlaPolicy,
} from "./sla-policy.service.js";

/** SLA policies (SPEC §7): first response and resolution targets per priority, per team or for all. */
export async function slaPolicyRoutes(app: ApiApp): Promise<void> {
  const tags = ["sla"];

  app.get(
    "/sla-policies",
    {
      schema: {
        tags,
        summary: "SLA policies: the team-less ones first, then by team; urgent first within each",
        querystring: slaPolicyListQuery,
        response: { 200: slaPolicyListSchema },
      },
    },
    async (request) => {
      authorizeSla(authenticated(request), "sla.read");
      const { limit, offset, ...filter } = request.query;
      return findSlaPolicyPage(app.ctx, filter, { limit, offset });
    },
  );

  app.post(
    "/sla-policies",
    {
      schema: {
        tags,
        summary:
          "Add a team's policy for a priority (admin); 409 when that team already has one for the priority",
        body: createSlaPolicyBody,
        response: { 201: slaPolicySchema },
      },
    },
    async (request, reply) => {
      authorizeSla(authenticated(request), "sla.manage");
      return reply.status(201).send(await createSlaPolicy(app.ctx, request.body));
    },
  );

  app.get(
    "/sla-policies/:id",
    { schema: { tags, summary: "An SLA policy", params: idParams, response: { 200: slaPolicySchema } } },
    async (request) => {
      authorizeSla(authenticated(request), "sla.read");
      return getSlaPolicy(app.ctx, request.params.id);
    },
  );

  app.patch(
    "/sla-policies/:id",
    {
      schema: {
        tags,
        summary:
          "Change an SLA policy (admin). A team-less policy keeps its priority and stays team-less (409)",
        params: idParams,
        body: updateSlaPolicyBody,
        response: { 200: slaPolicySchema },
      },
    },
    async (request) => {
      authorizeSla(authenticated(request), "sla.manage");
      return updateSlaPolicy(app.ctx, request.params.id, request.body);
    },
  );

  app.delete(
    "/sla-policies/:id",
    {
      schema: {
        tags,
        summary:
          "Delete a team's SLA policy (admin); its tickets fall back to the team-less one. 409 for a team-less policy",
        params: idParams,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      authorizeSla(authenticated(request), "sla.manage");
      await deleteSlaPolicy(app.ctx, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
