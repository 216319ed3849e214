import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bounceAddress, parseVerpAddress, verpAddress } from "./bounce-address.js";

const key = "a-server-secret-of-32-characters";
const outboxId = "0195a3c2-7d1e-7a3b-9c4d-5e6f7a8b9c0d";

describe("verpAddress / parseVerpAddress", () => {
  it("names the outbox row and reads it back", () => {
    const address = verpAddress("support", "help.example.com", outboxId, key);
    expect(address).toMatch(
      /^support\+bounce-0195a3c2-7d1e-7a3b-9c4d-5e6f7a8b9c0d-[0-9a-f]{16}@help\.example\.com$/,
    );
    expect(parseVerpAddress(address, key)).toBe(outboxId);
    expect(parseVerpAddress(`<${address}>`, key)).toBe(outboxId);
    expect(parseVerpAddress(address.toUpperCase().replace(outboxId.toUpperCase(), outboxId), key)).toBe(
      outboxId,
    );
  });

  it("keeps a local part that already has a plus", () => {
    const address = verpAddress("help+eu", "example.com", "42", key);
    expect(address.startsWith("help+eu+bounce-42-")).toBe(true);
    expect(parseVerpAddress(address, key)).toBe("42");
  });

  it("rejects changed ids, changed signatures, other keys and ordinary addresses", () => {
    const address = verpAddress("support", "example.com", outboxId, key);
    expect(parseVerpAddress(address.replace(outboxId, `${outboxId.slice(0, -1)}e`), key)).toBeNull();
    expect(
      parseVerpAddress(
        address.replace(/[0-9a-f](@)/, (_, at) => `x${at}`),
        key,
      ),
    ).toBeNull();
    expect(parseVerpAddress(address, "another-secret-of-32-characters!")).toBeNull();
    for (const other of [
      "support@example.com",
      "support+bounce-42@example.com",
      "MAILER-DAEMON@example.com",
      "",
    ])
      expect(parseVerpAddress(other, key), other).toBeNull();
  });

  it("round-trips any outbox id (property)", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), (id) => {
        expect(parseVerpAddress(verpAddress("desk", "example.com", id, key), key)).toBe(id);
      }),
    );
  });
});

describe("bounceAddress", () => {
  it("is the VERP address when the mailbox receives them, else the mailbox itself", () => {
    const verp = bounceAddress({ mailboxAddress: "support@example.com", outboxId, key, verp: true });
    expect(parseVerpAddress(verp, key)).toBe(outboxId);
    expect(verp.endsWith("@example.com")).toBe(true);
    expect(bounceAddress({ mailboxAddress: "support@example.com", outboxId, key, verp: false })).toBe(
      "support@example.com",
    );
  });
});
