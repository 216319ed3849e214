import { ticketNumberPattern } from "../../tickets/ticket-number.js";

/**
 * Subjects of outbound mail: the ticket's tag exactly once, `Re:` at most once.
 * Inbound has its own `cleanSubject`; the two belong together and can merge later.
 */

// Reply prefixes of common clients and languages, with counters such as "Re[2]:" or "RE^3:"; "RE :" (French spacing).
const replyPrefix =
  /^(?:re|aw|sv|vs|antw|odp|rif|ref|réf|ynt|回复|回覆|答复)\s*(?:\[\d+\]|\(\d+\)|\^\d+)?\s*[:：]\s*/iu;
// Any ticket's tag: a subject naming two tickets would thread unpredictably, so ours replaces them all.
const ticketTag = /\[\s*T-\d{8}-\d{4,}\s*\]/giu;
// Characters that break a header line or hide text; whitespace runs collapse to one space.
const controlCharacters = /[\p{Cc}\p{Zl}\p{Zp}]+/gu;

/** The subject without reply prefixes and ticket tags, on one line; "(no subject)" when nothing is left. */
export function baseSubject(subject: string): string {
  let rest = oneLine(subject)
    .replace(ticketTag, " ")
    .replace(/\s{2,}/g, " ")
    .trim();
  for (let previous = ""; previous !== rest; ) {
    previous = rest;
    rest = rest.replace(replyPrefix, "").trim();
  }
  return rest === "" ? "(no subject)" : rest;
}

/** `[T-20251119-0042] Printer broken`, or with a label: `[T-20251119-0042] Resolved: Printer broken`. */
export function taggedSubject(ticketNumber: string, subject: string, label?: string): string {
  const tag = subjectTag(ticketNumber);
  const base = baseSubject(subject);
  if (label === undefined) return `${tag} ${base}`;
  // Labels may hold user text (a contact's name), which must not add a second tag either.
  return `${tag} ${oneLine(label)
    .replace(ticketTag, " ")
    .replace(/\s{2,}/g, " ")
    .trim()}: ${base}`;
}

/** `Re: [T-20251119-0042] Printer broken`, whatever prefixes and tags the subject already had. */
export function replySubject(ticketNumber: string, subject: string): string {
  return `Re: ${taggedSubject(ticketNumber, subject)}`;
}

function subjectTag(ticketNumber: string): string {
  if (!ticketNumberPattern.test(ticketNumber)) throw new Error(`Not a ticket number: ${ticketNumber}`);
  return `[${ticketNumber.toUpperCase()}]`;
}

function oneLine(value: string): string {
  return value.replace(controlCharacters, " ");
}
