import type { Actor, AppContext } from "../server/context.js";
import { ConflictError, NotFoundError } from "../shared/errors.js";
import { authorizeEmail } from "./email.policy.js";
import {
  countFailedInboundMails,
  findFailedInboundMails,
  findInboundMail,
  findRawOfComment,
  reopenFailedInboundMail,
} from "./inbound-mail.repository.js";
import { enqueueSendJobs, findCommentDelivery, requeueOutboundMail } from "./outbox.repository.js";
import { processInboundMail } from "./process-inbound-mail.js";

/** Mail that could not be processed, for admins (GET /inbound-mails/failed). */
export async function findFailedMail(ctx: AppContext, actor: Actor, page: { limit: number; offset: number }) {
  authorizeEmail(actor, "inbound_mail.manage");
  const [results, count] = await Promise.all([
    findFailedInboundMails(ctx.db, page),
    countFailedInboundMails(ctx.db),
  ]);
  return { count, results };
}

/** Processes a failed message again, now (after a fix of the cause: a missing category, a database hiccup). */
export async function retryFailedMail(ctx: AppContext, actor: Actor, id: string) {
  authorizeEmail(actor, "inbound_mail.manage");
  const mail = await findInboundMail(ctx.db, id);
  if (!mail) throw new NotFoundError("Inbound mail", id);
  if (mail.status !== "failed") throw new ConflictError(`This message is ${mail.status}, not failed`);
  await reopenFailedInboundMail(ctx.db, id);
  return { outcome: await processInboundMail(ctx, id) };
}

/** The original message a comment came from, as received (GET /comments/{id}/source). */
export async function getCommentSource(ctx: AppContext, actor: Actor, commentId: string) {
  authorizeEmail(actor, "comment.source");
  const found = await findRawOfComment(ctx.db, commentId);
  if (!found) throw new NotFoundError("Original message of comment", commentId);
  return found.raw;
}

/** Sends a failed (or still queued) reply again (the "retry" button on the comment). */
export async function retryDelivery(ctx: AppContext, actor: Actor, commentId: string) {
  authorizeEmail(actor, "delivery.retry");
  const delivery = await findCommentDelivery(ctx.db, commentId);
  if (!delivery) throw new NotFoundError("Mailed reply of comment", commentId);
  if (delivery.status === "sent") throw new ConflictError("This reply was sent already");
  if (delivery.status === "suppressed")
    throw new ConflictError(
      "This reply was not sent because of a rule (see its error); it cannot be retried",
    );
  await ctx.db.transaction().execute(async (trx) => {
    await requeueOutboundMail(trx, delivery.id);
    // Without SMTP_URL here, a server that has it enqueues the job in its outbox sweep.
    if (ctx.config.smtpUrl) await enqueueSendJobs(trx, [delivery.id]);
  });
}
