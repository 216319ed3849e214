import { z } from "zod";
import { presentAttachment } from "../attachments/attachment.policy.js";
import { listTicketAttachments } from "../attachments/attachment.repository.js";
import { attachmentSchema } from "../attachments/attachment.schema.js";
import { presentComment } from "../comments/comment.policy.js";
import { listTicketComments } from "../comments/comment.repository.js";
import { commentSchema } from "../comments/comment.schema.js";
import type { Actor, AppContext } from "../server/context.js";
import { getTicket } from "./get-ticket.js";
import { ticketSchema } from "./ticket.schema.js";

export const ticketDetailSchema = ticketSchema
  .extend({
    comments: z.array(commentSchema).describe("Oldest first, internal notes included"),
    attachments: z.array(attachmentSchema).describe("Oldest first"),
  })
  .meta({ id: "TicketDetail" });

/** GET /tickets/{id or number}: the ticket with its conversation and files, in time order (three queries). */
export async function getTicketDetail(ctx: AppContext, idOrNumber: string, actor: Actor) {
  const ticket = await getTicket(ctx, idOrNumber, actor);
  const comments = await listTicketComments(ctx.db, ticket.id);
  const attachments = await listTicketAttachments(ctx.db, ticket.id);
  return {
    ...ticket,
    comments: comments.map((comment) => presentComment(actor, comment)),
    attachments: attachments.map((attachment) => presentAttachment(actor, attachment)),
  };
}
