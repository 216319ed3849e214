import { z } from "zod";
import { presentAttachment } from "../attachments/attachment.policy.js";
import { attachmentFromJson } from "../attachments/attachment.repository.js";
import { attachmentSchema } from "../attachments/attachment.schema.js";
import { presentComment } from "../comments/comment.policy.js";
import { commentFromJson } from "../comments/comment.repository.js";
import { commentSchema } from "../comments/comment.schema.js";
import type { Actor, AppContext } from "../server/context.js";
import { NotFoundError } from "../shared/errors.js";
import { ticketKey } from "./get-ticket.js";
import { presentTicket } from "./ticket.presenter.js";
import { findTicketWithConversation } from "./ticket.repository.js";
import { ticketSchema } from "./ticket.schema.js";

export const ticketDetailSchema = ticketSchema
  .extend({
    comments: z.array(commentSchema).describe("Oldest first, internal notes included"),
    attachments: z.array(attachmentSchema).describe("Oldest first"),
  })
  .meta({ id: "TicketDetail" });

/**
 * GET /tickets/{id or number}: the ticket with its conversation and files, in time order, read in one
 * statement (the comments and files as JSON columns): each statement costs the server a socket round trip.
 */
export async function getTicketDetail(ctx: AppContext, idOrNumber: string, actor: Actor) {
  const row = await findTicketWithConversation(ctx.db, ctx.names, ticketKey(idOrNumber));
  if (!row) throw new NotFoundError("Ticket", idOrNumber);
  const { comments, attachments, ...ticket } = row;
  return {
    ...presentTicket(ticket, actor, new Date()),
    comments: comments.map((json) => presentComment(actor, commentFromJson(json))),
    attachments: attachments.map((json) => presentAttachment(actor, attachmentFromJson(json))),
  };
}
