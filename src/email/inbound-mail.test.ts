import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../test/databases.js";
import { createTestCompany, createTestContact } from "../test/factories.js";
import { closeTestApp, createTestApp, createTestUser, type TestApp, type TestUser } from "../test/http.js";
import { readMailFixture } from "../test/mail-fixtures.js";
import { makeLargeMail } from "../test/make-large-mail.js";
import { renderedOutbox } from "../test/rendered-outbox.js";
import { runTicketCreatedJob } from "../test/ticket-created-job.js";
import { type ReceiveResult, receiveMail } from "./process-inbound-mail.js";

/** The placeholders the fixtures use for our own mail: replaced by the real ones of each test. */
const fixtureMessageId = "ticket-0193a4b2-7c1d-7e4a-9b1f-2d3c4e5f6a7b.5f3a9c1e7d@ticketdesk.example";
const fixtureNumber = "T-20261205-0042";

let unique = 0;
/** A fixture with its placeholders replaced and (by default) a Message-ID of its own, so tests never collide. */
async function fixture(
  name: string,
  replace: { messageId?: string; ticketNumber?: string; from?: string; keepMessageId?: boolean } = {},
): Promise<Buffer> {
  let text = (await readMailFixture(name)).toString("latin1");
  if (replace.messageId) text = text.split(fixtureMessageId).join(replace.messageId);
  if (replace.ticketNumber) text = text.split(fixtureNumber).join(replace.ticketNumber);
  if (replace.from) text = text.replace(/^From: .*$/m, `From: ${replace.from}`);
  if (!replace.keepMessageId) {
    unique += 1;
    text = text.replace(/^Message-ID: .*$/im, `Message-ID: <test-${Date.now()}-${unique}@client.example>`);
  }
  return Buffer.from(text, "latin1");
}

