/**
 * Subjects of ticket mail: the "[T-YYYYMMDD-NNNN]" tag that threads a reply to its ticket, and the
 * reply/forward prefixes mail clients pile up in many languages.
 */

const ticketTag = /\[(T-\d{8}-\d{4,})\]/i;
const ticketTags = /\s*\[T-\d{8}-\d{4,}\]\s*/gi;

/**
 * Reply and forward prefixes: English Re/Fwd/Fw, German AW/WG, Nordic SV/VS, Dutch Antw/Doorst,
 * French TR, with Outlook's counters ("RE[2]:") and full-width colons (CJK clients).
 */
const prefix = /^(re|fwd?|aw|wg|sv|vs|antw|doorst|tr)(\s*\[\d+\])?\s*[:：]\s*/i;

/** The canonical (upper-case) ticket number tagged in a subject, or null. */
export function ticketNumberInSubject(subject: string): string | null {
  const match = ticketTag.exec(subject);
  return match?.[1] ? match[1].toUpperCase() : null;
}

/**
 * The subject without reply/forward prefixes and ticket tags, whitespace collapsed and trimmed.
 * Empty when nothing is left; the caller shows "(no subject)".
 */
export function cleanSubject(subject: string): string {
  let current = collapse(subject.replace(ticketTags, " "));
  for (;;) {
    const next = collapse(current.replace(prefix, ""));
    if (next === current) return current;
    current = next;
  }
}

/** Whether a subject says the mail forwards another one (its first prefix is a forward's). */
export function isForwardSubject(subject: string): boolean {
  return /^(fwd?|wg|doorst|tr)(\s*\[\d+\])?\s*[:：]/i.test(subject.trim());
}

function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
