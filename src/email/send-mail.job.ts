import { defineJobType, mailBackoff } from "../jobs/job-type.js";
import type { AppContext } from "../server/context.js";
import { composeMail } from "./compose-mail.js";
import type { MailKind } from "./mail-kind.js";
import { mailSecret } from "./mail-secret.js";
import { findMailboxSender } from "./mailbox.repository.js";
import {
  findCommentFiles,
  findOutboundMail,
  isAddressBouncing,
  sendMailJob,
  setDeliveryStatus,
  startSending,
  suppressOutboundMail,
} from "./outbox.repository.js";
import { renderOutboundMail } from "./render-outbound-mail.js";
import { classifySmtpError, type MailTransport, sendMail } from "./smtp-transport.js";

/** Thrown for a temporary failure so the job runner retries with the mail backoff (SPEC §6). */
class TemporaryDeliveryError extends Error {}

/**
 * Delivers one outbox row through SMTP_URL. Registered only when SMTP_URL is set: without it the jobs stay
 * queued (and their mails `queued`), and go out once a server starts with it. Safe to run twice: a mail
 * already sent is left alone, and a retry sends the same Message-ID, so a receiver that saw the first try
 * drops the second. A permanent refusal (5xx) marks the mail failed at once; a temporary one keeps it
 * queued for the next try, and the last try marks it failed, with the SMTP error either way.
 */
export function sendMailJobType(ctx: AppContext, transport: MailTransport) {
  return defineJobType<{ outboxId: string }>({
    name: sendMailJob,
    backoff: mailBackoff,
    timeoutMs: 120_000,
    parse: (payload) => {
      const outboxId = (payload as { outboxId?: unknown } | null)?.outboxId;
      if (typeof outboxId !== "string") throw new Error("payload has no outboxId");
      return { outboxId };
    },
    async run({ outboxId }, job) {
      const queued = await findOutboundMail(ctx.db, outboxId);
      if (!queued || queued.status === "sent" || queued.status === "suppressed" || queued.status === "failed")
        return;
      if (await isAddressBouncing(ctx.db, queued.to_address)) {
        await setDeliveryStatus(
          ctx.db,
          outboxId,
          "suppressed",
          "not sent: the address is marked as bouncing",
        );
        return;
      }
      const signingKey = await mailSecret(ctx);
      const rendered = await renderOutboundMail(ctx.db, ctx, signingKey, queued);
      if ("unsendable" in rendered) {
        await suppressOutboundMail(ctx.db, outboxId, rendered.unsendable);
        return;
      }
      const mail = rendered.mail;
      if (!(await startSending(ctx.db, outboxId))) return;
      const sender =
        rendered.mailbox ?? (mail.mailbox_id ? await findMailboxSender(ctx.db, mail.mailbox_id) : undefined);
      const files =
        mail.comment_id && mail.kind === "agent-reply" ? await findCommentFiles(ctx.db, mail.comment_id) : [];
      const options = composeMail({
        kind: mail.kind as MailKind,
        ticketId: mail.ticket_id,
        outboxId,
        signingKey,
        from: sender ?? { address: ctx.config.mailFrom, name: "Support" },
        // VERP needs the SMTP listener, which takes `+bounce-` addresses of our mailboxes.
        verp: ctx.config.smtpListen !== undefined && sender !== undefined,
        to: [{ address: mail.to_address }],
        cc: mail.cc.map((address) => ({ address })),
        content: { subject: mail.subject ?? "", text: mail.text_body ?? "", html: mail.html_body ?? "" },
        inReplyTo: mail.in_reply_to,
        references: mail.references,
        attachments: files.map((file) => ({
          filename: file.name,
          contentType: file.content_type,
          path: ctx.storage.pathOf(file.storage_key),
        })),
      });
      // The id stored when the mail was rendered is the one replies will name.
      options.messageId = `<${mail.message_id}>`;
      try {
        await sendMail(transport, options);
      } catch (error) {
        const failure = classifySmtpError(error, ctx.config.smtpUrl);
        const last = job.attempt >= job.maxAttempts;
        await setDeliveryStatus(
          ctx.db,
          outboxId,
          failure.permanent || last ? "failed" : "queued",
          failure.message,
        );
        if (failure.permanent) return;
        throw new TemporaryDeliveryError(failure.message);
      }
      await setDeliveryStatus(ctx.db, outboxId, "sent", null);
    },
  });
}
