import {
  mailDomainPattern,
  mailSignature,
  mailTokenPattern,
  type SigningKey,
  sameSignature,
  withoutBrackets,
} from "./mail-signature.js";

/**
 * Envelope senders (Return-Path) for outbound mail, so bounces come back to an address we receive.
 *
 * With VERP the envelope sender names the outbox row, `support+bounce-<outboxId>-<sig>@example.com`,
 * and a bounce identifies the failed mail even when the remote server quotes nothing of it. The
 * signature (HMAC-SHA256, 64 bits) keeps strangers from marking contacts as bouncing with made-up
 * addresses. VERP needs a receiver that accepts `+bounce-` addresses (our SMTP listener, or a
 * provider with plus addressing); without one the mailbox address itself is the envelope sender.
 * RFC 5321 limits a local part to 64 octets; a UUID outbox id leaves about 10 for the mailbox's
 * own local part. Most servers accept longer ones (bulk senders' VERP addresses routinely are).
 */

const purpose = "ticketdesk/verp/v1";
const signatureBytes = 8;
// Case-insensitive: some servers change the case of the local part on the way back.
const verpLocalPart = /^(.+)\+bounce-([A-Za-z0-9_-]{1,64})-([0-9a-f]{16})$/i;

/** `localPart+bounce-<outboxId>-<sig>@domain`. */
export function verpAddress(localPart: string, domain: string, outboxId: string, key: SigningKey): string {
  if (!/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$/.test(localPart) || localPart.startsWith("."))
    throw new Error(`Local part unusable for VERP: ${localPart}`);
  if (!mailDomainPattern.test(domain)) throw new Error(`Domain unusable for VERP: ${domain}`);
  if (!mailTokenPattern.test(outboxId)) throw new Error(`Outbox id unusable for VERP: ${outboxId}`);
  return `${localPart}+bounce-${outboxId}-${mailSignature(key, purpose, [outboxId], signatureBytes)}@${domain}`;
}

/** The outbox id a VERP address of ours names, or null when it is not one or the signature fails. */
export function parseVerpAddress(address: string, key: SigningKey): string | null {
  const value = withoutBrackets(address);
  const at = value.lastIndexOf("@");
  if (at <= 0 || value.length > 400) return null;
  const match = verpLocalPart.exec(value.slice(0, at));
  if (!match) return null;
  const [, , outboxId = "", signature = ""] = match;
  return sameSignature(mailSignature(key, purpose, [outboxId], signatureBytes), signature) ? outboxId : null;
}

export type BounceAddressInput = {
  /** The sending mailbox's address (or MAIL_FROM's). */
  mailboxAddress: string;
  outboxId: string;
  key: SigningKey;
  /** True when the mailbox receives `+bounce-` addresses (see above). */
  verp: boolean;
};

/** The envelope sender for one outbound mail: its VERP address, or the mailbox address. */
export function bounceAddress({ mailboxAddress, outboxId, key, verp }: BounceAddressInput): string {
  if (!verp) return mailboxAddress;
  const at = mailboxAddress.lastIndexOf("@");
  if (at <= 0) throw new Error(`Not a mail address: ${mailboxAddress}`);
  return verpAddress(mailboxAddress.slice(0, at), mailboxAddress.slice(at + 1), outboxId, key);
}
