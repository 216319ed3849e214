import { z } from "zod";
import { authenticated } from "../auth/authenticate.js";
import { idParams, noContent } from "../directory/directory.schema.js";
import type { ApiApp } from "../server/app.js";
import { authorizeEmail } from "./email.policy.js";
import {
  failedMailListSchema,
  notificationSettingsSchema,
  retriedMailSchema,
  updateNotificationSettingsBody,
} from "./email.schema.js";
import { findFailedMail, getCommentSource, retryDelivery, retryFailedMail } from "./email.service.js";
import {
  createMailboxBody,
  mailboxListQuery,
  mailboxListSchema,
  mailboxSchema,
  mailboxTestSchema,
  updateMailboxBody,
} from "./mailbox.schema.js";
import {
  createMailbox,
  deleteMailbox,
  findMailboxPage,
  getMailbox,
  testMailbox,
  updateMailbox,
} from "./mailbox.service.js";
import { getNotificationSettings, updateNotificationSettings } from "./notification-settings.js";

/** The email channel's endpoints (SPEC §6): mailboxes, failed mail, original messages, delivery retries. */
export async function emailRoutes(app: ApiApp): Promise<void> {
  const tags = ["email"];

  app.get(
    "/mailboxes",
    {
      schema: {
        tags,
        summary: "Mailboxes (admin)",
        querystring: mailboxListQuery,
        response: { 200: mailboxListSchema },
      },
    },
    async (request) => {
      authorizeEmail(authenticated(request), "mailbox.manage");
      return findMailboxPage(app.ctx, request.query);
    },
  );

  app.post(
    "/mailboxes",
    {
      schema: {
        tags,
        summary:
          "Add a mailbox (admin): an address mail arrives at, its team, and optionally an IMAP account",
        body: createMailboxBody,
        response: { 201: mailboxSchema },
      },
    },
    async (request, reply) => {
      authorizeEmail(authenticated(request), "mailbox.manage");
      return reply.status(201).send(await createMailbox(app.ctx, request.body));
    },
  );

  app.get(
    "/mailboxes/:id",
    { schema: { tags, summary: "A mailbox (admin)", params: idParams, response: { 200: mailboxSchema } } },
    async (request) => {
      authorizeEmail(authenticated(request), "mailbox.manage");
      return getMailbox(app.ctx, request.params.id);
    },
  );

  app.patch(
    "/mailboxes/:id",
    {
      schema: {
        tags,
        summary: "Change a mailbox (admin); leave imap.password out to keep the stored one",
        params: idParams,
        body: updateMailboxBody,
        response: { 200: mailboxSchema },
      },
    },
    async (request) => {
      authorizeEmail(authenticated(request), "mailbox.manage");
      return updateMailbox(app.ctx, request.params.id, request.body);
    },
  );

  app.delete(
    "/mailboxes/:id",
    {
      schema: {
        tags,
        summary: "Remove a mailbox (admin); its tickets and received mail stay",
        params: idParams,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      authorizeEmail(authenticated(request), "mailbox.manage");
      await deleteMailbox(app.ctx, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/mailboxes/:id/test",
    {
      schema: {
        tags,
        summary: "Log in to the mailbox's IMAP account and say what failed (admin)",
        params: idParams,
        response: { 200: mailboxTestSchema },
      },
    },
    async (request) => {
      authorizeEmail(authenticated(request), "mailbox.manage");
      return testMailbox(app.ctx, request.params.id);
    },
  );

  app.get(
    "/inbound-mails/failed",
    {
      schema: {
        tags,
        summary: "Mail that could not be processed, newest first (admin)",
        querystring: mailboxListQuery,
        response: { 200: failedMailListSchema },
      },
    },
    async (request) => findFailedMail(app.ctx, authenticated(request), request.query),
  );

  app.post(
    "/inbound-mails/:id/retry",
    {
      schema: {
        tags,
        summary: "Process a failed message again (admin)",
        params: idParams,
        response: { 200: retriedMailSchema },
      },
    },
    async (request) => retryFailedMail(app.ctx, authenticated(request), request.params.id),
  );

  app.get(
    "/comments/:id/source",
    {
      schema: {
        tags,
        summary: "The original message (.eml) a comment arrived as",
        params: idParams,
        response: { 200: z.any().describe("message/rfc822") },
      },
    },
    async (request, reply) => {
      const raw = await getCommentSource(app.ctx, authenticated(request), request.params.id);
      return reply
        .header("content-type", "message/rfc822")
        .header("content-disposition", `attachment; filename="message-${request.params.id}.eml"`)
        .header("x-content-type-options", "nosniff")
        .send(raw);
    },
  );

  app.post(
    "/comments/:id/delivery/retry",
    {
      schema: {
        tags,
        summary: "Send a reply whose mail failed again",
        params: idParams,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      await retryDelivery(app.ctx, authenticated(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/users/me/notifications",
    {
      schema: {
        tags,
        summary: "Which notification mails you get",
        response: { 200: notificationSettingsSchema },
      },
    },
    async (request) => getNotificationSettings(app.ctx, authenticated(request)),
  );

  app.patch(
    "/users/me/notifications",
    {
      schema: {
        tags,
        summary: "Turn notification mails on or off",
        body: updateNotificationSettingsBody,
        response: { 200: notificationSettingsSchema },
      },
    },
    async (request) => updateNotificationSettings(app.ctx, authenticated(request), request.body),
  );
}