for (const engine of testEngines()) {
  describe(`inbound mail [${engine}]`, () => {
    let t: TestApp;
    let admin: TestUser;
    let mailboxId: string;

    beforeAll(async () => {
      t = await createTestApp(engine, { ATTACHMENT_MAX_BYTES: String(1024 * 1024) });
      admin = await createTestUser(t.app, { role: "admin" });
      const created = await t.app.inject({
        method: "POST",
        url: "/api/v1/mailboxes",
        headers: admin.headers,
        payload: { name: "Support", address: "Support@Ticketdesk.example" },
      });
      expect(created.statusCode).toBe(201);
      mailboxId = created.json().id;
    }, 60_000);
    afterAll(async () => closeTestApp(t));

    const receive = (raw: Buffer): Promise<ReceiveResult> =>
      receiveMail(t.app.ctx, {
        raw,
        via: "smtp",
        mailboxId,
        envelope: { from: null, to: ["support@ticketdesk.example"] },
      });

    async function ticketOf(result: ReceiveResult) {
      const row = await t.app.ctx.db
        .selectFrom("inbound_mails")
        .select(["ticket_id", "comment_id", "status", "outcome", "error"])
        .where("id", "=", result.id ?? "")
        .executeTakeFirstOrThrow();
      return row;
    }

    async function getTicket(id: string) {
      const response = await t.app.inject({
        method: "GET",
        url: `/api/v1/tickets/${id}`,
        headers: admin.headers,
      });
      expect(response.statusCode).toBe(200);
      return response.json();
    }

    const outbox = (ticketId: string) => renderedOutbox(t.app.ctx, ticketId);

    it("turns a first mail into a ticket: contact under the company of its domain, files, the original, an acknowledgement", async () => {
      const company = await createTestCompany(t.app.ctx.db, { name: "Fabrikam", domain: "fabrikam.example" });
      const result = await receive(await fixture("attachments-pdf-and-inline-image.eml"));
      expect(result.outcome).toBe("new_ticket");
      const { ticket_id } = await ticketOf(result);
      const ticket = await getTicket(ticket_id ?? "");
      expect(ticket).toMatchObject({
        subject: "Printer error E-502, service report attached",
        channel: "email",
        category: "general",
        status: "new",
        company: { id: company.id, name: "Fabrikam" },
        contact: { name: "Bernd Keller", email: "bernd.keller@fabrikam.example" },
      });
      expect(ticket.description.length).toBeGreaterThan(0);
      const names = ticket.attachments.map((a: { name: string }) => a.name).sort();
      expect(names).toContain("message.eml");
      expect(names.some((n: string) => n.endsWith(".pdf"))).toBe(true);
      await runTicketCreatedJob(t.app.ctx, ticket.id);
      const mails = await outbox(ticket.id);
      expect(mails).toHaveLength(1);
      expect(mails[0]).toMatchObject({
        kind: "acknowledgement",
        to_address: "bernd.keller@fabrikam.example",
        status: "queued",
        automatic: true,
      });
      expect(mails[0]?.subject).toContain(`[${ticket.ticket_number}]`);
      // No SMTP_URL in this app: the mail waits queued, with no sending job piling up (mail-channel.test.ts
      // sends it once a relay is set).
      const jobs = await t.app.ctx.db
        .selectFrom("jobs")
        .select("id")
        .where("name", "=", "email.send")
        .execute();
      expect(jobs).toEqual([]);
    });

    it("files an unknown sender without a known domain under Unsorted, and ignores a second delivery of the same Message-ID", async () => {
      const raw = await fixture("charset-windows-1252-curly-quotes-euro.eml");
      const first = await receive(raw);
      expect(first.outcome).toBe("new_ticket");
      const ticket = await getTicket((await ticketOf(first)).ticket_id ?? "");
      expect(ticket.company.name).toBe("Unsorted");
      expect(ticket.subject).toBe("Invoice “wrong” amount");
      expect(await receive(raw)).toEqual({ id: null, outcome: "duplicate" });
      const count = await t.app.ctx.db
        .selectFrom("tickets")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("subject", "=", "Invoice “wrong” amount")
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(1);
    });

    async function ticketWithAcknowledgement() {
      const company = await createTestCompany(t.app.ctx.db, { name: `Contoso ${++unique}` });
      await createTestContact(t.app.ctx.db, company.id, {
        name: "Anna Schmidt",
        email: "anna.schmidt@contoso.example",
      });
      const first = await receive(
        await fixture("html-only-script-style-tracking-pixel.eml", {
          from: "Anna Schmidt <anna.schmidt@contoso.example>",
        }),
      );
      const ticketId = (await ticketOf(first)).ticket_id ?? "";
      await runTicketCreatedJob(t.app.ctx, ticketId);
      const [ack] = await outbox(ticketId);
      const ticket = await getTicket(ticketId);
      return { ticketId, ticket, ackId: ack?.message_id ?? "", companyId: company.id };
    }

    it("threads a reply naming our Message-ID to its ticket, as the contact's public comment, and wakes a pending ticket", async () => {
      const { ticketId, ticket, ackId } = await ticketWithAcknowledgement();
      await t.app.ctx.db
        .updateTable("tickets")
        .set({ status: "pending" })
        .where("id", "=", ticketId)
        .execute();
      const result = await receive(
        await fixture("gmail-reply-with-ticket-tag.eml", {
          messageId: ackId,
          ticketNumber: ticket.ticket_number,
        }),
      );
      expect(result.outcome).toBe("reply");
      const after = await getTicket(ticketId);
      expect(after.status).toBe("in_progress");
      const reply = after.comments.at(-1);
      expect(reply).toMatchObject({
        channel: "email",
        is_internal: false,
        author: null,
        author_contact: { name: "Anna Schmidt", email: "anna.schmidt@contoso.example" },
        has_source: true,
      });
      expect(reply.text).toContain("it prints again after the restart");
      expect(reply.text).not.toContain("wrote:");
      expect(after.first_response_at).toBeNull();
      const source = await t.app.inject({
        method: "GET",
        url: `/api/v1/comments/${reply.id}/source`,
        headers: admin.headers,
      });
      expect(source.statusCode).toBe(200);
      expect(source.headers["content-type"]).toBe("message/rfc822");
      expect(source.body).toContain("it prints again after the restart");
    });

    it("reopens a resolved ticket on a reply, and opens a follow-up for a reply to a closed one", async () => {
      const { ticketId, ticket, ackId } = await ticketWithAcknowledgement();
      await t.app.ctx.db
        .updateTable("tickets")
        .set({ status: "resolved", resolved_at: new Date() })
        .where("id", "=", ticketId)
        .execute();
      await receive(
        await fixture("gmail-reply-with-ticket-tag.eml", {
          messageId: ackId,
          ticketNumber: ticket.ticket_number,
        }),
      );
      const reopened = await getTicket(ticketId);
      expect(reopened).toMatchObject({ status: "in_progress", reopened_count: 1, resolved_at: null });

      await t.app.ctx.db
        .updateTable("tickets")
        .set({ status: "closed", closed_at: new Date() })
        .where("id", "=", ticketId)
        .execute();
      const late = await receive(
        await fixture("gmail-reply-with-ticket-tag.eml", {
          messageId: ackId,
          ticketNumber: ticket.ticket_number,
        }),
      );
      expect(late.outcome).toBe("follow_up");
      const followUp = await getTicket((await ticketOf(late)).ticket_id ?? "");
      expect(followUp.follow_up_of).toBe(ticketId);
      expect(followUp.id).not.toBe(ticketId);
      expect((await getTicket(ticketId)).status).toBe("closed");
    });

    it("trusts a subject tag from the ticket's company, and starts a new ticket for a stranger's tag", async () => {
      const { ticketId, ticket } = await ticketWithAcknowledgement();
      // No In-Reply-To/References: the tag alone.
      const tagOnly = async (from: string) => {
        let text = (
          await fixture("gmail-reply-with-ticket-tag.eml", { ticketNumber: ticket.ticket_number, from })
        ).toString("latin1");
        text = text.replace(/^(References|In-Reply-To): .*\r?\n/gim, "");
        return Buffer.from(text, "latin1");
      };
      const known = await receive(await tagOnly("Anna Schmidt <anna.schmidt@contoso.example>"));
      expect((await ticketOf(known)).ticket_id).toBe(ticketId);
      const stranger = await receive(await tagOnly("Eve <eve@elsewhere.example>"));
      expect(stranger.outcome).toBe("new_ticket");
      expect((await ticketOf(stranger)).ticket_id).not.toBe(ticketId);
    });

    it("records an out-of-office on the thread without moving the ticket, and answers no automatic mail", async () => {
      const { ticketId, ticket, ackId } = await ticketWithAcknowledgement();
      await t.app.ctx.db
        .updateTable("tickets")
        .set({ status: "pending" })
        .where("id", "=", ticketId)
        .execute();
      const ooo = await receive(
        await fixture("exchange-out-of-office-auto-replied.eml", {
          messageId: ackId,
          ticketNumber: ticket.ticket_number,
          from: "Anna Schmidt <anna.schmidt@contoso.example>",
        }),
      );
      expect(ooo.outcome).toBe("reply");
      expect((await getTicket(ticketId)).status).toBe("pending");

      const fresh = await receive(await fixture("gmail-vacation-auto-replied.eml"));
      expect(fresh.outcome).toBe("new_ticket");
      const freshId = (await ticketOf(fresh)).ticket_id ?? "";
      await runTicketCreatedJob(t.app.ctx, freshId);
      const mails = await outbox(freshId);
      // Written down as not sent, with the reason, never sent.
      expect(mails.filter((m) => m.kind === "acknowledgement").map((m) => [m.status, m.last_error])).toEqual([
        ["suppressed", "not sent: it would answer an automatic mail"],
      ]);
    });

    it("takes an agent's mail on a thread as their public reply, the first response, mailed on to the customer", async () => {
      const { ticketId, ticket, ackId } = await ticketWithAcknowledgement();
      const agent = await createTestUser(t.app, {
        name: "Tara Agent",
        email: `tara${++unique}@desk.example`,
      });
      const result = await receive(
        await fixture("gmail-reply-with-ticket-tag.eml", {
          messageId: ackId,
          ticketNumber: ticket.ticket_number,
          from: `Tara Agent <${agent.email}>`,
        }),
      );
      expect(result.outcome).toBe("agent_reply");
      const after = await getTicket(ticketId);
      expect(after.comments.at(-1)).toMatchObject({
        author: { id: agent.id },
        author_contact: null,
        channel: "email",
      });
      expect(after.first_response_at).not.toBeNull();
      const reply = (await outbox(ticketId)).find((m) => m.kind === "agent-reply");
      expect(reply).toMatchObject({
        to_address: "anna.schmidt@contoso.example",
        status: "queued",
        automatic: false,
      });
      expect(reply?.in_reply_to).toBeTruthy();
    });

    it("turns a bounce of our mail into an internal note, marks the address bouncing and suppresses further mail", async () => {
      const { ticketId, ticket, ackId } = await ticketWithAcknowledgement();
      let text = (
        await fixture("dsn-bounce-unknown-recipient.eml", {
          messageId: ackId,
          ticketNumber: ticket.ticket_number,
        })
      )
        .toString("latin1")
        .replace(/j\.doe@contoso\.example/gi, "anna.schmidt@contoso.example");
      text = text.replace(/^Return-Path: .*$/im, "Return-Path: <>");
      const result = await receive(Buffer.from(text, "latin1"));
      expect(result.outcome).toBe("bounce");
      const after = await getTicket(ticketId);
      const note = after.comments.at(-1);
      expect(note).toMatchObject({ is_internal: true, channel: "email" });
      expect(note.text).toContain("anna.schmidt@contoso.example");
      const contact = await t.app.inject({
        method: "GET",
        url: `/api/v1/contacts/${after.contact.id}`,
        headers: admin.headers,
      });
      expect(contact.json().email_status).toBe("bouncing");
      const ack = (await outbox(ticketId)).find((m) => m.kind === "acknowledgement");
      expect(ack?.status).toBe("failed");

      const replied = await t.app.inject({
        method: "POST",
        url: `/api/v1/tickets/${ticketId}/comments`,
        headers: admin.headers,
        payload: { text: "Is there another address we can reach you at?" },
      });
      expect(replied.json().delivery).toMatchObject({ status: "suppressed" });

      const cleared = await t.app.inject({
        method: "PATCH",
        url: `/api/v1/contacts/${after.contact.id}`,
        headers: admin.headers,
        payload: { email_status: "ok" },
      });
      expect(cleared.json().email_status).toBe("ok");
    });

    it("mails public replies and never internal notes, and shows each reply's delivery", async () => {
      const { ticketId } = await ticketWithAcknowledgement();
      const before = (await outbox(ticketId)).length;
      const note = await t.app.inject({
        method: "POST",
        url: `/api/v1/tickets/${ticketId}/comments`,
        headers: admin.headers,
        payload: { text: "Internal: customer is on the legacy plan", is_internal: true },
      });
      expect(note.json().delivery).toBeNull();
      expect(await outbox(ticketId)).toHaveLength(before);
      const reply = await t.app.inject({
        method: "POST",
        url: `/api/v1/tickets/${ticketId}/comments`,
        headers: admin.headers,
        payload: { text: "We have replaced the fuser unit." },
      });
      expect(reply.json()).toMatchObject({
        channel: "api",
        delivery: { status: "queued", attempts: 0, error: null },
      });
      const mails = await outbox(ticketId);
      expect(mails).toHaveLength(before + 1);
      const mailed = mails.at(-1);
      expect(mailed?.text_body).toContain("We have replaced the fuser unit.");
      for (const mail of mails) {
        expect(mail.text_body).not.toContain("legacy plan");
        expect(mail.html_body).not.toContain("legacy plan");
      }
    });

    it("keeps files over the size limit out and names them in an internal note", async () => {
      const result = await receive(makeLargeMail(2 * 1024 * 1024, "dump.bin"));
      expect(result.outcome).toBe("new_ticket");
      const ticket = await getTicket((await ticketOf(result)).ticket_id ?? "");
      expect(ticket.attachments.map((a: { name: string }) => a.name)).toEqual(["message.eml"]);
      const note = ticket.comments.find((c: { is_internal: boolean }) => c.is_internal);
      expect(note.text).toContain("dump.bin");
    });

    it("keeps mail it cannot read as failed mail, which admins see and retry and agents may not", async () => {
      const result = await receive(Buffer.from("this is not a mail message at all"));
      expect(result.outcome).toBe("failed");
      const agent = await createTestUser(t.app);
      const forbidden = await t.app.inject({
        method: "GET",
        url: "/api/v1/inbound-mails/failed",
        headers: agent.headers,
      });
      expect(forbidden.statusCode).toBe(403);
      const list = await t.app.inject({
        method: "GET",
        url: "/api/v1/inbound-mails/failed",
        headers: admin.headers,
      });
      expect(list.statusCode).toBe(200);
      const failed = list.json().results.find((r: { id: string }) => r.id === result.id);
      expect(failed.error).toMatch(/could not be read/);
      const retried = await t.app.inject({
        method: "POST",
        url: `/api/v1/inbound-mails/${result.id}/retry`,
        headers: admin.headers,
      });
      expect(retried.statusCode).toBe(200);
      expect(retried.json().outcome).toBe("failed");
    });
  });
}
