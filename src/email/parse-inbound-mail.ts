import {
  type AddressObject,
  type Attachment,
  type EmailAddress,
  type ParsedMail,
  simpleParser,
} from "mailparser";
import { automaticReason } from "./automatic-mail.js";
import { type Bounce, messageIdsIn, messageIdsInHeaderBlock, readDeliveryStatus } from "./delivery-status.js";
import { htmlToText, tidyText } from "./html-to-text.js";
import { stripQuotedHtml, stripQuotedText } from "./strip-quoted.js";
import { isForwardSubject } from "./subject.js";

export type { Bounce } from "./delivery-status.js";

export type MailAddress = { address: string; name: string }; // address lower-cased

export type InboundAttachment = {
  filename: string;
  contentType: string;
  size: number;
  /** null when over the limit */
  content: Buffer | null;
  /** shown inside the HTML body (a cid: image), not a file the sender attached */
  inline: boolean;
  contentId: string | null;
  tooLarge: boolean;
};

export type InboundMail = {
  /** without angle brackets */
  messageId: string | null;
  /** ids without brackets */
  inReplyTo: string[];
  references: string[];
  from: MailAddress | null;
  replyTo: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  /** "" for <> (null bounce sender); null when the mail has no Return-Path header */
  returnPath: string | null;
  /** decoded, trimmed, "" if none */
  subject: string;
  date: Date | null;
  /** the whole body as plain text (HTML converted safely when there is no text part) */
  text: string;
  /** what the sender wrote this time: quoted history and signature removed; the whole text for a forward */
  reply: string;
  attachments: InboundAttachment[];
  /** why this is automatic mail, null for a person's mail */
  automatic: string | null;
  bounce: Bounce | null;
};

/** The message could not be read as mail at all (no header, or the MIME parser gave up). */
export class MalformedMailError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MalformedMailError";
  }
}

/** Same default as ATTACHMENT_MAX_BYTES. */
export const defaultMaxAttachmentBytes = 25 * 1024 * 1024;

/**
 * Reads one raw message (as received over SMTP or fetched over IMAP) into what the intake needs.
 * Pure: no database, no clock. Lenient like the mail clients people use: a missing closing
 * boundary, bad folding or broken base64 give a best-effort result; only input that is not mail
 * at all throws MalformedMailError.
 *
 * The whole message is held in memory (mailparser's simpleParser), attachments included; content
 * over maxAttachmentBytes is dropped from the result but its size reported, so the intake can name
 * the skipped file. The SMTP listener must prepend a Return-Path from the envelope sender (as any
 * delivery agent does), or an empty-envelope bounce is not recognised by that cue.
 */
