import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { simpleParser } from "mailparser";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../config/config.js";
import { type SmtpSink, startSmtpSink } from "../test/smtp-sink.js";
import { parseVerpAddress } from "./bounce-address.js";
import { type ComposeMailInput, composeMail } from "./compose-mail.js";
import { ticketIdFromMessageId } from "./message-id.js";
import { classifySmtpError, createMailTransport, type MailTransport, sendMail } from "./smtp-transport.js";
import { acknowledgement } from "./templates/acknowledgement.js";
import { agentReply } from "./templates/agent-reply.js";

const signingKey = "a-server-secret-of-32-characters";
const ticketId = "0195a3c2-7d1e-7a3b-9c4d-5e6f7a8b9c0d";
const outboxId = "0195a3c2-8000-7000-8000-000000000001";
const password = "s3cr3t/pass:word%";

const replyInput = (overrides: Partial<ComposeMailInput> = {}): ComposeMailInput => ({
  kind: "agent-reply",
  ticketId,
  outboxId,
  signingKey,
  from: { address: "support@help.example.com", name: "Acme Support" },
  verp: true,
  to: [{ address: "anna@customer.example", name: "Anna Müller" }],
  cc: [{ address: "boss@customer.example" }],
  content: agentReply({
    ticketNumber: "T-20251119-0042",
    subject: "Printer <broken>",
    body: "Please restart it.",
    agentName: "Bob",
    deskName: "Acme Tech",
    previous: { authorName: "Anna", text: "It is broken" },
  }),
  inReplyTo: "<CAH8x=3kd@mail.customer.example>",
  references: ["<first@mail.customer.example>", "<ticket-x.agent-reply-y.z@help.example.com>"],
  ...overrides,
});

let dir: string;
const transports: MailTransport[] = [];
const sinks: SmtpSink[] = [];

async function sink(options?: Parameters<typeof startSmtpSink>[0]): Promise<SmtpSink> {
  const started = await startSmtpSink(options);
  sinks.push(started);
  return started;
}

function transport(url: string, options?: Parameters<typeof createMailTransport>[1]): MailTransport {
  const created = createMailTransport(url, options);
  transports.push(created);
  return created;
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail("expected the send to fail"),
    (error: unknown) => error,
  );
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "ticketdesk-smtp-"));
});

