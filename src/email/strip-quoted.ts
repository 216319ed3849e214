import { htmlToTextWith, quoteCutMarker, tidyText } from "./html-to-text.js";

/*
 * What the sender wrote this time, without the history their client quoted below (or above) it.
 *
 * Our own rules, not a library. On the 9 reply fixtures (src/test/fixtures/mail) email-reply-parser
 * 2.3.7 got 8 right from the text part, but it also drops sign-offs ("Regards\nBernd") and a pasted
 * "> Error ..." line inside a message, and it reads text only; planer 1.2 got 7 of 9 from text
 * (it keeps "-- " signatures) and its HTML mode needs XPath (document.evaluate), which happy-dom
 * lacks and jsdom (Node 22+) would bring; talon 2.3.2 only strips signatures (1 of 9).
 * These rules get all 9, and stay small enough to read.
 *
 * With HTML the mail clients' own markers are the most reliable cue, so they are removed before the
 * HTML becomes text: Gmail's gmail_quote, Apple Mail's and Thunderbird's <blockquote type=cite> and
 * moz-cite-prefix, Yahoo's yahoo_quoted, signatures in gmail_signature / moz-signature (skipped
 * where they are), and Outlook's divRplyFwdMsg / appendonsend header, after which everything is
 * history (cut there). The text rules then run on the result, and alone on text-only mail:
 * an Outlook header block ("From:/Sent:/To:/Subject:" in several languages, or
 * "-----Original Message-----") starts the history; ">"-quoted blocks are removed when they are
 * trailing or introduced by an attribution line ("On … wrote:", "Am … schrieb …:", ...); a
 * signature after a "-- " line is removed. Quotes in the middle without an attribution are kept:
 * they give an interleaved answer its context.
 */

const htmlQuoteCues = [
  ...[
    ".gmail_quote",
    "blockquote[type=cite]",
    ".moz-cite-prefix",
    ".yahoo_quoted",
    ".gmail_signature",
    ".gmail_signature_prefix",
    ".moz-signature",
  ].map((selector) => ({ selector, format: "skip" })),
  ...[
    "#divRplyFwdMsg",
    "#appendonsend",
    ".OutlookMessageHeader",
    "#mail-editor-reference-message-container",
  ].map((selector) => ({ selector, format: "quoteCut" })),
];

const replyHtmlToText = htmlToTextWith(htmlQuoteCues);

/** The reply part of an HTML body, as plain text ("" when nothing is left). */
export function stripQuotedHtml(html: string): string {
  const text = replyHtmlToText(html);
  const cut = text.indexOf(quoteCutMarker);
  return stripQuotedText(cut === -1 ? text : text.slice(0, cut));
}

/** The reply part of a plain-text body ("" when nothing is left). */
export function stripQuotedText(text: string): string {
  let lines = tidyText(text).split("\n");
  lines = lines.slice(0, historyStart(lines));
  lines = removeQuotedBlocks(lines);
  lines = removeTrailingAttribution(lines);
  lines = removeSignature(lines);
  return tidyText(lines.join("\n").replace(/(\n[-_=]{3,}\s*)+$/, ""));
}

const originalMessage =
  /^-{2,}\s*(original message|ursprüngliche nachricht|message d'origine|mensaje original|oorspronkelijk bericht|messaggio originale|mensagem original|originalmeddelande|alkuperäinen viesti|исходное сообщение|wiadomość oryginalna|původní zpráva)\s*-{2,}$/i;
const headerFrom = /^\*?(from|von|de|van|da|från|fra|od|от|lähettäjä|feladó)\s*:\*?\s*\S/i;
const headerDate =
  /^\*?(sent|date|gesendet|datum|envoyé|verzonden|enviado|fecha|inviato|data|skickat|sendt|отправлено|wysłano|odesláno|lähetetty|elküldve)\s*:/i;
const headerToOrSubject =
  /^\*?(to|cc|an|à|a|aan|para|till|til|кому|do|komu|vastaanottaja|címzett|subject|betreff|objet|onderwerp|asunto|oggetto|assunto|ämne|emne|тема|temat|předmět|aihe|tárgy)\s*:/i;
const separatorLine = /^[-_=]{10,}$/;

/** Index of the first line of an Outlook-style history header, or lines.length. */
function historyStart(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").trim();
    if (originalMessage.test(line)) return i;
    if (headerFrom.test(line) && isHeaderBlock(lines.slice(i + 1, i + 6))) {
      const previous = lastNonBlank(lines, i - 1);
      return previous !== -1 && separatorLine.test((lines[previous] ?? "").trim()) ? previous : i;
    }
  }
  return lines.length;
}

