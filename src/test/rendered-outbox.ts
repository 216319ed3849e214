import { mailSecret } from "../email/mail-secret.js";
import { renderOutboundMail } from "../email/render-outbound-mail.js";
import type { AppContext } from "../server/context.js";

/**
 * A ticket's outbox rows, oldest first, each queued one rendered as the sender renders it before its first
 * try (render-outbound-mail.ts): for tests that run no sender but check what a mail would say.
 */
export async function renderedOutbox(ctx: AppContext, ticketId: string) {
  const secret = await mailSecret(ctx);
  const rows = await ctx.db
    .selectFrom("outbound_mails")
    .selectAll()
    .where("ticket_id", "=", ticketId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  const out = [];
  for (const row of rows) {
    if (row.status !== "queued") {
      out.push(row);
      continue;
    }
    const rendered = await renderOutboundMail(ctx.db, ctx, secret, row);
    out.push("mail" in rendered ? rendered.mail : row);
  }
  return out;
}
