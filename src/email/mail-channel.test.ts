import { simpleParser } from "mailparser";
import nodemailer, { type Transporter } from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BackgroundWork, startBackgroundWork } from "../server/background-work.js";
import { testEngines } from "../test/databases.js";
import { closeTestApp, createTestApp, createTestUser, type TestApp, type TestUser } from "../test/http.js";
import { type SmtpSink, startSmtpSink } from "../test/smtp-sink.js";
import { mailSecret } from "./mail-secret.js";
import { ticketIdFromMessageId } from "./message-id.js";

/**
 * The email channel end to end with real peers: mail in through the SMTP listener (nodemailer as the
 * customer's server), mail out through SMTP_URL to an smtp-server sink, the jobs in between.
 */
for (const engine of testEngines()) {
  describe(`mail channel over SMTP [${engine}]`, () => {
    let sink: SmtpSink;
    let t: TestApp;
    let background: BackgroundWork;
    let admin: TestUser;
    let customer: Transporter;

    beforeAll(async () => {
      sink = await startSmtpSink();
      t = await createTestApp(engine, {
        SMTP_URL: sink.smtpUrl,
        SMTP_LISTEN_PORT: "0",
        SMTP_LISTEN_HOST: "127.0.0.1",
        ATTACHMENT_MAX_BYTES: String(512 * 1024),
        PUBLIC_URL: "https://help.ticketdesk.example",
      });
      admin = await createTestUser(t.app, { role: "admin", name: "Tara Admin" });
      const created = await t.app.inject({
        method: "POST",
        url: "/api/v1/mailboxes",
        headers: admin.headers,
        payload: { name: "Acme Support", address: "support@ticketdesk.example" },
      });
      expect(created.statusCode).toBe(201);
      background = await startBackgroundWork(t.app.ctx, { pollMs: 100 });
      customer = nodemailer.createTransport({
        host: "127.0.0.1",
        port: background.smtpAddress?.port ?? 0,
        secure: false,
        ignoreTLS: true,
      });
    }, 60_000);

    afterAll(async () => {
      customer?.close();
      await background?.close();
      await closeTestApp(t);
      await sink?.stop();
    });

    const nextMail = async (count: number) => (await sink.waitForMessages(count, 20_000)).at(count - 1);

    async function ticketBySubject(subject: string) {
      return t.app.ctx.db
        .selectFrom("tickets")
        .select(["id", "ticket_number", "channel", "status"])
        .where("subject", "=", subject)
        .executeTakeFirst();
    }

    it("takes a customer's mail for a mailbox, makes a ticket and mails the acknowledgement back", async () => {
      const before = sink.messages.length;
      const sent = await customer.sendMail({
        from: "Anna Schmidt <anna@contoso.example>",
        to: "support@ticketdesk.example",
        subject: "Printer on 3rd floor offline",
        text: "The printer shows E-502 since this morning.",
        messageId: "<first-mail-1@contoso.example>",
      });
      expect(sent.response).toMatch(/^250/);
      const ticket = await ticketBySubject("Printer on 3rd floor offline");
      expect(ticket).toMatchObject({ channel: "email", status: "new" });

      const captured = await nextMail(before + 1);
      expect(captured?.envelope.to).toEqual(["anna@contoso.example"]);
      // VERP: the envelope sender is a signed bounce address of the mailbox, so bounces come back to us.
      expect(captured?.envelope.from).toMatch(/^support\+bounce-.+@ticketdesk\.example$/);
      const ack = await simpleParser(captured?.raw ?? Buffer.alloc(0));
      expect(ack.subject).toContain(`[${ticket?.ticket_number}]`);
      expect(ack.headers.get("auto-submitted")).toBe("auto-replied");
      expect(ack.inReplyTo).toBe("<first-mail-1@contoso.example>");
      expect(ack.replyTo?.text).toBe("support@ticketdesk.example");
      expect(ack.text).toContain("E-502");
      expect(ack.html).toBeTruthy();
      expect(ticketIdFromMessageId(ack.messageId ?? "", await mailSecret(t.app.ctx))).toBe(ticket?.id);
      // The relay has it; the job records the delivery just after the relay's answer.
      await expect
        .poll(
          async () =>
            (
              await t.app.ctx.db
                .selectFrom("outbound_mails")
                .select(["status", "sent_at"])
                .where("ticket_id", "=", ticket?.id ?? "")
                .executeTakeFirstOrThrow()
            ).status,
        )
        .toBe("sent");
    });

    it("refuses other recipients with 550 and oversized messages with 552", async () => {
      await expect(
        customer.sendMail({
          from: "x@contoso.example",
          to: "someone@elsewhere.example",
          subject: "relay?",
          text: "no",
        }),
      ).rejects.toMatchObject({ responseCode: 550 });
      await expect(
        customer.sendMail({
          from: "x@contoso.example",
          to: "support@ticketdesk.example",
          subject: "too big",
          text: "x".repeat(2 * 1024 * 1024),
        }),
      ).rejects.toMatchObject({ responseCode: 552 });
    });

    it("mails an agent's public reply into the customer's thread, and a customer's answer to it threads back", async () => {
      await customer.sendMail({
        from: "Bernd Keller <bernd@fabrikam.example>",
        to: "support@ticketdesk.example",
        subject: "VPN drops every hour",
        text: "Since Monday the VPN drops.",
        messageId: "<vpn-1@fabrikam.example>",
      });
      const ticket = await ticketBySubject("VPN drops every hour");
      const before = sink.messages.length;
      const replied = await t.app.inject({
        method: "POST",
        url: `/api/v1/tickets/${ticket?.id}/comments`,
        headers: admin.headers,
        payload: { text: "Please update the client to 5.2 and tell us if it still happens." },
      });
      expect(replied.statusCode).toBe(201);
      const reply = await simpleParser(
        (await sink.waitForMessages(before + 2, 20_000)).find(
          (m, i) => i >= before && m.raw.includes("update the client"),
        )?.raw ?? Buffer.alloc(0),
      );
      expect(reply.subject).toBe(`Re: [${ticket?.ticket_number}] VPN drops every hour`);
      expect(reply.headers.get("auto-submitted")).toBeUndefined();
      expect(reply.inReplyTo).toBe("<vpn-1@fabrikam.example>");
      expect(reply.text).toContain("Tara Admin");

      await customer.sendMail({
        from: "Bernd Keller <bernd@fabrikam.example>",
        to: "support@ticketdesk.example",
        subject: reply.subject ?? "",
        text: "Updated, still drops.\n\nOn Monday, Tara Admin wrote:\n> Please update the client",
        inReplyTo: reply.messageId ?? "",
        references: [reply.messageId ?? ""],
      });
      const comments = await t.app.inject({
        method: "GET",
        url: `/api/v1/tickets/${ticket?.id}/comments`,
        headers: admin.headers,
      });
      const last = comments.json().results.at(-1);
      expect(last).toMatchObject({
        text: "Updated, still drops.",
        author_contact: { email: "bernd@fabrikam.example" },
      });
    });

    it("mails a reply with its files to the contact and every Cc, and refuses a Cc on an internal note", async () => {
      await customer.sendMail({
        from: "Erik <erik@litware.example>",
        to: "support@ticketdesk.example",
        cc: "boss@litware.example",
        subject: "Scanner jams",
        text: "Every third page jams.",
      });
      const ticket = await ticketBySubject("Scanner jams");
      const detail = await t.app.inject({
        method: "GET",
        url: `/api/v1/tickets/${ticket?.id}`,
        headers: admin.headers,
      });
      expect(detail.json().cc).toEqual(["boss@litware.example"]);
      const boundary = "----upload";
      const upload = await t.app.inject({
        method: "POST",
        url: `/api/v1/tickets/${ticket?.id}/attachments`,
        headers: { ...admin.headers, "content-type": `multipart/form-data; boundary=${boundary}` },
        payload: [
          `--${boundary}`,
          'Content-Disposition: form-data; name="file"; filename="cleaning-guide.txt"',
          "Content-Type: text/plain",
          "",
          "Open the lid, remove the roller, wipe it.",
          `--${boundary}--`,
          "",
        ].join("\r\n"),
      });
      expect(upload.statusCode).toBe(201);
      const fileId = upload.json().results[0].id;
      const note = await t.app.inject({
        method: "POST",
        url: `/api/v1/tickets/${ticket?.id}/comments`,
        headers: admin.headers,
        payload: { text: "internal", is_internal: true, cc: ["x@litware.example"] },
      });
      expect(note.statusCode).toBe(400);
      expect(note.json().error.details[0].field).toBe("cc");
      const before = sink.messages.length;
      const replied = await t.app.inject({
        method: "POST",
        url: `/api/v1/tickets/${ticket?.id}/comments`,
        headers: admin.headers,
        payload: { text: "The guide is attached.", cc: ["it@litware.example"], attachment_ids: [fileId] },
      });
      expect(replied.statusCode).toBe(201);
      await expect
        .poll(() => sink.messages.slice(before).some((m) => m.raw.includes("The guide is attached")))
        .toBe(true);
      const sent = sink.messages.slice(before).find((m) => m.raw.includes("The guide is attached"));
      expect(sent?.envelope.to.sort()).toEqual([
        "boss@litware.example",
        "erik@litware.example",
        "it@litware.example",
      ]);
      const parsed = await simpleParser(sent?.raw ?? Buffer.alloc(0));
      expect(parsed.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([
        ["cleaning-guide.txt", "Open the lid, remove the roller, wipe it."],
      ]);
      const again = await t.app.inject({
        method: "POST",
        url: `/api/v1/tickets/${ticket?.id}/comments`,
        headers: admin.headers,
        payload: { text: "Same file again?", attachment_ids: [fileId] },
      });
      expect(again.statusCode).toBe(400);
    });

    it("retries a temporary refusal, marks a permanent one failed with the error, and sends again on retry", async () => {
      await customer.sendMail({
        from: "Carla <carla@northwind.example>",
        to: "support@ticketdesk.example",
        subject: "Invoice question",
        text: "Why two invoices?",
      });
      const ticket = await ticketBySubject("Invoice question");
      // The acknowledgement went out; now the relay refuses the reply for good.
      await expect.poll(() => sink.messages.some((m) => m.raw.includes("Invoice question"))).toBe(true);
      sink.failNext(1, 550, { message: "mailbox unavailable" });
      const replied = await t.app.inject({
        method: "POST",
        url: `/api/v1/tickets/${ticket?.id}/comments`,
        headers: admin.headers,
        payload: { text: "One is a credit note." },
      });
      const commentId = replied.json().id;
      const delivery = async () =>
        (await t.app.inject({ method: "GET", url: `/api/v1/tickets/${ticket?.id}`, headers: admin.headers }))
          .json()
          .comments.find((c: { id: string }) => c.id === commentId).delivery;
      await expect.poll(async () => (await delivery()).status, { timeout: 20_000 }).toBe("failed");
      expect((await delivery()).error).toMatch(/550/);

      const retry = await t.app.inject({
        method: "POST",
        url: `/api/v1/comments/${commentId}/delivery/retry`,
        headers: admin.headers,
      });
      expect(retry.statusCode).toBe(204);
      await expect.poll(async () => (await delivery()).status, { timeout: 20_000 }).toBe("sent");

      sink.failNext(1, 451, { message: "try later" });
      const again = await t.app.inject({
        method: "POST",
        url: `/api/v1/tickets/${ticket?.id}/comments`,
        headers: admin.headers,
        payload: { text: "And here is the corrected invoice." },
      });
      const againId = again.json().id;
      const againDelivery = async () =>
        (await t.app.inject({ method: "GET", url: `/api/v1/tickets/${ticket?.id}`, headers: admin.headers }))
          .json()
          .comments.find((c: { id: string }) => c.id === againId).delivery;
      // The first try ends queued again, with the relay's answer, for the backoff to retry.
      await expect.poll(async () => (await againDelivery()).error ?? "", { timeout: 20_000 }).toMatch(/451/);
      expect(await againDelivery()).toMatchObject({ status: "queued", attempts: 1 });
      // The backoff's first wait is a minute: bring the retry forward instead of waiting.
      await t.app.ctx.db
        .updateTable("jobs")
        .set({ run_at: new Date() })
        .where("name", "=", "email.send")
        .where("status", "=", "queued")
        .execute();
      await expect.poll(async () => (await againDelivery()).status, { timeout: 20_000 }).toBe("sent");
    });

    it("takes a bounce to the VERP address as a bounce of that mail", async () => {
      const before = sink.messages.length;
      await customer.sendMail({
        from: "Dora <dora@gone.example>",
        to: "support@ticketdesk.example",
        subject: "Hello from a soon-gone address",
        text: "Hi",
      });
      const ack = await nextMail(before + 1);
      const verp = ack?.envelope.from ?? "";
      const original = await simpleParser(ack?.raw ?? Buffer.alloc(0));
      const boundary = "dsn-boundary";
      const dsn = [
        "From: Mail Delivery System <MAILER-DAEMON@mx.gone.example>",
        `To: ${verp}`,
        "Subject: Undelivered Mail Returned to Sender",
        "Auto-Submitted: auto-replied",
        "MIME-Version: 1.0",
        `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
        "",
        `--${boundary}`,
        "Content-Type: text/plain",
        "",
        "Your message could not be delivered.",
        `--${boundary}`,
        "Content-Type: message/delivery-status",
        "",
        "Reporting-MTA: dns; mx.gone.example",
        "",
        "Final-Recipient: rfc822; dora@gone.example",
        "Action: failed",
        "Status: 5.1.1",
        "Diagnostic-Code: smtp; 550 5.1.1 user unknown",
        `--${boundary}`,
        "Content-Type: text/rfc822-headers",
        "",
        `Message-ID: ${original.messageId}`,
        `--${boundary}--`,
        "",
      ].join("\r\n");
      await customer.sendMail({ envelope: { from: "", to: [verp] }, raw: dsn });
      const contact = await t.app.ctx.db
        .selectFrom("contacts")
        .select(["email_status"])
        .where("email", "=", "dora@gone.example")
        .executeTakeFirstOrThrow();
      expect(contact.email_status).toBe("bouncing");
    });
  });
}

describe("mail channel without SMTP_URL [pglite]", () => {
  let t: TestApp;
  let background: BackgroundWork;
  let agent: TestUser;

  beforeAll(async () => {
    t = await createTestApp("pglite", {});
    agent = await createTestUser(t.app);
    background = await startBackgroundWork(t.app.ctx, { pollMs: 50 });
  }, 60_000);
  afterAll(async () => {
    await background?.close();
    await closeTestApp(t);
  });

  it("keeps outgoing mail queued, never dropped, while no relay is set, and sends it once one is", async () => {
    const company = await t.app.ctx.db
      .insertInto("companies")
      .values({ id: crypto.randomUUID(), name: "Wayne" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const contact = await t.app.ctx.db
      .insertInto("contacts")
      .values({
        id: crypto.randomUUID(),
        company_id: company.id,
        name: "Bruce",
        email: "bruce@wayne.example",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const ticket = await t.app.inject({
      method: "POST",
      url: "/api/v1/tickets",
      headers: agent.headers,
      payload: {
        company_id: company.id,
        contact_id: contact.id,
        subject: "Cave lights",
        description: "Flicker",
      },
    });
    const reply = await t.app.inject({
      method: "POST",
      url: `/api/v1/tickets/${ticket.json().id}/comments`,
      headers: agent.headers,
      payload: { text: "Replacing them tomorrow." },
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const delivery = async () =>
      (
        await t.app.inject({
          method: "GET",
          url: `/api/v1/tickets/${ticket.json().id}`,
          headers: agent.headers,
        })
      )
        .json()
        .comments.find((c: { id: string }) => c.id === reply.json().id).delivery;
    expect(await delivery()).toMatchObject({ status: "queued", attempts: 0 });
    // No sending job piles up meanwhile ...
    const jobs = await t.app.ctx.db
      .selectFrom("jobs")
      .select("id")
      .where("name", "=", "email.send")
      .execute();
    expect(jobs).toEqual([]);

    // ... and once a server runs with SMTP_URL, the waiting mail goes out.
    const sink = await startSmtpSink();
    const configured = { ...t.app.ctx, config: { ...t.app.ctx.config, smtpUrl: sink.smtpUrl } };
    const sender = await startBackgroundWork(configured, { pollMs: 50 });
    try {
      await expect.poll(async () => (await delivery()).status, { timeout: 20_000 }).toBe("sent");
      expect(sink.messages.some((m) => m.raw.includes("Replacing them tomorrow."))).toBe(true);
    } finally {
      await sender.close();
      await sink.stop();
    }
  });
});