afterEach(async () => {
  for (const t of transports.splice(0)) t.close();
  await Promise.all(sinks.splice(0).map((s) => s.stop()));
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe("sending a composed mail to a real SMTP server", () => {
  it("delivers a threaded reply with attachments that a mail parser reads back intact", async () => {
    const smtp = await sink({ auth: { user: "desk", pass: password } });
    const pdf = randomBytes(70_000);
    const pdfPath = path.join(dir, "stored-key");
    await fs.writeFile(pdfPath, pdf);
    const csv = Buffer.from("a;b\n1;2\n");
    const mail = composeMail(
      replyInput({
        attachments: [
          { filename: "Rechnung März.pdf", contentType: "application/pdf", path: pdfPath },
          { filename: "data.csv", contentType: "text/csv", content: csv },
        ],
      }),
    );

    const sent = await sendMail(transport(smtp.smtpUrl), mail);

    expect(sent.response).toMatch(/^250 /);
    expect(sent.rejected).toEqual([]);
    const [captured] = await smtp.waitForMessages(1);
    if (!captured) throw new Error("no mail captured");
    expect(parseVerpAddress(captured.envelope.from, signingKey)).toBe(outboxId);
    expect(captured.envelope.to).toEqual(["anna@customer.example", "boss@customer.example"]);

    const parsed = await simpleParser(captured.raw);
    expect(parsed.messageId).toBe(`<${sent.messageId}>`);
    expect(ticketIdFromMessageId(parsed.messageId ?? "", signingKey)).toBe(ticketId);
    expect(parsed.inReplyTo).toBe("<CAH8x=3kd@mail.customer.example>");
    expect(parsed.references).toEqual([
      "<first@mail.customer.example>",
      "<ticket-x.agent-reply-y.z@help.example.com>",
      "<CAH8x=3kd@mail.customer.example>",
    ]);
    expect(parsed.replyTo?.value).toEqual([{ address: "support@help.example.com", name: "" }]);
    expect(parsed.from?.value).toEqual([{ address: "support@help.example.com", name: "Acme Support" }]);
    expect(parsed.subject).toBe("Re: [T-20251119-0042] Printer <broken>");
    expect(parsed.headers.has("auto-submitted")).toBe(false);
    expect(parsed.headers.has("x-auto-response-suppress")).toBe(false);
    expect(parsed.text).toContain("Please restart it.");
    expect(parsed.html).toContain("Printer &lt;broken&gt;");
    expect(parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ["Rechnung März.pdf", "application/pdf"],
      ["data.csv", "text/csv"],
    ]);
    expect(parsed.attachments[0]?.content.equals(pdf)).toBe(true);
    expect(parsed.attachments[1]?.content.equals(csv)).toBe(true);
  });

  it("marks an acknowledgement as an automatic reply", async () => {
    const smtp = await sink();
    const content = acknowledgement({
      ticketNumber: "T-20251119-0042",
      subject: "Printer",
      contactName: "Anna",
      message: "It is broken",
      deskName: "Acme",
    });
    await sendMail(transport(smtp.smtpUrl), composeMail(replyInput({ kind: "acknowledgement", content })));
    const [captured] = await smtp.waitForMessages(1);
    const parsed = await simpleParser(captured?.raw ?? Buffer.alloc(0));
    expect(parsed.headers.get("auto-submitted")).toBe("auto-replied");
    expect(parsed.headers.get("x-auto-response-suppress")).toBe("All");
    expect(parsed.headers.has("precedence")).toBe(false);
  });
});

describe("what a failure means for the outbox", () => {
  it("a 5xx reply is permanent", async () => {
    const smtp = await sink();
    smtp.failNext(1, 554, { message: "5.7.1 Message rejected as spam" });
    const error = await failureOf(sendMail(transport(smtp.smtpUrl), composeMail(replyInput())));
    expect(classifySmtpError(error)).toEqual({ permanent: true, message: expect.stringContaining("554") });
  });

  it("a recipient refused with 550 is permanent", async () => {
    const smtp = await sink();
    smtp.failNext(2, 550, { at: "rcpt", message: "5.1.1 User unknown" });
    const error = await failureOf(sendMail(transport(smtp.smtpUrl), composeMail(replyInput())));
    expect(classifySmtpError(error)).toMatchObject({
      permanent: true,
      message: expect.stringContaining("User unknown"),
    });
  });

  it("a 4xx reply is temporary, and the retry goes through", async () => {
    const smtp = await sink();
    const mailer = transport(smtp.smtpUrl);
    smtp.failNext(1, 451, { message: "4.3.0 Try again later" });
    const error = await failureOf(sendMail(mailer, composeMail(replyInput())));
    expect(classifySmtpError(error)).toMatchObject({
      permanent: false,
      message: expect.stringContaining("451"),
    });
    await sendMail(mailer, composeMail(replyInput()));
    expect(smtp.messages).toHaveLength(1);
  });

  it("a wrong password is temporary (configuration), and no message names the password", async () => {
    const smtp = await sink({ auth: { user: "desk", pass: "right-password" } });
    const wrongUrl = smtp.smtpUrl.replace(encodeURIComponent("right-password"), encodeURIComponent(password));
    const error = await failureOf(sendMail(transport(wrongUrl), composeMail(replyInput())));
    const verdict = classifySmtpError(error, wrongUrl);
    expect(verdict).toMatchObject({
      permanent: false,
      message: expect.stringMatching(/SMTP login failed.*535/),
    });
    for (const text of [verdict.message, String((error as Error).message), JSON.stringify(error)]) {
      expect(text).not.toContain(password);
      expect(text).not.toContain(encodeURIComponent(password));
    }
    expect(smtp.messages).toHaveLength(0);
  });

  it("a server that does not answer in time is temporary", async () => {
    const smtp = await sink();
    smtp.setDelay(1_500);
    const error = await failureOf(
      sendMail(transport(smtp.smtpUrl, { timeoutMs: 300 }), composeMail(replyInput())),
    );
    expect(classifySmtpError(error)).toMatchObject({ permanent: false });
    expect((error as { code?: string }).code).toBe("ETIMEDOUT");
  });

  it("a server that is down is temporary", async () => {
    const smtp = await sink();
    await smtp.stop();
    const error = await failureOf(sendMail(transport(smtp.smtpUrl), composeMail(replyInput())));
    expect(classifySmtpError(error)).toMatchObject({
      permanent: false,
      message: expect.stringMatching(/ECONNREFUSED/),
    });
  });
});

describe("classifySmtpError", () => {
  it.each<[string, unknown, boolean]>([
    ["550 on RCPT", { code: "EENVELOPE", responseCode: 550, message: "550 no such user" }, true],
    ["552 after DATA", { code: "EMESSAGE", responseCode: 552, message: "552 too big" }, true],
    [
      "503 bad sequence (a new session may work)",
      { code: "EPROTOCOL", responseCode: 503, message: "503" },
      false,
    ],
    [
      "530 authentication required",
      { code: "EENVELOPE", responseCode: 530, message: "530 auth required" },
      false,
    ],
    ["421 service closing", { code: "ECONNECTION", responseCode: 421, message: "421 bye" }, false],
    ["no recipients", { code: "EENVELOPE", message: "No recipients defined" }, true],
    ["TLS failure", { code: "ETLS", message: "self-signed certificate" }, false],
    ["not an error object", "boom", false],
  ])("%s", (_, error, permanent) => {
    expect(classifySmtpError(error).permanent).toBe(permanent);
  });

  it("scrubs the URL's password from any text", () => {
    const url = `smtps://desk:${encodeURIComponent(password)}@mail.example.com`;
    const error = {
      message: `failed for ${url} with pass ${password} (AUTH PLAIN ${Buffer.from(`\0desk\0${password}`).toString("base64")})`,
    };
    const { message } = classifySmtpError(error, url);
    expect(message).not.toContain(password);
    expect(message).not.toContain(encodeURIComponent(password));
    expect(message).not.toContain(Buffer.from(`\0desk\0${password}`).toString("base64"));
    expect(message).toContain("mail.example.com");
  });
});

describe("createMailTransport", () => {
  it("refuses a URL that is not smtp(s), without repeating its password", () => {
    for (const url of ["http://u:hunter22@mail.example.com", "not a url hunter22", "smtp://"])
      expect(() => createMailTransport(url)).toThrow(
        expect.objectContaining({
          constructor: ConfigError,
          message: expect.not.stringContaining("hunter22"),
        }),
      );
  });
});
