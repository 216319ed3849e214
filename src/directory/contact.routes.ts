import { authenticated } from "../auth/authenticate.js";
import type { ApiApp } from "../server/app.js";
import {
  contactListQuery,
  contactListSchema,
  contactSchema,
  createContactBody,
  updateContactBody,
} from "./contact.schema.js";
import {
  createContact,
  deleteContact,
  findContactPage,
  getContact,
  updateContact,
} from "./contact.service.js";
import { authorize } from "./directory.policy.js";
import { idParams, noContent } from "./directory.schema.js";

export async function contactRoutes(app: ApiApp): Promise<void> {
  const tags = ["contacts"];

  app.get(
    "/contacts",
    {
      schema: {
        tags,
        summary: "List contacts by name; filter by company, search by name or email",
        querystring: contactListQuery,
        response: { 200: contactListSchema },
      },
    },
    async (request) => {
      authorize(authenticated(request), "directory.read");
      const { limit, offset, ...filter } = request.query;
      return findContactPage(app.ctx, filter, { limit, offset });
    },
  );

  app.post(
    "/contacts",
    {
      schema: {
        tags,
        summary: "Create a contact at a company (email unique within the company)",
        body: createContactBody,
        response: { 201: contactSchema },
      },
    },
    async (request, reply) => {
      authorize(authenticated(request), "contact.create");
      return reply.status(201).send(await createContact(app.ctx, request.body));
    },
  );

  app.get(
    "/contacts/:id",
    { schema: { tags, summary: "Read a contact", params: idParams, response: { 200: contactSchema } } },
    async (request) => {
      authorize(authenticated(request), "directory.read");
      return getContact(app.ctx, request.params.id);
    },
  );

  app.patch(
    "/contacts/:id",
    {
      schema: {
        tags,
        summary: "Update a contact",
        params: idParams,
        body: updateContactBody,
        response: { 200: contactSchema },
      },
    },
    async (request) => {
      authorize(authenticated(request), "contact.update");
      return updateContact(app.ctx, request.params.id, request.body);
    },
  );

  app.delete(
    "/contacts/:id",
    {
      schema: {
        tags,
        summary: "Delete a contact; their tickets stay, without a contact",
        params: idParams,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      authorize(authenticated(request), "contact.delete");
      await deleteContact(app.ctx, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
