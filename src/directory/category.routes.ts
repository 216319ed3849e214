import { authenticated } from "../auth/authenticate.js";
import type { ApiApp } from "../server/app.js";
import {
  categoryListQuery,
  categoryListSchema,
  categorySchema,
  createCategoryBody,
  updateCategoryBody,
} from "./category.schema.js";
import {
  createCategory,
  deleteCategory,
  findCategoryPage,
  getCategory,
  updateCategory,
} from "./category.service.js";
import { authorize } from "./directory.policy.js";
import { idParams, noContent } from "./directory.schema.js";

export async function categoryRoutes(app: ApiApp): Promise<void> {
  const tags = ["categories"];

  app.get(
    "/categories",
    {
      schema: {
        tags,
        summary: "List categories, by label",
        querystring: categoryListQuery,
        response: { 200: categoryListSchema },
      },
    },
    async (request) => {
      authorize(authenticated(request), "directory.read");
      return findCategoryPage(app.ctx, request.query);
    },
  );

  app.post(
    "/categories",
    {
      schema: {
        tags,
        summary: "Create a category (admin; the key is a unique slug and never changes)",
        body: createCategoryBody,
        response: { 201: categorySchema },
      },
    },
    async (request, reply) => {
      authorize(authenticated(request), "category.create");
      return reply.status(201).send(await createCategory(app.ctx, request.body));
    },
  );

  app.get(
    "/categories/:id",
    { schema: { tags, summary: "Read a category", params: idParams, response: { 200: categorySchema } } },
    async (request) => {
      authorize(authenticated(request), "directory.read");
      return getCategory(app.ctx, request.params.id);
    },
  );

  app.patch(
    "/categories/:id",
    {
      schema: {
        tags,
        summary: "Rename (label) or re-route (default_team_id) a category (admin)",
        params: idParams,
        body: updateCategoryBody,
        response: { 200: categorySchema },
      },
    },
    async (request) => {
      authorize(authenticated(request), "category.update");
      return updateCategory(app.ctx, request.params.id, request.body);
    },
  );

  app.delete(
    "/categories/:id",
    {
      schema: {
        tags,
        summary: "Delete a category (admin). 409 while any ticket is filed under it",
        params: idParams,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      authorize(authenticated(request), "category.delete");
      await deleteCategory(app.ctx, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
