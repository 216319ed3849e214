import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BackgroundWork, startBackgroundWork } from "../server/background-work.js";
import { newId } from "../shared/ids.js";
import { testEngines } from "../test/databases.js";
import { type Dovecot, startDovecot } from "../test/dovecot.js";
import { closeTestApp, createTestApp, createTestUser, type TestApp, type TestUser } from "../test/http.js";
import { headerOf, rawMail } from "../test/raw-mail.js";
import { type SmtpSink, startSmtpSink } from "../test/smtp-sink.js";
import { insertInboundMail } from "./inbound-mail.repository.js";

/**
 * The email channel over IMAP end to end with real peers: a mailbox set up through the API with an account
 * on a private dovecot, the server's own watcher reading it, acknowledgements out through an smtp-server
 * sink. One dovecot for the file, one IMAP user per engine.
 */
let dovecot: Dovecot;

beforeAll(async () => {
  dovecot = await startDovecot();
});
afterAll(async () => {
  await dovecot?.stop();
});

for (const engine of testEngines()) {
  describe(`mail channel over IMAP [${engine}]`, () => {
    const user = `support-${engine}`;
    const password = `pw-${randomUUID()}`;
    const wrongPassword = `wrong-${randomUUID()}`;
    let sink: SmtpSink;
    let t: TestApp;
    let admin: TestUser;
    let background: BackgroundWork;
    let mailboxId: string;
    let badMailboxId: string;

    beforeAll(async () => {
      await dovecot.addUser(user, password);
      sink = await startSmtpSink();
      t = await createTestApp(engine, { SMTP_URL: sink.smtpUrl });
      admin = await createTestUser(t.app, { role: "admin", name: "Tara Admin" });
      const imap = { host: dovecot.host, port: dovecot.port, secure: false, user, folder: "INBOX" };
      const create = async (address: string, pass: string) => {
        const response = await t.app.inject({
          method: "POST",
          url: "/api/v1/mailboxes",
          headers: admin.headers,
          payload: { name: "Support", address, imap: { ...imap, password: pass } },
        });
        expect(response.statusCode).toBe(201);
        expect(response.body).not.toContain(pass);
        return response.json().id as string;
      };
      mailboxId = await create(`${user}@desk.example`, password);
      badMailboxId = await create(`${user}-typo@desk.example`, wrongPassword);
      // Started after the mailboxes exist: the channel reads the mailbox list when it starts.
      background = await startBackgroundWork(t.app.ctx, { pollMs: 100, imapPollMs: 500 });
    }, 60_000);

    afterAll(async () => {
      await background?.close();
      await closeTestApp(t);
      await sink?.stop();
    });

    const ticketBySubject = (subject: string) =>
      t.app.ctx.db
        .selectFrom("tickets")
        .select(["id", "ticket_number", "channel", "status", "contact_id"])
        .where("subject", "=", subject)
        .execute();

    const seenOf = async (messageId: string) =>
      (await dovecot.messages(user)).find((m) => m.messageId === `<${messageId}>`)?.seen;

    it("makes a ticket of a message in the mailbox, flags it seen only once the ticket is there, and acknowledges it", async () => {
      const subject = `Printer offline ${randomUUID().slice(0, 8)}`;
      const messageId = `printer-${randomUUID()}@contoso.example`;
      await dovecot.deliver(
        user,
        rawMail({
          from: "Anna Schmidt <anna@contoso.example>",
          to: `${user}@desk.example`,
          subject,
          messageId,
          text: "The printer shows E-502 since this morning.",
        }),
      );
      await expect.poll(() => seenOf(messageId), { timeout: 20_000 }).toBe(true);
      // Seen means committed: the ticket is there the moment the flag is.
      const tickets = await ticketBySubject(subject);
      expect(tickets).toHaveLength(1);
      expect(tickets[0]).toMatchObject({ channel: "email", status: "new" });

      await expect
        .poll(() => sink.messages.filter((m) => headerOf(m, "In-Reply-To") === `<${messageId}>`).length, {
          timeout: 20_000,
        })
        .toBe(1);
    });

    it("makes a comment of a customer's reply to the acknowledgement", async () => {
      const subject = `VPN drops ${randomUUID().slice(0, 8)}`;
      const first = `vpn-${randomUUID()}@fabrikam.example`;
      await dovecot.deliver(
        user,
        rawMail({
          from: "Bernd Keller <bernd@fabrikam.example>",
          to: `${user}@desk.example`,
          subject,
          messageId: first,
          text: "Since Monday the VPN drops every hour.",
        }),
      );
      await expect
        .poll(() => sink.messages.find((m) => headerOf(m, "In-Reply-To") === `<${first}>`), {
          timeout: 20_000,
        })
        .toBeDefined();
      const ack = sink.messages.find((m) => headerOf(m, "In-Reply-To") === `<${first}>`);
      const ackId = (ack && headerOf(ack, "Message-ID"))?.replace(/^<|>$/g, "") ?? "";
      expect(ackId).not.toBe("");
      const [ticket] = await ticketBySubject(subject);

      const reply = `vpn-reply-${randomUUID()}@fabrikam.example`;
      await dovecot.deliver(
        user,
        rawMail({
          from: "Bernd Keller <bernd@fabrikam.example>",
          to: `${user}@desk.example`,
          subject: `Re: ${headerOf(ack ?? { raw: Buffer.alloc(0), envelope: { from: "", to: [] } }, "Subject")}`,
          messageId: reply,
          inReplyTo: ackId,
          text: "Updated the client, it still drops.\r\n\r\nOn Monday, Support wrote:\r\n> We got your message",
        }),
      );
      await expect.poll(() => seenOf(reply), { timeout: 20_000 }).toBe(true);
      const comments = await t.app.inject({
        method: "GET",
        url: `/api/v1/tickets/${ticket?.id}/comments`,
        headers: admin.headers,
      });
      expect(comments.json().results).toEqual([
        expect.objectContaining({
          text: "Updated the client, it still drops.",
          channel: "email",
          author_contact: expect.objectContaining({ email: "bernd@fabrikam.example" }),
        }),
      ]);
      // A reply is no new ticket.
      expect(await ticketBySubject(`Re: ${subject}`)).toEqual([]);
    });

    it("processes a message stored before a crash but never processed when the mailbox hands it over again", async () => {
      const subject = `Stranded ${randomUUID().slice(0, 8)}`;
      const messageId = `stranded-${randomUUID()}@contoso.example`;
      const raw = rawMail({
        from: "Carla <carla@northwind.example>",
        to: `${user}@desk.example`,
        subject,
        messageId,
        text: "Stored, then the server died.",
      });
      // What receiveMail's first step leaves behind when the process dies before the ticket commits: the raw
      // message kept as received, and the message still unseen in the mailbox.
      await insertInboundMail(t.app.ctx.db, {
        id: newId(),
        mailbox_id: mailboxId,
        message_id: messageId,
        received_via: "imap",
        envelope_to: [],
        from_address: "carla@northwind.example",
        subject,
        raw: Buffer.from(raw),
        size: raw.length,
      });
      await dovecot.deliver(user, raw);
      await expect.poll(() => seenOf(messageId), { timeout: 20_000 }).toBe(true);
      // Not left to the sweep minutes later: seen means its ticket is there.
      expect(await ticketBySubject(subject)).toHaveLength(1);
      const stored = await t.app.ctx.db
        .selectFrom("inbound_mails")
        .select(["status", "outcome"])
        .where("message_id", "=", messageId)
        .execute();
      expect(stored).toEqual([{ status: "processed", outcome: "new_ticket" }]);
    });

    it("watches a mailbox an admin adds while the server runs, at once rather than at the next re-read", async () => {
      const lateUser = `late-${engine}`;
      const latePassword = `pw-${randomUUID()}`;
      await dovecot.addUser(lateUser, latePassword);
      const created = await t.app.inject({
        method: "POST",
        url: "/api/v1/mailboxes",
        headers: admin.headers,
        payload: {
          name: "Late",
          address: `${lateUser}@desk.example`,
          imap: {
            host: dovecot.host,
            port: dovecot.port,
            secure: false,
            user: lateUser,
            password: latePassword,
          },
        },
      });
      expect(created.statusCode).toBe(201);
      const subject = `Added later ${randomUUID().slice(0, 8)}`;
      await dovecot.deliver(
        lateUser,
        rawMail({
          from: "Kim <kim@globex.example>",
          to: `${lateUser}@desk.example`,
          subject,
          messageId: `late-${randomUUID()}@globex.example`,
          text: "Hello",
        }),
      );
      // The mailbox list is re-read every 30 s anyway; the news makes it seconds.
      await expect.poll(async () => (await ticketBySubject(subject)).length, { timeout: 15_000 }).toBe(1);
    });

    it("tests the IMAP login: ok with the right password, 'authentication failed' (200, no password) with a wrong one", async () => {
      const good = await t.app.inject({
        method: "POST",
        url: `/api/v1/mailboxes/${mailboxId}/test`,
        headers: admin.headers,
      });
      expect(good.statusCode).toBe(200);
      expect(good.json()).toMatchObject({ ok: true, reason: null, idle: true });

      const bad = await t.app.inject({
        method: "POST",
        url: `/api/v1/mailboxes/${badMailboxId}/test`,
        headers: admin.headers,
      });
      expect(bad.statusCode).toBe(200);
      expect(bad.json()).toMatchObject({ ok: false, reason: "authentication failed" });
      expect(bad.body).not.toContain(wrongPassword);
      expect(bad.body).not.toContain(password);
    });

    it("shows the last fetch on the mailbox, and the login failure on the one with a wrong password", async () => {
      const mailbox = async (id: string) =>
        (
          await t.app.inject({ method: "GET", url: `/api/v1/mailboxes/${id}`, headers: admin.headers })
        ).json();
      await expect
        .poll(async () => (await mailbox(mailboxId)).last_fetch_at, { timeout: 20_000 })
        .toBeTruthy();
      expect(await mailbox(mailboxId)).toMatchObject({ last_error: null, imap: { has_password: true } });
      await expect
        .poll(async () => (await mailbox(badMailboxId)).last_error, { timeout: 20_000 })
        .toBe("authentication failed");
      const bad = await mailbox(badMailboxId);
      expect(bad.last_fetch_at).toBeNull();
      expect(JSON.stringify(bad)).not.toContain(wrongPassword);
    });
  });
}
