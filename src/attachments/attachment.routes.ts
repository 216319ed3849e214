import type { FastifyRequest } from "fastify";
import { idParams, noContent } from "../auth/auth.schema.js";
import { authenticated } from "../auth/authenticate.js";
import type { ApiApp } from "../server/app.js";
import { UnsupportedMediaTypeError } from "../shared/errors.js";
import {
  attachmentWithTicketPage,
  listAttachmentsQuery,
  uploadBody,
  uploadedAttachments,
} from "./attachment.schema.js";
import {
  deleteAttachment,
  openAttachmentDownload,
  searchAttachments,
  uploadAttachments,
} from "./attachment.service.js";
import { attachmentDisposition } from "./content-disposition.js";

/** Refuses anything but multipart before a body parser runs, so JSON or junk gets 415, never 400. */
async function requireMultipart(request: FastifyRequest): Promise<void> {
  const type = request.headers["content-type"]?.toLowerCase() ?? "";
  if (!type.startsWith("multipart/form-data")) {
    throw new UnsupportedMediaTypeError("Upload files as multipart/form-data with parts named 'file'");
  }
}

/**
 * Files on tickets. Every agent and admin works every ticket (SPEC §1), so uploading and
 * downloading need only a signed-in user; removal is checked by attachment.policy.
 */
export async function attachmentRoutes(app: ApiApp): Promise<void> {
  const tags = ["attachments"];

  app.post(
    "/tickets/:id/attachments",
    {
      schema: {
        tags,
        summary: "Attach one or more files to a ticket (multipart/form-data, parts named `file`)",
        description:
          "Each file may be up to ATTACHMENT_MAX_BYTES; a larger one fails the whole upload with 413.",
        consumes: ["multipart/form-data"],
        params: idParams,
        body: uploadBody,
        response: { 201: uploadedAttachments },
      },
      onRequest: requireMultipart,
    },
    async (request, reply) => {
      const actor = authenticated(request);
      const uploaded = await uploadAttachments(app.ctx, actor, request.params.id, request.files());
      return reply.status(201).send(uploaded);
    },
  );

  app.get(
    "/attachments",
    {
      schema: {
        tags,
        summary: "Files across tickets, newest first",
        querystring: listAttachmentsQuery,
        response: { 200: attachmentWithTicketPage },
      },
    },
    async (request) => searchAttachments(app.ctx, authenticated(request), request.query),
  );

  app.get(
    "/attachments/:id/download",
    {
      schema: {
        tags,
        summary: "Download a file (always as an attachment, never rendered inline)",
        params: idParams,
      },
    },
    async (request, reply) => {
      authenticated(request);
      const download = await openAttachmentDownload(app.ctx, request.params.id);
      return reply
        .header("content-type", download.contentType)
        .header("content-length", download.size)
        .header("content-disposition", attachmentDisposition(download.name))
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "private, no-cache")
        .send(download.stream);
    },
  );

  app.delete(
    "/attachments/:id",
    {
      schema: {
        tags,
        summary: "Remove a file (uploader or admin)",
        params: idParams,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      await deleteAttachment(app.ctx, authenticated(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
