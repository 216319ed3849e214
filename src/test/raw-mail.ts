import type { CapturedMail } from "./smtp-sink.js";

/** A plain customer message as a mail client would hand it to an IMAP server (CRLF line ends). */
export function rawMail(mail: {
  from: string;
  to: string;
  subject: string;
  messageId: string;
  text: string;
  inReplyTo?: string;
}): string {
  return [
    `From: ${mail.from}`,
    `To: ${mail.to}`,
    `Subject: ${mail.subject}`,
    `Message-ID: <${mail.messageId}>`,
    ...(mail.inReplyTo ? [`In-Reply-To: <${mail.inReplyTo}>`, `References: <${mail.inReplyTo}>`] : []),
    "Date: Mon, 1 Jun 2026 10:00:00 +0000",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    mail.text,
    "",
  ].join("\r\n");
}

/** The header of a captured raw mail (first occurrence, unfolded), or undefined. */
export function headerOf(mail: CapturedMail, name: string): string | undefined {
  const head = mail.raw.toString("utf8").split(/\r?\n\r?\n/, 1)[0] ?? "";
  const unfolded = head.replace(/\r?\n[ \t]+/g, " ");
  const match = new RegExp(`^${name}:[ \\t]*(.*)$`, "im").exec(unfolded);
  return match?.[1]?.trim();
}

/** How often each Message-ID (without angle brackets) arrived at a sink. */
export function arrivalsByMessageId(messages: readonly CapturedMail[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const mail of messages) {
    const id = (headerOf(mail, "Message-ID") ?? "").replace(/^<|>$/g, "");
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}
