import { randomBytes } from "node:crypto";
import type { MailKind } from "./mail-kind.js";
import {
  mailDomainPattern,
  mailSignature,
  mailTokenPattern,
  type SigningKey,
  sameSignature,
  withoutBrackets,
} from "./mail-signature.js";

/**
 * Message-IDs of ours: `ticket-<ticketId>.<kind>-<unique>.<signature>@<domain>`.
 *
 * The signature (HMAC-SHA256 over ticket id and middle part, 80 bits) proves we made the id, so
 * a reply that names it in In-Reply-To/References may be threaded to that ticket without a lookup,
 * and nobody can steer mail into another ticket by inventing an id. The domain is not signed on
 * purpose: it is the mailbox's domain, which an admin may change, and replies to mail sent before
 * the change must still thread; it carries nothing we act on.
 */

const purpose = "ticketdesk/message-id/v1";
const signatureBytes = 10;
const ourLocalPart = /^ticket-([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{1,100})\.([0-9A-Fa-f]{20})$/;

export type OurMessageIdInput = {
  ticketId: string;
  kind: MailKind;
  key: SigningKey;
  /** The sending mailbox's domain. */
  domain: string;
  /**
   * What makes the id unique: pass the outbox row's id so a retried send keeps its Message-ID
   * (receivers then drop the duplicate). Random when omitted.
   */
  unique?: string;
};

/** A new signed Message-ID, without angle brackets. */
export function ourMessageId({ ticketId, kind, key, domain, unique }: OurMessageIdInput): string {
  const distinct = unique ?? randomBytes(12).toString("base64url");
  if (!mailTokenPattern.test(ticketId)) throw new Error(`Ticket id unusable in a Message-ID: ${ticketId}`);
  if (!mailTokenPattern.test(distinct)) throw new Error(`Unique part unusable in a Message-ID: ${distinct}`);
  if (!mailDomainPattern.test(domain)) throw new Error(`Domain unusable in a Message-ID: ${domain}`);
  const middle = `${kind}-${distinct}`;
  if (!/^[a-z-]{1,30}-[A-Za-z0-9_-]{1,64}$/.test(middle))
    throw new Error(`Mail kind unusable in a Message-ID: ${kind}`);
  return `ticket-${ticketId}.${middle}.${mailSignature(key, purpose, [ticketId, middle], signatureBytes)}@${domain}`;
}

/**
 * The ticket a Message-ID of ours names, or null when the id is not ours, was altered, or was
 * signed with another key. Accepts the id with or without angle brackets.
 */
export function ticketIdFromMessageId(messageId: string, key: SigningKey): string | null {
  const id = withoutBrackets(messageId);
  const at = id.lastIndexOf("@");
  if (at <= 0 || id.length > 400) return null;
  const match = ourLocalPart.exec(id.slice(0, at));
  if (!match) return null;
  const [, ticketId = "", middle = "", signature = ""] = match;
  const expected = mailSignature(key, purpose, [ticketId, middle], signatureBytes);
  return sameSignature(expected, signature) ? ticketId : null;
}
