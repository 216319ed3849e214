import type { MailContent } from "./mail-content.js";
import { escapeHtml, htmlDocument, paragraph, quotation, textToHtml } from "./markup.js";
import { quoteText, tidyText } from "./plain-text.js";
import { replySubject } from "./subject.js";

export type AgentReplyInput = {
  ticketNumber: string;
  subject: string;
  /** The agent's public reply. */
  body: string;
  agentName: string;
  deskName: string;
  /**
   * The previous public message, quoted under the reply so the thread reads on its own. The caller
   * passes public messages only: this template is given no internal notes, so it can quote none.
   */
  previous?: { authorName: string; text: string } | null;
};

/** An agent's public reply, to the ticket's contact and CC'd addresses. */
export function agentReply(input: AgentReplyInput): MailContent {
  const { ticketNumber, agentName, deskName, previous } = input;
  const subject = replySubject(ticketNumber, input.subject);
  const body = tidyText(input.body);
  const previousText = previous ? tidyText(previous.text) : "";
  const text = [
    body,
    `${agentName}\n${deskName}`,
    ...(previous && previousText ? [`${previous.authorName} wrote:\n${quoteText(previousText)}`] : []),
  ].join("\n\n");
  const html = htmlDocument({
    title: subject,
    body: [
      paragraph(textToHtml(body)),
      paragraph(`${escapeHtml(agentName)}<br>\n<span style="color:#57606a">${escapeHtml(deskName)}</span>`),
      ...(previous && previousText
        ? [paragraph(`${escapeHtml(previous.authorName)} wrote:`), quotation(previousText)]
        : []),
    ].join("\n"),
    footer: `Ticket ${escapeHtml(ticketNumber)} · ${escapeHtml(deskName)} · Reply to this mail to answer.`,
  });
  return { subject, text, html };
}
