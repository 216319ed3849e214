import { authenticated } from "../auth/authenticate.js";
import { idParams, noContent } from "../directory/directory.schema.js";
import type { ApiApp } from "../server/app.js";
import { ticketRefParams } from "../tickets/ticket.schema.js";
import { applyMacro } from "./apply-macro.js";
import { authorizeMacro } from "./macro.policy.js";
import {
  appliedMacroSchema,
  applyMacroBody,
  createMacroBody,
  macroListQuery,
  macroListSchema,
  macroSchema,
  placeholderListSchema,
  updateMacroBody,
} from "./macro.schema.js";
import {
  createMacro,
  deleteMacro,
  findMacroPage,
  getMacro,
  listPlaceholders,
  updateMacro,
} from "./macro.service.js";

/** Macros (SPEC §7): admins write them, every agent reads and applies them. */
export async function macroRoutes(app: ApiApp): Promise<void> {
  const tags = ["macros"];

  app.get(
    "/macros",
    {
      schema: {
        tags,
        summary: "Macros, by name (any agent: they apply them)",
        querystring: macroListQuery,
        response: { 200: macroListSchema },
      },
    },
    async (request) => {
      authorizeMacro(authenticated(request), "macro.read");
      return findMacroPage(app.ctx, request.query);
    },
  );

  app.get(
    "/macros/placeholders",
    {
      schema: {
        tags,
        summary: "The placeholders a macro's reply or note may use, and what each becomes",
        response: { 200: placeholderListSchema },
      },
    },
    async (request) => {
      authorizeMacro(authenticated(request), "macro.read");
      return listPlaceholders();
    },
  );

  app.post(
    "/macros",
    {
      schema: {
        tags,
        summary: "Create a macro (admin); an unknown placeholder, team or user is refused by field",
        body: createMacroBody,
        response: { 201: macroSchema },
      },
    },
    async (request, reply) => {
      const actor = authenticated(request);
      authorizeMacro(actor, "macro.manage");
      return reply.status(201).send(await createMacro(app.ctx, actor, request.body));
    },
  );

  app.get(
    "/macros/:id",
    { schema: { tags, summary: "A macro", params: idParams, response: { 200: macroSchema } } },
    async (request) => {
      authorizeMacro(authenticated(request), "macro.read");
      return getMacro(app.ctx, request.params.id);
    },
  );

  app.patch(
    "/macros/:id",
    {
      schema: {
        tags,
        summary: "Change a macro (admin); `actions` replaces all of its actions",
        params: idParams,
        body: updateMacroBody,
        response: { 200: macroSchema },
      },
    },
    async (request) => {
      authorizeMacro(authenticated(request), "macro.manage");
      return updateMacro(app.ctx, request.params.id, request.body);
    },
  );

  app.delete(
    "/macros/:id",
    {
      schema: { tags, summary: "Delete a macro (admin)", params: idParams, response: { 204: noContent } },
    },
    async (request, reply) => {
      authorizeMacro(authenticated(request), "macro.manage");
      await deleteMacro(app.ctx, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/tickets/:id/apply-macro",
    {
      schema: {
        tags: [...tags, "tickets"],
        summary:
          "Apply a macro: all of its actions in one transaction, with the rules, history and mail of a " +
          "PATCH and a comment; a refused action applies nothing",
        params: ticketRefParams,
        body: applyMacroBody,
        response: { 200: appliedMacroSchema },
      },
    },
    async (request) => {
      const actor = authenticated(request);
      authorizeMacro(actor, "macro.apply");
      return applyMacro(app.ctx, actor, request.params.id, request.body.macro_id);
    },
  );
}
