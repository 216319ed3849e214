import { authenticated } from "../auth/authenticate.js";
import type { ApiApp } from "../server/app.js";
import { createTicket } from "./create-ticket.js";
import { deleteTicket } from "./delete-ticket.js";
import { findEvents, findTickets, getTicketStats } from "./find-tickets.js";
import { getTicket } from "./get-ticket.js";
import { getTicketDetail, ticketDetailSchema } from "./get-ticket-detail.js";
import { authorizeTicket } from "./ticket.policy.js";
import {
  createTicketBody,
  noContent,
  ticketEventListSchema,
  ticketListSchema,
  ticketRefParams,
  ticketSchema,
  ticketStatsSchema,
  updateTicketBody,
} from "./ticket.schema.js";
import { eventsQuery, listTicketsQuery } from "./ticket-query.schema.js";
import { updateTicket } from "./update-ticket.js";

export async function ticketRoutes(app: ApiApp): Promise<void> {
  const tags = ["tickets"];

  app.get(
    "/tickets",
    {
      schema: {
        tags,
        summary: "List tickets: filter, search, order and page",
        querystring: listTicketsQuery,
        response: { 200: ticketListSchema },
      },
    },
    async (request) => findTickets(app.ctx, request.query, authenticated(request)),
  );

  app.post(
    "/tickets",
    {
      schema: {
        tags,
        summary: "Open a ticket; it is numbered, routed to a team and recorded in its history",
        body: createTicketBody,
        response: { 201: ticketSchema },
      },
    },
    async (request, reply) => {
      const actor = authenticated(request);
      return reply.status(201).send(await createTicket(app.ctx, request.body, actor));
    },
  );

  app.get(
    "/tickets/stats",
    {
      schema: {
        tags,
        summary: "Counts by status and priority, your open tickets, unassigned and overdue",
        response: { 200: ticketStatsSchema },
      },
    },
    async (request) => getTicketStats(app.ctx, authenticated(request)),
  );

  app.get(
    "/tickets/:id",
    {
      schema: {
        tags,
        summary: "A ticket by id or number, with its comments and attachments",
        params: ticketRefParams,
        response: { 200: ticketDetailSchema },
      },
    },
    async (request) => getTicketDetail(app.ctx, request.params.id, authenticated(request)),
  );

  app.patch(
    "/tickets/:id",
    {
      schema: {
        tags,
        summary: "Change a ticket; every change of an audited field is written to its history",
        params: ticketRefParams,
        body: updateTicketBody,
        response: { 200: ticketSchema },
      },
    },
    async (request) => {
      const actor = authenticated(request);
      const ticket = await getTicket(app.ctx, request.params.id, actor);
      authorizeTicket(actor, "update", ticket);
      return updateTicket(app.ctx, ticket.id, request.body, actor);
    },
  );

  app.delete(
    "/tickets/:id",
    {
      schema: {
        tags,
        summary: "Delete a ticket with its comments, attachments and files (admins)",
        params: ticketRefParams,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      const actor = authenticated(request);
      const ticket = await getTicket(app.ctx, request.params.id, actor);
      authorizeTicket(actor, "delete", ticket);
      await deleteTicket(app.ctx, ticket.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/tickets/:id/events",
    {
      schema: {
        tags,
        summary: "A ticket's history, oldest first",
        params: ticketRefParams,
        querystring: eventsQuery,
        response: { 200: ticketEventListSchema },
      },
    },
    async (request) => {
      const ticket = await getTicket(app.ctx, request.params.id, authenticated(request));
      return findEvents(app.ctx, ticket.id, request.query);
    },
  );
}
