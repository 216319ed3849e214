import type { TicketPriority } from "../../db/schema.js";
import { greeting, type MailContent } from "./mail-content.js";
import { escapeHtml, htmlDocument, link, paragraph, quotation } from "./markup.js";
import { excerpt, quoteText } from "./plain-text.js";
import { baseSubject, taggedSubject } from "./subject.js";

/** Mails to agents: what happened, the ticket at a glance, and a link into the web app. */

export type TicketSummary = {
  ticketNumber: string;
  subject: string;
  priority: TicketPriority;
  contactName: string | null;
};

type NotificationBase = {
  ticket: TicketSummary;
  /** The agent receiving the mail. */
  recipientName: string | null;
  /** PUBLIC_URL: links go to `${publicUrl}/tickets/${number}`. */
  publicUrl: string;
};

export type AssignedToYouInput = NotificationBase & { assignedBy: string | null };
export type CustomerRepliedInput = NotificationBase & { message: string };
export type NewTicketInTeamInput = NotificationBase & { teamName: string; description: string };

export function assignedToYou(input: AssignedToYouInput): MailContent {
  const number = input.ticket.ticketNumber;
  const who = input.assignedBy?.trim();
  return notification(input, {
    label: "Assigned to you",
    news: who ? `${who} assigned ticket ${number} to you.` : `Ticket ${number} was assigned to you.`,
    because: "you are the ticket's assignee",
  });
}

export function customerReplied(input: CustomerRepliedInput): MailContent {
  const contact = input.ticket.contactName?.trim() || "The customer";
  return notification(input, {
    label: `New reply from ${contact}`,
    news: `${contact} replied on ticket ${input.ticket.ticketNumber}:`,
    quoted: excerpt(input.message, 600),
    because: "you are the ticket's assignee",
  });
}

export function newTicketInTeam(input: NewTicketInTeamInput): MailContent {
  return notification(input, {
    label: `New ticket in ${input.teamName}`,
    news: `A new ticket ${input.ticket.ticketNumber} arrived for ${input.teamName}:`,
    quoted: excerpt(input.description, 600),
    because: `you are in the team ${input.teamName}`,
  });
}

export type SlaNoticeInput = NotificationBase & {
  /** Which promise: the first response or the resolution. */
  target: "first_response" | "resolution";
  /** When it is (or was) due. */
  dueAt: Date;
  /** Why this agent hears of it: the assignee, the team, or the team's admins (escalation). */
  because: string;
};

const targetWords = { first_response: "first response", resolution: "resolution" } as const;

/** 80% of an SLA target used up (SPEC §7). */
export function slaWarning(input: SlaNoticeInput): MailContent {
  const what = targetWords[input.target];
  return notification(input, {
    label: `SLA warning: ${what} due soon`,
    news: `The ${what} of ticket ${input.ticket.ticketNumber} is due at ${input.dueAt.toISOString().slice(0, 16).replace("T", " ")} UTC.`,
    because: input.because,
  });
}

/** An SLA target missed (SPEC §7). */
export function slaBreached(input: SlaNoticeInput): MailContent {
  const what = targetWords[input.target];
  return notification(input, {
    label: `SLA breached: ${what} overdue`,
    news: `The ${what} of ticket ${input.ticket.ticketNumber} was due at ${input.dueAt.toISOString().slice(0, 16).replace("T", " ")} UTC and is overdue.`,
    because: input.because,
  });
}

function notification(
  { ticket, recipientName, publicUrl }: NotificationBase,
  what: { label: string; news: string; quoted?: string; because: string },
): MailContent {
  const subject = taggedSubject(ticket.ticketNumber, ticket.subject, what.label);
  const url = `${publicUrl.replace(/\/+$/, "")}/tickets/${encodeURIComponent(ticket.ticketNumber)}`;
  const details: [string, string][] = [
    ["Subject", baseSubject(ticket.subject)],
    ["Priority", ticket.priority.charAt(0).toUpperCase() + ticket.priority.slice(1)],
    ["Contact", ticket.contactName?.trim() || "—"],
  ];
  const footer = `You get this mail because ${what.because}. You can turn these notifications off in your Ticketdesk profile.`;
  const text = [
    greeting(recipientName),
    what.news,
    ...(what.quoted ? [quoteText(what.quoted)] : []),
    details.map(([name, value]) => `${`${name}:`.padEnd(10)}${value}`).join("\n"),
    `Open the ticket: ${url}`,
    `--\n${footer}`,
  ].join("\n\n");
  const rows = details
    .map(
      ([name, value]) =>
        `<tr><td style="padding:2px 16px 2px 0;color:#57606a">${name}</td><td style="padding:2px 0">${escapeHtml(value)}</td></tr>`,
    )
    .join("\n");
  const html = htmlDocument({
    title: subject,
    body: [
      paragraph(escapeHtml(greeting(recipientName))),
      paragraph(escapeHtml(what.news)),
      ...(what.quoted ? [quotation(what.quoted)] : []),
      `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:0 0 16px 0">\n${rows}\n</table>`,
      paragraph(link(url, `Open ticket ${ticket.ticketNumber}`)),
    ].join("\n"),
    footer: escapeHtml(footer),
  });
  return { subject, text, html };
}
