import { describe, expect, it } from "vitest";
import { parseVerpAddress } from "./bounce-address.js";
import {
  type ComposeMailInput,
  composeMail,
  maxReferences,
  resolveSender,
  threadReferences,
} from "./compose-mail.js";
import { mailKinds } from "./mail-kind.js";
import { ticketIdFromMessageId } from "./message-id.js";

const signingKey = "a-server-secret-of-32-characters";
const ticketId = "0195a3c2-7d1e-7a3b-9c4d-5e6f7a8b9c0d";
const outboxId = "0195a3c2-8000-7000-8000-000000000001";

const buildInput = (overrides: Partial<ComposeMailInput> = {}): ComposeMailInput => ({
  kind: "agent-reply",
  ticketId,
  outboxId,
  signingKey,
  from: { address: "support@help.example.com", name: "Acme Support" },
  verp: true,
  to: [{ address: "anna@customer.example", name: "Anna" }],
  content: { subject: "Re: [T-20251119-0042] Printer", text: "Hi", html: "<p>Hi</p>" },
  ...overrides,
});

describe("composeMail", () => {
  it("signs a Message-ID naming the ticket, stable across retries of one outbox row", () => {
    const mail = composeMail(buildInput());
    expect(mail.messageId).toMatch(/^<ticket-.+@help\.example\.com>$/);
    expect(ticketIdFromMessageId(String(mail.messageId), signingKey)).toBe(ticketId);
    expect(composeMail(buildInput()).messageId).toBe(mail.messageId);
  });

  it("replies to the mailbox and sends bounces to its VERP address", () => {
    const mail = composeMail(buildInput({ cc: [{ address: "boss@customer.example" }] }));
    expect(mail.replyTo).toBe("support@help.example.com");
    const envelope = mail.envelope as { from: string; to: string[] };
    expect(parseVerpAddress(envelope.from, signingKey)).toBe(outboxId);
    expect(envelope.from).toMatch(/^support\+bounce-.+@help\.example\.com$/);
    expect(envelope.to).toEqual(["anna@customer.example", "boss@customer.example"]);
    expect(composeMail(buildInput({ verp: false })).envelope).toMatchObject({
      from: "support@help.example.com",
    });
  });

  it("writes each recipient once, To before Cc", () => {
    const mail = composeMail(
      buildInput({
        to: [{ address: "anna@customer.example" }, { address: "ANNA@customer.example" }],
        cc: [{ address: "Anna@Customer.example" }, { address: "boss@customer.example" }],
      }),
    );
    expect(mail.to).toEqual([{ address: "anna@customer.example", name: "" }]);
    expect(mail.cc).toEqual([{ address: "boss@customer.example", name: "" }]);
    expect(() => composeMail(buildInput({ to: [] }))).toThrow(/recipient/);
    expect(() => composeMail(buildInput({ to: [{ address: "a@b.example\r\nBcc: x@y.example" }] }))).toThrow();
  });

  it("continues the thread: In-Reply-To the parent, References ending with it", () => {
    const mail = composeMail(
      buildInput({
        inReplyTo: "<c@mail.example>",
        references: ["a@mail.example", "<b@mail.example>", "junk"],
      }),
    );
    expect(mail.inReplyTo).toBe("<c@mail.example>");
    expect(mail.references).toEqual(["<a@mail.example>", "<b@mail.example>", "<c@mail.example>"]);
    const fresh = composeMail(buildInput());
    expect(fresh.inReplyTo).toBeUndefined();
    expect(fresh.references).toBeUndefined();
  });

  it.each(mailKinds)("marks %s as automatic or not", (kind) => {
    const headers = composeMail(buildInput({ kind })).headers as Record<string, string>;
    const expected = {
      acknowledgement: { "Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All" },
      "agent-reply": {},
      resolved: { "Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All" },
      "assigned-to-you": {
        "Auto-Submitted": "auto-generated",
        "X-Auto-Response-Suppress": "All",
        Precedence: "bulk",
      },
      "customer-replied": {
        "Auto-Submitted": "auto-generated",
        "X-Auto-Response-Suppress": "All",
        Precedence: "bulk",
      },
      "new-ticket-in-team": {
        "Auto-Submitted": "auto-generated",
        "X-Auto-Response-Suppress": "All",
        Precedence: "bulk",
      },
      "sla-warning": {
        "Auto-Submitted": "auto-generated",
        "X-Auto-Response-Suppress": "All",
        Precedence: "bulk",
      },
      "sla-breached": {
        "Auto-Submitted": "auto-generated",
        "X-Auto-Response-Suppress": "All",
        Precedence: "bulk",
      },
    }[kind];
    expect(headers).toEqual(expected);
  });

  it("passes attachments by path or content", () => {
    const mail = composeMail(
      buildInput({
        attachments: [
          { filename: "a.pdf", contentType: "application/pdf", path: "/data/attachments/x" },
          { filename: "b.txt", contentType: "text/plain", content: Buffer.from("hi") },
        ],
      }),
    );
    expect(mail.attachments).toEqual([
      { filename: "a.pdf", contentType: "application/pdf", path: "/data/attachments/x" },
      { filename: "b.txt", contentType: "text/plain", content: Buffer.from("hi") },
    ]);
  });
});

describe("threadReferences", () => {
  const ids = Array.from({ length: 50 }, (_, i) => `m${i}@example.com`);

  it(`keeps the first id and the latest ones, ${maxReferences} in all, the parent last`, () => {
    const refs = threadReferences(ids, "parent@example.com");
    expect(refs).toHaveLength(maxReferences);
    expect(refs[0]).toBe("m0@example.com");
    expect(refs.at(-2)).toBe("m49@example.com");
    expect(refs.at(-1)).toBe("parent@example.com");
  });

  it("drops duplicates and moves a repeated parent to the end", () => {
    expect(threadReferences(["a@x", "b@x", "a@x", "<b@x>"], "a@x")).toEqual(["b@x", "a@x"]);
  });
});

describe("resolveSender", () => {
  it("takes the mailbox's address, else MAIL_FROM", () => {
    expect(resolveSender({ address: "help@example.com", name: "Help" }, "x@y.example")).toEqual({
      address: "help@example.com",
      name: "Help",
    });
    expect(resolveSender({ address: null, name: "Help" }, '"Acme Desk" <desk@acme.example>')).toEqual({
      address: "desk@acme.example",
      name: "Acme Desk",
    });
    expect(resolveSender(null, "desk@acme.example")).toEqual({ address: "desk@acme.example", name: null });
    expect(() => resolveSender(null, undefined)).toThrow(/MAIL_FROM/);
  });
});
