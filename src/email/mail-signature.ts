import { createHmac, timingSafeEqual } from "node:crypto";

/** The server secret that signs our Message-IDs and bounce addresses. */
export type SigningKey = string | Uint8Array;

const minimumKeyBytes = 16;

/**
 * HMAC-SHA256 of `purpose` and `parts`, truncated to `bytes` and written as lowercase hex.
 * Hex survives the case changes some mail systems make; the purpose keeps a Message-ID
 * signature from being replayed as a bounce-address signature (one secret, two uses).
 */
export function mailSignature(
  key: SigningKey,
  purpose: string,
  parts: readonly string[],
  bytes: number,
): string {
  const keyLength = typeof key === "string" ? Buffer.byteLength(key) : key.byteLength;
  if (keyLength < minimumKeyBytes)
    throw new Error(`The mail signing key must be at least ${minimumKeyBytes} bytes`);
  const hmac = createHmac("sha256", key).update(purpose);
  // "\n" never occurs in a part (callers allow only [A-Za-z0-9_-]), so the joined input is unambiguous.
  for (const part of parts) hmac.update(`\n${part}`);
  return hmac.digest().subarray(0, bytes).toString("hex");
}

/** Constant-time comparison of two hex signatures, case-insensitive. */
export function sameSignature(expected: string, given: string): boolean {
  const a = Buffer.from(expected.toLowerCase());
  const b = Buffer.from(given.toLowerCase());
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Characters allowed in the parts we put into a local part: atext without dots, so splitting on "." is safe. */
export const mailTokenPattern = /^[A-Za-z0-9_-]{1,64}$/;

/** A domain we can write after "@": ASCII (IDNs in punycode), labels of letters, digits and hyphens. */
export const mailDomainPattern =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

/** An id or address as it appears in headers: trimmed, without surrounding angle brackets. */
export function withoutBrackets(value: string): string {
  const trimmed = value.trim();
  return trimmed.startsWith("<") && trimmed.endsWith(">") ? trimmed.slice(1, -1).trim() : trimmed;
}
