import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../test/databases.js";
import { createTestCompany, createTestContact } from "../test/factories.js";
import { closeTestApp, createTestApp, createTestUser, type TestApp, type TestUser } from "../test/http.js";
import { mailSecret } from "./mail-secret.js";
import { ticketIdFromMessageId } from "./message-id.js";
import { renderOutboundMail } from "./render-outbound-mail.js";

/**
 * A mail is queued as what to send to whom and rendered by the sender before its first try (migration
 * 0022): the reply's transaction writes no bodies, and what goes out is the comment as it stands then.
 */
for (const engine of testEngines()) {
  describe(`outbox rendered at send time [${engine}]`, () => {
    let t: TestApp;
    let agent: TestUser;

    beforeAll(async () => {
      t = await createTestApp(engine);
      agent = await createTestUser(t.app, { name: "Tara Quinn" });
    }, 60_000);
    afterAll(async () => closeTestApp(t));

    async function ticketWithReply(text: string) {
      const company = await createTestCompany(t.app.ctx.db);
      const contact = await createTestContact(t.app.ctx.db, company.id, {
        name: "Nina Park",
        email: `nina${Date.now()}@acme.example`,
      });
      const ticket = (
        await t.app.inject({
          method: "POST",
          url: "/api/v1/tickets",
          headers: agent.headers,
          payload: {
            company_id: company.id,
            contact_id: contact.id,
            subject: "Printer jams",
            description: "x",
          },
        })
      ).json();
      const comment = (
        await t.app.inject({
          method: "POST",
          url: `/api/v1/tickets/${ticket.id}/comments`,
          headers: agent.headers,
          payload: { text },
        })
      ).json();
      const row = await t.app.ctx.db
        .selectFrom("outbound_mails")
        .selectAll()
        .where("comment_id", "=", comment.id)
        .executeTakeFirstOrThrow();
      return { ticket, comment, row, contact };
    }

    it("queues a reply without rendering it, and renders it once, from the comment, with a Message-ID naming the ticket", async () => {
      const { ticket, comment, row, contact } = await ticketWithReply("The new toner is on its way.");
      expect(row).toMatchObject({
        kind: "agent-reply",
        to_address: contact.email,
        status: "queued",
        message_id: null,
        subject: null,
        text_body: null,
        rendered_at: null,
        facts: { agentName: "Tara Quinn" },
      });
      // The agent corrects the reply before it went out: the mail says what the comment says now.
      await t.app.inject({
        method: "PATCH",
        url: `/api/v1/comments/${comment.id}`,
        headers: agent.headers,
        payload: { text: "The new toner arrives tomorrow." },
      });
      const secret = await mailSecret(t.app.ctx);
      const first = await renderOutboundMail(t.app.ctx.db, t.app.ctx, secret, row);
      if (!("mail" in first)) throw new Error(first.unsendable);
      expect(first.mail.subject).toBe(`Re: [${ticket.ticket_number}] Printer jams`);
      expect(first.mail.text_body).toContain("The new toner arrives tomorrow.");
      expect(first.mail.text_body).toContain("Tara Quinn");
      expect(first.mail.html_body).toContain("The new toner arrives tomorrow.");
      expect(ticketIdFromMessageId(first.mail.message_id ?? "", secret)).toBe(ticket.id);
      // A second sender rendering the same row (a job run twice) keeps the first rendering's Message-ID.
      const second = await renderOutboundMail(t.app.ctx.db, t.app.ctx, secret, row);
      if (!("mail" in second)) throw new Error(second.unsendable);
      expect(second.mail.message_id).toBe(first.mail.message_id);
    });

    it("does not send a reply whose comment was deleted before it went out", async () => {
      const { comment, row } = await ticketWithReply("Sent by mistake");
      const deleted = await t.app.inject({
        method: "DELETE",
        url: `/api/v1/comments/${comment.id}`,
        headers: agent.headers,
      });
      expect(deleted.statusCode).toBe(204);
      const queued = await t.app.ctx.db
        .selectFrom("outbound_mails")
        .selectAll()
        .where("id", "=", row.id)
        .executeTakeFirstOrThrow();
      const result = await renderOutboundMail(t.app.ctx.db, t.app.ctx, await mailSecret(t.app.ctx), queued);
      expect(result).toEqual({ unsendable: "not sent: its comment was deleted before it went out" });
    });

    it("never renders an internal note into a mail, even from a row that points at one", async () => {
      const { ticket, row } = await ticketWithReply("Public answer");
      const note = await t.app.inject({
        method: "POST",
        url: `/api/v1/tickets/${ticket.id}/comments`,
        headers: agent.headers,
        payload: { text: "Internal: customer owes us money", is_internal: true },
      });
      const forged = { ...row, comment_id: note.json().id as string };
      const result = await renderOutboundMail(t.app.ctx.db, t.app.ctx, await mailSecret(t.app.ctx), forged);
      expect(result).toEqual({ unsendable: "not sent: its comment was deleted before it went out" });
    });
  });
}
