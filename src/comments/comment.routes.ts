import { idParams, noContent } from "../auth/auth.schema.js";
import { authenticated } from "../auth/authenticate.js";
import type { ApiApp } from "../server/app.js";
import {
  commentPage,
  commentSchema,
  commentWithTicketPage,
  createCommentBody,
  listCommentsQuery,
  ticketCommentsQuery,
  updateCommentBody,
} from "./comment.schema.js";
import {
  addComment,
  deleteComment,
  editComment,
  findCommentsOfTicket,
  searchComments,
} from "./comment.service.js";

/**
 * Replies and internal notes. Every agent and admin works every ticket (SPEC §1), so reading
 * and adding need only a signed-in user; editing and deleting are checked by comment.policy.
 */
export async function commentRoutes(app: ApiApp): Promise<void> {
  const tags = ["comments"];

  app.get(
    "/tickets/:id/comments",
    {
      schema: {
        tags,
        summary: "A ticket's comments and internal notes, oldest first",
        params: idParams,
        querystring: ticketCommentsQuery,
        response: { 200: commentPage },
      },
    },
    async (request) =>
      findCommentsOfTicket(app.ctx, authenticated(request), request.params.id, request.query),
  );

  app.post(
    "/tickets/:id/comments",
    {
      schema: {
        tags,
        summary: "Reply to the customer, or add an internal note (is_internal: true)",
        params: idParams,
        body: createCommentBody,
        response: { 201: commentSchema },
      },
    },
    async (request, reply) => {
      const actor = authenticated(request);
      return reply.status(201).send(await addComment(app.ctx, actor, request.params.id, request.body));
    },
  );

  app.get(
    "/comments",
    {
      schema: {
        tags,
        summary: "Comments across tickets, newest first",
        querystring: listCommentsQuery,
        response: { 200: commentWithTicketPage },
      },
    },
    async (request) => searchComments(app.ctx, authenticated(request), request.query),
  );

  app.patch(
    "/comments/:id",
    {
      schema: {
        tags,
        summary: "Change a comment's text (author or admin)",
        params: idParams,
        body: updateCommentBody,
        response: { 200: commentSchema },
      },
    },
    async (request) => editComment(app.ctx, authenticated(request), request.params.id, request.body),
  );

  app.delete(
    "/comments/:id",
    {
      schema: {
        tags,
        summary: "Delete a comment (author or admin); the ticket history keeps its text",
        params: idParams,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      await deleteComment(app.ctx, authenticated(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
