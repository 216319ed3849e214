/**
 * Why a mail was sent by a machine rather than a person (SPEC §6, rule 2), so it is stored but never
 * answered automatically. The first matching reason is returned, most specific first.
 *
 * Mailing-list mail (a List-Id header) counts as automatic too: RFC 3834 §2 asks responders not to
 * answer list mail, and an acknowledgement sent to a list would reach every subscriber. It still
 * becomes a ticket; it just gets no automatic answer.
 */
export type AutomaticSignals = {
  /** First value of a header, raw (not decoded), by lower-case name; null when absent. */
  header: (name: string) => string | null;
  fromAddress: string | null;
  returnPath: string | null;
  /** The report-type of a top-level multipart/report, or null. */
  reportType: string | null;
};

const automaticPrecedence = new Set(["bulk", "junk", "list", "auto_reply"]);

export function automaticReason(signals: AutomaticSignals): string | null {
  const { header } = signals;
  if (signals.reportType === "delivery-status") return "delivery status report";
  if (signals.reportType) return `report: ${signals.reportType}`;

  const autoSubmitted = token(header("auto-submitted"));
  if (autoSubmitted && autoSubmitted !== "no") return `Auto-Submitted: ${autoSubmitted}`;
  for (const name of ["X-Autoreply", "X-Autorespond"]) {
    const value = header(name.toLowerCase())?.trim();
    if (value !== undefined && value.toLowerCase() !== "no") return `${name}: ${value}`;
  }
  const suppress = header("x-auto-response-suppress")?.trim();
  // Exchange puts it on its own automatic mail ("All", "OOF, DR, RN"); "None" asks for nothing.
  if (suppress && suppress.toLowerCase() !== "none") return `X-Auto-Response-Suppress: ${suppress}`;
  const precedence = token(header("precedence"));
  if (precedence && automaticPrecedence.has(precedence)) return `Precedence: ${precedence}`;
  if (header("list-id") !== null) return "List-Id";

  if (signals.returnPath === "") return "empty Return-Path";
  const local = signals.fromAddress?.split("@")[0]?.toLowerCase();
  if (local === "mailer-daemon") return "MAILER-DAEMON";
  if (local === "postmaster") return "postmaster";
  return null;
}

/** The first token of a header value, lower-cased: "auto-replied; owner-email=…" → "auto-replied". */
function token(value: string | null): string | null {
  const first = value?.split(";")[0]?.trim().toLowerCase();
  return first ? first : null;
}
