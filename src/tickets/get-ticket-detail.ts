import { z } from "zod";
import { presentAttachment } from "../attachments/attachment.policy.js";
import { attachmentSchema } from "../attachments/attachment.schema.js";
import { presentComment } from "../comments/comment.policy.js";
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
  const found = await findTicketWithConversation(ctx.db, ctx.names, ticketKey(idOrNumber));
  if (!found) throw new NotFoundError("Ticket", idOrNumber);
  return {
    ...presentTicket(found.ticket, actor, new Date()),
    comments: found.comments.map((comment) => presentComment(actor, comment)),
    attachments: found.attachments.map((file) => presentAttachment(actor, file)),
  };
}
