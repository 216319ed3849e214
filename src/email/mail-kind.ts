/** Every mail Ticketdesk sends. Only the agent's reply is written by a person; the others are automatic. */
export const mailKinds = [
  "acknowledgement",
  "agent-reply",
  "resolved",
  "assigned-to-you",
  "customer-replied",
  "new-ticket-in-team",
  "sla-warning",
  "sla-breached",
] as const;

export type MailKind = (typeof mailKinds)[number];

/** Mails sent without a person writing them (RFC 3834): they must never answer an automatic mail. */
export function isAutomaticMail(kind: MailKind): boolean {
  return kind !== "agent-reply";
}

/** Mails to agents rather than to the ticket's contact. */
export function isAgentNotification(kind: MailKind): boolean {
  return (
    kind === "assigned-to-you" ||
    kind === "customer-replied" ||
    kind === "new-ticket-in-team" ||
    kind === "sla-warning" ||
    kind === "sla-breached"
  );
}