function isHeaderBlock(following: string[]): boolean {
  const trimmed = following.map((line) => line.trim());
  return (
    trimmed.some((line) => headerDate.test(line)) && trimmed.some((line) => headerToOrSubject.test(line))
  );
}

const attributions = [
  /^on\b.{0,250}\bwrote\s?:$/i,
  /^am\b.{0,250}\bschrieb\b.{0,250}:$/i,
  /^le\b.{0,250}\ba écrit\s?:$/i,
  /^el\b.{0,250}\bescribió\s?:$/i,
  /^op\b.{0,250}\bschreef\b.{0,250}:$/i,
  /^il\b.{0,250}\bha scritto\s?:$/i,
  /^em\b.{0,250}\bescreveu\s?:$/i,
  /^den\b.{0,250}\bskrev\b.{0,250}:$/i,
];

/**
 * Where the attribution line ending at `end` starts, or -1. Clients wrap long ones, so up to
 * three lines are joined ("On Sat, 5 Dec 2026 at 10:12, Support <\nsupport@example.com> wrote:").
 */
function attributionStart(lines: string[], end: number): number {
  for (let start = end; start >= Math.max(0, end - 2); start--) {
    const joined = lines
      .slice(start, end + 1)
      .map((line) => line.trim())
      .join(" ");
    if (attributions.some((pattern) => pattern.test(joined))) return start;
  }
  return -1;
}

const isQuoted = (line: string) => /^\s*>/.test(line);
const isBlank = (line: string | undefined) => (line ?? "").trim() === "";

function lastNonBlank(lines: string[], from: number): number {
  for (let i = from; i >= 0; i--) if (!isBlank(lines[i])) return i;
  return -1;
}

function removeQuotedBlocks(lines: string[]): string[] {
  const drop = new Array<boolean>(lines.length).fill(false);
  let i = 0;
  while (i < lines.length) {
    if (!isQuoted(lines[i] ?? "")) {
      i++;
      continue;
    }
    const start = i;
    let end = i + 1; // exclusive; a blank line between two quoted lines belongs to the block
    while (end < lines.length) {
      if (isQuoted(lines[end] ?? "")) end++;
      else if (isBlank(lines[end])) {
        let next = end;
        while (next < lines.length && isBlank(lines[next])) next++;
        if (next < lines.length && isQuoted(lines[next] ?? "")) end = next;
        else break;
      } else break;
    }
    const before = lastNonBlank(lines, start - 1);
    const attribution = before === -1 ? -1 : attributionStart(lines, before);
    const trailing = lines.slice(end).every(isBlank);
    if (attribution !== -1 || trailing) drop.fill(true, attribution !== -1 ? attribution : start, end);
    i = end;
  }
  return lines.filter((_, index) => !drop[index]);
}

/** An attribution left behind when the HTML quote it introduced was removed (Apple Mail). */
function removeTrailingAttribution(lines: string[]): string[] {
  const last = lastNonBlank(lines, lines.length - 1);
  if (last === -1) return lines;
  const start = attributionStart(lines, last);
  return start === -1 ? lines : lines.slice(0, start);
}

/** Longest signature removed after a "-- " line; more below it is probably not a signature. */
const maxSignatureLines = 20;

function removeSignature(lines: string[]): string[] {
  for (let i = 1; i < lines.length; i++) {
    if (!/^--\s*$/.test(lines[i] ?? "")) continue;
    if (lines.slice(0, i).every(isBlank)) continue;
    if (lines.slice(i + 1).filter((line) => !isBlank(line)).length > maxSignatureLines) continue;
    return lines.slice(0, i);
  }
  return lines;
}
