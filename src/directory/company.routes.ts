import { authenticated } from "../auth/authenticate.js";
import type { ApiApp } from "../server/app.js";
import {
  companyListQuery,
  companyListSchema,
  companySchema,
  createCompanyBody,
  updateCompanyBody,
} from "./company.schema.js";
import {
  createCompany,
  deleteCompany,
  findCompanyPage,
  getCompany,
  updateCompany,
} from "./company.service.js";
import { authorize } from "./directory.policy.js";
import { idParams, noContent } from "./directory.schema.js";

export async function companyRoutes(app: ApiApp): Promise<void> {
  const tags = ["companies"];

  app.get(
    "/companies",
    {
      schema: {
        tags,
        summary: "List companies by name, with their ticket counts; search by name or domain",
        querystring: companyListQuery,
        response: { 200: companyListSchema },
      },
    },
    async (request) => {
      authorize(authenticated(request), "directory.read");
      const { limit, offset, ...filter } = request.query;
      return findCompanyPage(app.ctx, filter, { limit, offset });
    },
  );

  app.post(
    "/companies",
    {
      schema: {
        tags,
        summary: "Create a company (a domain belongs to one company)",
        body: createCompanyBody,
        response: { 201: companySchema },
      },
    },
    async (request, reply) => {
      authorize(authenticated(request), "company.create");
      return reply.status(201).send(await createCompany(app.ctx, request.body));
    },
  );

  app.get(
    "/companies/:id",
    { schema: { tags, summary: "Read a company", params: idParams, response: { 200: companySchema } } },
    async (request) => {
      authorize(authenticated(request), "directory.read");
      return getCompany(app.ctx, request.params.id);
    },
  );

  app.patch(
    "/companies/:id",
    {
      schema: {
        tags,
        summary: "Update a company's name or domain",
        params: idParams,
        body: updateCompanyBody,
        response: { 200: companySchema },
      },
    },
    async (request) => {
      authorize(authenticated(request), "company.update");
      return updateCompany(app.ctx, request.params.id, request.body);
    },
  );

  app.delete(
    "/companies/:id",
    {
      schema: {
        tags,
        summary: "Delete a company and its contacts. 409 while it has any ticket",
        params: idParams,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      authorize(authenticated(request), "company.delete");
      await deleteCompany(app.ctx, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
