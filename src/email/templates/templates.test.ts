import { describe, expect, it } from "vitest";
import { acknowledgement } from "./acknowledgement.js";
import {
  assignedToYou,
  customerReplied,
  newTicketInTeam,
  type TicketSummary,
} from "./agent-notifications.js";
import { agentReply } from "./agent-reply.js";
import type { MailContent } from "./mail-content.js";
import { resolved } from "./resolved.js";

const ticketNumber = "T-20251119-0042";
const hostile = `Printer <script>alert("x")</script> & "friends"`;
const ticket: TicketSummary = {
  ticketNumber,
  subject: hostile,
  priority: "urgent",
  contactName: "Anna <b>Smith</b>",
};
const base = { recipientName: "Bob", publicUrl: "https://desk.example.com/" };

const mails: Record<string, MailContent> = {
  acknowledgement: acknowledgement({
    ticketNumber,
    subject: `Re: ${hostile}`,
    contactName: "Anna",
    message: `Hello,\nmy printer says <script>alert(1)</script>.\n\nThanks`,
    deskName: "Acme <Support>",
  }),
  agentReply: agentReply({
    ticketNumber,
    subject: hostile,
    body: "Please restart it.\n<script>alert(2)</script>",
    agentName: "Bob",
    deskName: "Acme Tech",
    previous: { authorName: "Anna", text: "It prints <script>alert(3)</script>" },
  }),
  resolved: resolved({ ticketNumber, subject: hostile, contactName: "Anna", deskName: "Acme" }),
  assignedToYou: assignedToYou({ ...base, ticket, assignedBy: "Carol" }),
  customerReplied: customerReplied({ ...base, ticket, message: "Still <script>broken</script>" }),
  newTicketInTeam: newTicketInTeam({
    ...base,
    ticket,
    teamName: "Tech",
    description: "New <script>x</script>",
  }),
};

describe.each(Object.entries(mails))("%s", (_, mail) => {
  it("carries the ticket's tag in the subject exactly once", () => {
    expect(mail.subject.match(/\[T-\d{8}-\d{4,}\]/g)).toEqual([`[${ticketNumber}]`]);
    expect(mail.subject).not.toMatch(/\n|\r/);
  });

  it("escapes user text in the HTML part", () => {
    expect(mail.html).not.toMatch(/<script/i);
    expect(mail.html).toContain("&lt;script&gt;");
    expect(mail.html).not.toMatch(/<img|src=|<style/i);
  });

  it("has a readable text part without markup of ours", () => {
    expect(mail.text).not.toMatch(/<(p|br|div|table|a)\b/i);
    expect(mail.text).not.toMatch(/&lt;|&amp;/);
    expect(mail.text.length).toBeGreaterThan(20);
  });
});

describe("acknowledgement", () => {
  it("says we have the request, quotes it, and tells how to reply", () => {
    const { subject, text, html } = mails.acknowledgement as MailContent;
    expect(subject).toBe(`[${ticketNumber}] We received your request: ${hostile}`);
    expect(text).toContain("> my printer says <script>alert(1)</script>.");
    expect(text).toMatch(/reply to this mail/);
    expect(html).toContain("Acme &lt;Support&gt;");
  });

  it("shortens a long message to an excerpt", () => {
    const long = acknowledgement({
      ticketNumber,
      subject: "Log",
      contactName: null,
      message: "word ".repeat(1000),
      deskName: "Acme",
    });
    expect(long.text.length).toBeLessThan(1000);
    expect(long.text).toContain("word …");
    expect(long.text.startsWith("Hello,")).toBe(true);
  });
});

describe("agentReply", () => {
  it("answers with Re:, the reply, the agent and desk, and the previous public message quoted", () => {
    const { subject, text, html } = mails.agentReply as MailContent;
    expect(subject).toBe(`Re: [${ticketNumber}] ${hostile}`);
    expect(text).toBe(
      "Please restart it.\n<script>alert(2)</script>\n\nBob\nAcme Tech\n\nAnna wrote:\n> It prints <script>alert(3)</script>",
    );
    expect(html).toContain("Please restart it.<br>\n&lt;script&gt;alert(2)&lt;/script&gt;");
    expect(html).toContain("<blockquote");
  });

  it("quotes nothing when there is no previous message", () => {
    const mail = agentReply({
      ticketNumber,
      subject: "x",
      body: "Done.",
      agentName: "Bob",
      deskName: "Acme",
    });
    expect(mail.text).toBe("Done.\n\nBob\nAcme");
    expect(mail.html).not.toContain("<blockquote");
  });
});

describe("resolved", () => {
  const surveyUrl = "https://desk.example.com/csat/tok_123?x=1&y=2";

  it("links the survey only when it is given", () => {
    const withSurvey = resolved({
      ticketNumber,
      subject: "x",
      contactName: "Anna",
      deskName: "Acme",
      surveyUrl,
    });
    expect(withSurvey.text).toContain(surveyUrl);
    expect(withSurvey.html).toContain('href="https://desk.example.com/csat/tok_123?x=1&amp;y=2"');
    const without = mails.resolved as MailContent;
    expect(without.text).not.toMatch(/csat|How did we do/);
    expect(without.html).not.toMatch(/csat|How did we do|href=/);
  });

  it("says a reply reopens the ticket", () => {
    expect((mails.resolved as MailContent).text).toMatch(/reply to this mail/);
  });

  it("refuses a survey link that is not http(s)", () => {
    expect(() =>
      resolved({
        ticketNumber,
        subject: "x",
        contactName: null,
        deskName: "Acme",
        surveyUrl: "javascript:alert(1)",
      }),
    ).toThrow(/http/);
  });
});

describe("agent notifications", () => {
  it("link to the ticket in the web app and show subject, number, priority and contact", () => {
    for (const mail of [mails.assignedToYou, mails.customerReplied, mails.newTicketInTeam] as MailContent[]) {
      expect(mail.text).toContain(`https://desk.example.com/tickets/${ticketNumber}`);
      expect(mail.html).toContain(`href="https://desk.example.com/tickets/${ticketNumber}"`);
      expect(mail.text).toMatch(/Priority: Urgent/);
      expect(mail.text).toContain("Contact:  Anna <b>Smith</b>");
      expect(mail.html).toContain("Anna &lt;b&gt;Smith&lt;/b&gt;");
    }
  });

  it("say what happened", () => {
    expect(mails.assignedToYou?.subject).toBe(`[${ticketNumber}] Assigned to you: ${hostile}`);
    expect(mails.assignedToYou?.text).toContain(`Carol assigned ticket ${ticketNumber} to you.`);
    expect(mails.customerReplied?.text).toContain("> Still <script>broken</script>");
    expect(mails.newTicketInTeam?.subject).toBe(`[${ticketNumber}] New ticket in Tech: ${hostile}`);
  });

  it("keep a tag in a contact's name out of the subject", () => {
    const mail = customerReplied({
      ...base,
      ticket: { ...ticket, contactName: "[T-20250101-0001]" },
      message: "hi",
    });
    expect(mail.subject.match(/\[T-/g)).toHaveLength(1);
  });
});
