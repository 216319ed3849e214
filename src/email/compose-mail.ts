import type { SendMailOptions } from "nodemailer";
import addressparser from "nodemailer/lib/addressparser";
import { bounceAddress } from "./bounce-address.js";
import { isAgentNotification, isAutomaticMail, type MailKind } from "./mail-kind.js";
import { type SigningKey, withoutBrackets } from "./mail-signature.js";
import { ourMessageId } from "./message-id.js";
import type { MailContent } from "./templates/mail-content.js";

export type MailAddress = { address: string; name?: string | null };

export type MailAttachment = { filename: string; contentType: string } & (
  | { path: string; content?: undefined }
  | { content: Buffer | string; path?: undefined }
);

export type ComposeMailInput = {
  kind: MailKind;
  ticketId: string;
  /** The outbox row: names the mail in its Message-ID (a retry sends the same id) and in its VERP address. */
  outboxId: string;
  signingKey: SigningKey;
  /** The sending mailbox, or MAIL_FROM (see resolveSender); also the Reply-To. */
  from: MailAddress;
  /** Envelope sender `mailbox+bounce-…` (true: the mailbox receives such addresses) or the mailbox itself. */
  verp: boolean;
  to: readonly MailAddress[];
  cc?: readonly MailAddress[];
  content: MailContent;
  /** The Message-ID this mail answers (usually the contact's latest mail), with or without brackets. */
  inReplyTo?: string | null;
  /** The thread so far, oldest first: the parent's References followed by earlier ids of the ticket. */
  references?: readonly string[];
  attachments?: readonly MailAttachment[];
};

/**
 * References keeps the thread's first id (its root, which clients thread by) and the latest ones:
 * long tickets would otherwise grow the header without bound, and some servers refuse header
 * lines of several kilobytes. 20 ids is what mature clients keep in practice.
 */
export const maxReferences = 20;

/** A whole message for nodemailer: headers, both bodies, attachments and the envelope. */
export function composeMail(input: ComposeMailInput): SendMailOptions {
  const { kind, from, content } = input;
  const to = uniqueAddresses(input.to);
  if (to.length === 0) throw new Error("A mail needs at least one recipient");
  const toKeys = new Set(to.map(addressKey));
  const cc = uniqueAddresses(input.cc ?? []).filter((a) => !toKeys.has(addressKey(a)));
  const fromAddress = checkedAddress(from.address);
  const messageId = ourMessageId({
    ticketId: input.ticketId,
    kind,
    key: input.signingKey,
    domain: fromAddress.slice(fromAddress.lastIndexOf("@") + 1),
    unique: input.outboxId,
  });
  const inReplyTo = input.inReplyTo ? messageIdOrNull(input.inReplyTo) : null;
  const references = threadReferences(input.references ?? [], inReplyTo);
  return {
    from: mailAddress(from),
    to: to.map(mailAddress),
    ...(cc.length > 0 ? { cc: cc.map(mailAddress) } : {}),
    replyTo: fromAddress,
    subject: content.subject,
    messageId: `<${messageId}>`,
    ...(inReplyTo ? { inReplyTo: `<${inReplyTo}>` } : {}),
    ...(references.length > 0 ? { references: references.map((id) => `<${id}>`) } : {}),
    text: content.text,
    html: content.html,
    attachments: (input.attachments ?? []).map(({ filename, contentType, path, content: bytes }) =>
      path === undefined ? { filename, contentType, content: bytes } : { filename, contentType, path },
    ),
    headers: automaticMailHeaders(kind),
    envelope: {
      from: bounceAddress({
        mailboxAddress: fromAddress,
        outboxId: input.outboxId,
        key: input.signingKey,
        verp: input.verp,
      }),
      to: [...to, ...cc].map((a) => a.address),
    },
  };
}

/**
 * RFC 3834 marks for mail no person wrote. X-Auto-Response-Suppress keeps Exchange from answering
 * with out-of-office notes. Precedence is not standard and "bulk" can push a mail into a bulk or
 * promotions folder, which an acknowledgement or resolved mail to a customer cannot afford; agent
 * notifications go to our own staff, where it only silences old vacation responders that ignore
 * Auto-Submitted, so only they carry it.
 */
export function automaticMailHeaders(kind: MailKind): Record<string, string> {
  if (!isAutomaticMail(kind)) return {};
  return {
    "Auto-Submitted": kind === "acknowledgement" ? "auto-replied" : "auto-generated",
    "X-Auto-Response-Suppress": "All",
    ...(isAgentNotification(kind) ? { Precedence: "bulk" } : {}),
  };
}

/** The thread's ids, parent last, at most `maxReferences`: the first kept, then the latest. */
export function threadReferences(references: readonly string[], inReplyTo: string | null): string[] {
  const ids: string[] = [];
  for (const raw of references) {
    const id = messageIdOrNull(raw);
    if (id && id !== inReplyTo && !ids.includes(id)) ids.push(id);
  }
  if (inReplyTo) ids.push(inReplyTo);
  return ids.length <= maxReferences ? ids : [ids[0] as string, ...ids.slice(-(maxReferences - 1))];
}

/** The sender: the mailbox when it has an address, else MAIL_FROM ("Support <support@example.com>" or a bare address). */
export function resolveSender(
  mailbox: { address: string | null; name: string | null } | null,
  mailFrom: string | undefined,
): MailAddress {
  if (mailbox?.address) return { address: checkedAddress(mailbox.address), name: mailbox.name };
  const parsed = addressparser(mailFrom ?? "", { flatten: true })[0];
  if (!parsed?.address) throw new Error("No sender: the mailbox has no address and MAIL_FROM is not set");
  return { address: checkedAddress(parsed.address), name: parsed.name || null };
}

// Ids from inbound mail can be anything; one that is not a msg-id (id-left@id-right) is left out.
function messageIdOrNull(value: string): string | null {
  const id = withoutBrackets(value);
  return /^[^\s<>@]+@[^\s<>@]+$/.test(id) ? id : null;
}

function checkedAddress(address: string): string {
  const trimmed = address.trim();
  if (!/^[^\s<>@,;"]+@[^\s<>@,;"]+$/.test(trimmed))
    throw new Error(`Not a mail address: ${JSON.stringify(address)}`);
  return trimmed;
}

function uniqueAddresses(list: readonly MailAddress[]): MailAddress[] {
  const seen = new Set<string>();
  const out: MailAddress[] = [];
  for (const entry of list) {
    const address = { address: checkedAddress(entry.address), name: entry.name ?? null };
    if (seen.has(addressKey(address))) continue;
    seen.add(addressKey(address));
    out.push(address);
  }
  return out;
}

function addressKey(a: MailAddress): string {
  return a.address.toLowerCase();
}

function mailAddress({ address, name }: MailAddress): { address: string; name: string } {
  return { address, name: name?.trim() ?? "" };
}
