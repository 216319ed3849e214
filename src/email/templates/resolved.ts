import { greeting, type MailContent } from "./mail-content.js";
import { checkedUrl, escapeHtml, htmlDocument, link, paragraph } from "./markup.js";
import { baseSubject, taggedSubject } from "./subject.js";

export type ResolvedInput = {
  ticketNumber: string;
  subject: string;
  contactName: string | null;
  deskName: string;
  /** The satisfaction survey (`PUBLIC_URL/csat/{token}`); no survey paragraph when absent. */
  surveyUrl?: string | null;
};

/** To the contact when their ticket is resolved: a reply reopens it; optionally, rate our help. */
export function resolved(input: ResolvedInput): MailContent {
  const { ticketNumber, contactName, deskName } = input;
  const subject = taggedSubject(ticketNumber, input.subject, "Resolved");
  const title = baseSubject(input.subject);
  const surveyUrl = input.surveyUrl ? checkedUrl(input.surveyUrl) : null;
  const reopenHint =
    "If the problem is not solved for you, simply reply to this mail and we will pick it up again.";
  const text = [
    greeting(contactName),
    `We have resolved your request ${ticketNumber}: "${title}".`,
    reopenHint,
    ...(surveyUrl ? [`How did we do? Tell us with one click: ${surveyUrl}`] : []),
    deskName,
  ].join("\n\n");
  const html = htmlDocument({
    title: subject,
    body: [
      paragraph(escapeHtml(greeting(contactName))),
      paragraph(
        `We have resolved your request <strong>${escapeHtml(ticketNumber)}</strong>: “${escapeHtml(title)}”.`,
      ),
      paragraph(escapeHtml(reopenHint)),
      ...(surveyUrl ? [paragraph(`How did we do? ${link(surveyUrl, "Tell us with one click")}.`)] : []),
      paragraph(escapeHtml(deskName)),
    ].join("\n"),
    footer: `This is an automatic message from ${escapeHtml(deskName)}.`,
  });
  return { subject, text, html };
}