export async function parseInboundMail(
  raw: Buffer,
  options: { maxAttachmentBytes?: number } = {},
): Promise<InboundMail> {
  const maxAttachmentBytes = options.maxAttachmentBytes ?? defaultMaxAttachmentBytes;
  const report = topLevelReportType(raw);
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(repairHeaderFolding(raw), {
      skipHtmlToText: true, // our own conversion (html-to-text.ts) drops scripts, pixels and quotes
      skipTextToHtml: true,
      keepCidLinks: true, // keep "cid:" so inline images can be told from attached files
      keepDeliveryStatus: true,
      checksumAlgo: false,
      // A report's returned message is evidence, not content: keep it as an attachment to read.
      ignoreEmbedded: report !== null,
    });
  } catch (error) {
    throw new MalformedMailError(`The message could not be parsed: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const header = firstHeaders(parsed);
  if (header.size === 0) throw new MalformedMailError("The message has no header fields");

  const from = addresses(parsed.from)[0] ?? null;
  const returnPath = returnPathOf(header.get("return-path"));
  const subject = (parsed.subject ?? "").trim();
  const html = typeof parsed.html === "string" && parsed.html.trim() !== "" ? parsed.html : null;
  const text = parsed.text?.trim() ? tidyText(parsed.text) : html ? htmlToText(html) : "";
  const attachments = parsed.attachments.map((attachment, index) =>
    toInboundAttachment(attachment, index, html, maxAttachmentBytes),
  );

  return {
    messageId: messageIdsIn(parsed.messageId)[0] ?? null,
    inReplyTo: messageIdsIn(parsed.inReplyTo),
    references: messageIdsIn(parsed.references),
    from,
    replyTo: addresses(parsed.replyTo),
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    returnPath,
    subject,
    date: dateOf(header.get("date"), parsed.date),
    text,
    reply: replyOf(text, html, subject),
    attachments,
    automatic: automaticReason({
      header: (name) => header.get(name) ?? null,
      fromAddress: from?.address ?? null,
      returnPath,
      reportType: report,
    }),
    bounce: report === "delivery-status" ? bounceOf(parsed.attachments, text) : null,
  };
}

/**
 * A forward keeps everything: the forwarded message is the point of it. Otherwise the quoted
 * history goes, from the HTML when there is HTML (the clients' markers are surest there).
 */
function replyOf(text: string, html: string | null, subject: string): string {
  if (isForwardSubject(subject)) return text;
  const reply = html ? stripQuotedHtml(html) : stripQuotedText(text);
  return reply || text;
}

/** First raw value of each header, unfolded, by lower-case name. */
function firstHeaders(parsed: ParsedMail): Map<string, string> {
  const values = new Map<string, string>();
  for (const { key, line } of parsed.headerLines) {
    const colon = line.indexOf(":");
    if (!key || colon === -1 || values.has(key)) continue;
    values.set(
      key,
      line
        .slice(colon + 1)
        .replace(/\r?\n[ \t]+/g, " ")
        .trim(),
    );
  }
  return values;
}

/**
 * A header line that neither starts with whitespace nor names a field is a continuation whose
 * folding whitespace a broken mailer left out ("Subject: Nightly backup\nfailed on FS01"); the
 * parser would drop it, so it is folded back in. Only the top-level header block is touched.
 */
function repairHeaderFolding(raw: Buffer): Buffer {
  const head = raw.subarray(0, 1024 * 1024).toString("latin1");
  const end = head.search(/\r?\n\r?\n/);
  if (end === -1) return raw;
  const lines = head.slice(0, end).split(/(?<=\n)/);
  let changed = false;
  const repaired = lines.map((line, index) => {
    if (index === 0 || /^[ \t]/.test(line) || /^[!-9;-~]+:/.test(line)) return line;
    changed = true;
    return ` ${line}`;
  });
  if (!changed) return raw;
  return Buffer.concat([Buffer.from(repaired.join(""), "latin1"), raw.subarray(end)]);
}

/**
 * The report-type of a top-level multipart/report, read from the raw header before parsing
 * (the parser needs to know whether to keep an embedded message as an attachment).
 */
function topLevelReportType(raw: Buffer): string | null {
  const head = raw.subarray(0, 64 * 1024).toString("latin1");
  const end = head.search(/\r?\n\r?\n/);
  const headers = (end === -1 ? head : head.slice(0, end)).replace(/\r?\n[ \t]+/g, " ");
  const contentType = /^content-type:\s*multipart\/report\b([^\r\n]*)/im.exec(headers);
  if (!contentType) return null;
  const type = /report-type\s*=\s*"?([\w.-]+)"?/i.exec(contentType[1] ?? "");
  return type?.[1]?.toLowerCase() ?? "unknown";
}

function addresses(value: AddressObject | AddressObject[] | undefined): MailAddress[] {
  const objects = Array.isArray(value) ? value : value ? [value] : [];
  const flat = (entries: EmailAddress[]): EmailAddress[] =>
    entries.flatMap((entry) => (entry.group ? flat(entry.group) : [entry]));
  return objects
    .flatMap((object) => flat(object.value))
    .filter((entry) => entry.address?.includes("@"))
    .map((entry) => ({ address: (entry.address ?? "").toLowerCase(), name: entry.name.trim() }));
}

/** "<>" → "" (the null sender of bounces); "<a@b>" → "a@b"; absent → null. */
function returnPathOf(value: string | undefined): string | null {
  if (value === undefined) return null;
  const bracketed = /<([^<>]*)>/.exec(value);
  return (bracketed ? (bracketed[1] ?? "") : value).trim().toLowerCase();
}

/** mailparser gives the current time for a Date it cannot read; a missing or unreadable date is null. */
function dateOf(raw: string | undefined, parsed: Date | undefined): Date | null {
  if (!raw || !parsed) return null;
  return Number.isNaN(Date.parse(raw.replace(/\([^)]*\)/g, " "))) ? null : parsed;
}

const extensions: Record<string, string> = {
  "application/pdf": ".pdf",
  "image/png": ".png",
  "image/jpeg": ".jpg",
  "image/gif": ".gif",
  "text/plain": ".txt",
  "text/html": ".html",
  "text/calendar": ".ics",
  "message/rfc822": ".eml",
  "message/delivery-status": ".txt",
  "text/rfc822-headers": ".txt",
};

function toInboundAttachment(
  attachment: Attachment,
  index: number,
  html: string | null,
  maxBytes: number,
): InboundAttachment {
  const contentType = attachment.contentType.toLowerCase();
  const contentId = attachment.cid ?? null;
  const tooLarge = attachment.size > maxBytes;
  const referenced = contentId !== null && html?.includes(`cid:${contentId}`) === true;
  return {
    filename: attachment.filename?.trim() || `attachment-${index + 1}${extensions[contentType] ?? ""}`,
    contentType,
    size: attachment.size,
    content: tooLarge ? null : attachment.content,
    inline: attachment.related === true || referenced,
    contentId,
    tooLarge,
  };
}

const returnedMessageTypes = new Set([
  "message/rfc822",
  "text/rfc822-headers",
  "message/rfc822-headers",
  "message/global",
  "message/global-headers",
]);

function bounceOf(attachments: Attachment[], text: string): Bounce {
  const status = attachments.find((attachment) =>
    ["message/delivery-status", "message/global-delivery-status"].includes(
      attachment.contentType.toLowerCase(),
    ),
  );
  const returned = attachments.filter((attachment) =>
    returnedMessageTypes.has(attachment.contentType.toLowerCase()),
  );
  const originalMessageIds = [
    ...new Set(
      returned.flatMap((attachment) => messageIdsInHeaderBlock(attachment.content.toString("utf8"))),
    ),
  ];
  return {
    originalMessageIds,
    ...readDeliveryStatus(status ? status.content.toString("utf8") : text),
  };
}
