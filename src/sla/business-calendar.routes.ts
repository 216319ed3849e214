import { authenticated } from "../auth/authenticate.js";
import { idParams, noContent } from "../directory/directory.schema.js";
import type { ApiApp } from "../server/app.js";
import {
  calendarListQuery,
  calendarListSchema,
  calendarSchema,
  createCalendarBody,
  updateCalendarBody,
} from "./business-calendar.schema.js";
import {
  createCalendar,
  deleteCalendar,
  findCalendarPage,
  getCalendar,
  updateCalendar,
} from "./business-calendar.service.js";
import { authorizeSla } from "./sla.policy.js";

/** Business calendars (SPEC §7): the hours SLA targets count in. Staff read; admins write. */
export async function businessCalendarRoutes(app: ApiApp): Promise<void> {
  const tags = ["sla"];

  app.get(
    "/business-calendars",
    {
      schema: {
        tags,
        summary: "Business calendars, the default first",
        querystring: calendarListQuery,
        response: { 200: calendarListSchema },
      },
    },
    async (request) => {
      authorizeSla(authenticated(request), "sla.read");
      return findCalendarPage(app.ctx, request.query);
    },
  );

  app.post(
    "/business-calendars",
    {
      schema: {
        tags,
        summary:
          "Add a business calendar (admin): a time zone, weekly opening hours and holidays; every problem is a 400 naming its field",
        body: createCalendarBody,
        response: { 201: calendarSchema },
      },
    },
    async (request, reply) => {
      authorizeSla(authenticated(request), "sla.manage");
      return reply.status(201).send(await createCalendar(app.ctx, request.body));
    },
  );

  app.get(
    "/business-calendars/:id",
    {
      schema: { tags, summary: "A business calendar", params: idParams, response: { 200: calendarSchema } },
    },
    async (request) => {
      authorizeSla(authenticated(request), "sla.read");
      return getCalendar(app.ctx, request.params.id);
    },
  );

  app.patch(
    "/business-calendars/:id",
    {
      schema: {
        tags,
        summary: "Change a business calendar (admin); hours, when given, replace the whole week",
        params: idParams,
        body: updateCalendarBody,
        response: { 200: calendarSchema },
      },
    },
    async (request) => {
      authorizeSla(authenticated(request), "sla.manage");
      return updateCalendar(app.ctx, request.params.id, request.body);
    },
  );

  app.delete(
    "/business-calendars/:id",
    {
      schema: {
        tags,
        summary:
          "Delete a business calendar (admin). 409 for the default calendar and for one SLA policies use (the message names them)",
        params: idParams,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      authorizeSla(authenticated(request), "sla.manage");
      await deleteCalendar(app.ctx, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
