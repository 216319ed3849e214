import { greeting, type MailContent } from "./mail-content.js";
import { escapeHtml, htmlDocument, paragraph, quotation } from "./markup.js";
import { excerpt, quoteText } from "./plain-text.js";
import { baseSubject, taggedSubject } from "./subject.js";

export type AcknowledgementInput = {
  ticketNumber: string;
  subject: string;
  contactName: string | null;
  /** What the contact wrote (their mail's text or the portal form's description). */
  message: string;
  /** The team or desk that answers, as the contact should see it ("Acme Support"). */
  deskName: string;
};

/** To the contact when their ticket arrives by mail or portal: we have it, here is its number, reply to add more. */
export function acknowledgement(input: AcknowledgementInput): MailContent {
  const { ticketNumber, contactName, deskName } = input;
  const subject = taggedSubject(ticketNumber, input.subject, "We received your request");
  const quoted = excerpt(input.message, 400);
  const replyHint = `To add anything, simply reply to this mail and keep [${ticketNumber}] in the subject.`;
  const text = [
    greeting(contactName),
    `We received your request and gave it the number ${ticketNumber}. We will answer as soon as we can.`,
    `Subject: ${baseSubject(input.subject)}`,
    ...(quoted ? [`You wrote:\n${quoteText(quoted)}`] : []),
    replyHint,
    deskName,
  ].join("\n\n");
  const html = htmlDocument({
    title: subject,
    body: [
      paragraph(escapeHtml(greeting(contactName))),
      paragraph(
        `We received your request and gave it the number <strong>${escapeHtml(ticketNumber)}</strong>. We will answer as soon as we can.`,
      ),
      paragraph(`<strong>Subject:</strong> ${escapeHtml(baseSubject(input.subject))}`),
      ...(quoted ? [paragraph("You wrote:"), quotation(quoted)] : []),
      paragraph(escapeHtml(replyHint)),
      paragraph(escapeHtml(deskName)),
    ].join("\n"),
    footer: `This is an automatic confirmation from ${escapeHtml(deskName)}.`,
  });
  return { subject, text, html };
}
