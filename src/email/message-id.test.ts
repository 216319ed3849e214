import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ourMessageId, ticketIdFromMessageId } from "./message-id.js";

const key = "a-server-secret-of-32-characters";
const ticketId = "0195a3c2-7d1e-7a3b-9c4d-5e6f7a8b9c0d";

const sample = () => ourMessageId({ ticketId, kind: "agent-reply", key, domain: "help.example.com" });

describe("ourMessageId / ticketIdFromMessageId", () => {
  it("makes an id naming the ticket that verifies, with or without angle brackets", () => {
    const id = sample();
    expect(id).toMatch(
      /^ticket-0195a3c2-7d1e-7a3b-9c4d-5e6f7a8b9c0d\.agent-reply-[\w-]+\.[0-9a-f]{20}@help\.example\.com$/,
    );
    expect(ticketIdFromMessageId(id, key)).toBe(ticketId);
    expect(ticketIdFromMessageId(` <${id}> `, key)).toBe(ticketId);
  });

  it("is unique per call, and stable when given the outbox id", () => {
    expect(sample()).not.toBe(sample());
    const fixed = {
      ticketId,
      kind: "resolved" as const,
      key,
      domain: "example.com",
      unique: "0195b000-0000-7000-8000-000000000001",
    };
    expect(ourMessageId(fixed)).toBe(ourMessageId(fixed));
  });

  it("rejects an id whose ticket, unique part or signature was changed", () => {
    const id = sample();
    const [local = "", domain] = id.split("@");
    const [ticketPart = "", middle = "", signature = ""] = local.split(".");
    const otherTicket = "0195a3c2-7d1e-7a3b-9c4d-5e6f7a8b9c0e";
    const flipped = signature.slice(0, -1) + (signature.endsWith("0") ? "1" : "0");
    for (const forged of [
      `ticket-${otherTicket}.${middle}.${signature}@${domain}`,
      `${ticketPart}.${middle}x.${signature}@${domain}`,
      `${ticketPart}.${middle}.${flipped}@${domain}`,
      `${ticketPart}.${middle}.${signature.slice(0, -2)}@${domain}`,
      `${ticketPart}.${middle}@${domain}`,
    ])
      expect(ticketIdFromMessageId(forged, key), forged).toBeNull();
  });

  it("keeps threading when the mailbox's domain changes (the domain is not signed)", () => {
    const id = sample().replace("@help.example.com", "@support.example.org");
    expect(ticketIdFromMessageId(id, key)).toBe(ticketId);
  });

  it("rejects an id signed with another key", () => {
    expect(ticketIdFromMessageId(sample(), "another-secret-of-32-characters!")).toBeNull();
  });

  it("returns null for ids made by other systems", () => {
    for (const foreign of [
      "CAH8x=3kd93JfLq@mail.gmail.com",
      "<20251119093512.1234@example.com>",
      "AM6PR10MB1234.EURPRD10.PROD.OUTLOOK.COM@outlook.com",
      "ticket-42@example.com",
      "ticket-42.reply-x.0123456789abcdef0123@example.com",
      "",
      "no-at-sign",
      "@example.com",
    ])
      expect(ticketIdFromMessageId(foreign, key), foreign).toBeNull();
  });

  it("refuses to build an id from parts that would break its syntax", () => {
    expect(() => ourMessageId({ ticketId: "a.b", kind: "resolved", key, domain: "example.com" })).toThrow();
    expect(() => ourMessageId({ ticketId, kind: "resolved", key, domain: "exa mple.com" })).toThrow();
    expect(() =>
      ourMessageId({ ticketId, kind: "resolved", key, domain: "example.com", unique: "x@y" }),
    ).toThrow();
    expect(() => ourMessageId({ ticketId, kind: "resolved", key: "short", domain: "example.com" })).toThrow(
      /16 bytes/,
    );
  });

  it("round-trips any ticket id and refuses any single-character change (property)", () => {
    const token = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
    fc.assert(
      fc.property(token, fc.option(token, { nil: undefined }), fc.nat(), (id, unique, at) => {
        const messageId = ourMessageId({
          ticketId: id,
          kind: "acknowledgement",
          key,
          domain: "example.com",
          unique,
        });
        expect(ticketIdFromMessageId(messageId, key)).toBe(id);
        const local = messageId.slice(0, messageId.indexOf("@"));
        const position = at % local.length;
        const original = local.charAt(position);
        const replacement = original === "a" ? "b" : "a";
        const tampered = `${local.slice(0, position)}${replacement}${local.slice(position + 1)}@example.com`;
        // A hex digit's case is not a change (signatures compare case-insensitively).
        if (original.toLowerCase() !== replacement) expect(ticketIdFromMessageId(tampered, key)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});
