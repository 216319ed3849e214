import MailComposer from "nodemailer/lib/mail-composer";
import { demoDescription, demoSubject } from "../cli/demo-data/demo-text.js";
import { createRandom, type Random } from "../cli/demo-data/random.js";

/**
 * The customers' side of the mail benchmark: realistic inbound messages as raw RFC 5322 bytes. New requests
 * (seed-demo's subjects and descriptions, a signature and a disclaimer, an HTML alternative for 40%, a
 * small attachment for 15%: 2–30 KB in all) from distinct senders: contacts the directory knows, new people
 * at the companies' domains (new contacts under that company), and new people at free-mail domains
 * ("Unsorted"); a new sender for each request, known contacts taken in turn, so nobody reaches the loop
 * guard's cap of ten acknowledgements an hour. Replies: to an acknowledgement the sink received (In-Reply-To and References naming
 * its Message-ID, "Re: " its subject), or, from a contact of an open ticket of the data set, by the ticket's
 * [T-…] tag in the subject.
 */

export type Person = { name: string; address: string };
export type RawMail = { envelope: { from: string; to: string[] }; raw: Buffer; kind: MessageKind };
export type MessageKind = "new" | "reply-thread" | "reply-tag";
/** An acknowledgement a sender can answer. */
export type Acknowledgement = { to: string; messageId: string; subject: string };
/** An open data-set ticket and its contact, for replies by subject tag. */
export type TaggedTicket = { ticketNumber: string; subject: string; contact: Person };

const freeMailDomains = ["mail.example.net", "outlook.example.com", "web.example.org", "posteo.example.de"];
const firstNames = ["Anna", "Bernd", "Chen", "Dana", "Emil", "Fatma", "Goran", "Hana", "Ivo", "Jana", "Kofi"];
const lastNames = ["Schmidt", "Keller", "Wu", "Okafor", "Novak", "Yilmaz", "Petrov", "Sato", "Berg", "Silva"];

const signature = (p: Person, company: string) =>
  `--\n${p.name}\n${company}\nPhone +49 30 1234 5678 · Mobile +49 170 555 0199\n${p.address}`;
const disclaimer =
  "This e-mail and any attachments are confidential and may be privileged. If you are not the intended " +
  "recipient, please notify the sender immediately and delete it; do not copy or disclose its contents. " +
  "E-mail transmission cannot be guaranteed to be secure or error-free. The sender therefore does not " +
  "accept liability for any errors or omissions in the contents of this message which arise as a result " +
  "of e-mail transmission.";

function html(text: string): string {
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const paragraphs = escaped
    .split(/\n{2,}/)
    .map(
      (p) => `<p style="font-family:Calibri,Arial,sans-serif;font-size:11pt">${p.replace(/\n/g, "<br>")}</p>`,
    )
    .join("\n");
  return `<html><head><meta charset="utf-8"></head><body>\n${paragraphs}\n</body></html>`;
}

function attachment(rng: Random): { filename: string; contentType: string; content: Buffer } {
  const size = rng.int(2_000, 20_000);
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = rng.int(0, 255);
  const kind = rng.pick([
    {
      filename: "screenshot.png",
      contentType: "image/png",
      magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    },
    { filename: "error-log.txt", contentType: "text/plain", magic: [] },
    { filename: "invoice.pdf", contentType: "application/pdf", magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  ]);
  if (kind.contentType === "text/plain") {
    const lines = Array.from(
      { length: Math.ceil(size / 80) },
      (_, i) =>
        `2026-12-06T09:${String(i % 60).padStart(2, "0")}:12Z ERROR sync: timeout after 30000 ms (attempt ${i})`,
    );
    return { filename: kind.filename, contentType: kind.contentType, content: Buffer.from(lines.join("\n")) };
  }
  Buffer.from(kind.magic).copy(bytes);
  return { filename: kind.filename, contentType: kind.contentType, content: bytes };
}

export async function build(options: Record<string, unknown>): Promise<Buffer> {
  return new MailComposer(options).compile().build();
}

export class InboundMessages {
  readonly #rng: Random;
  readonly #to: string;
  readonly #companies: { domain: string; name: string }[];
  readonly #known: Person[];
  #senders = 0;
  #sent = 0;

  /**
   * @param phase names this run's messages and new senders (distinct per phase, so no sender hits the
   * hourly acknowledgement cap across phases).
   */
  constructor(
    readonly phase: string,
    mailbox: string,
    directory: { companies: { domain: string; name: string }[]; contacts: Person[] },
  ) {
    this.#rng = createRandom(`mailbench-${phase}`);
    this.#to = mailbox;
    this.#companies = directory.companies;
    this.#known = directory.contacts;
  }

  /** A sender for a new request: a known contact, a new person at a company's domain, or at a free-mail domain. */
  #sender(): { person: Person; company: string } {
    const rng = this.#rng;
    const n = this.#senders++;
    const name = `${rng.pick(firstNames)} ${rng.pick(lastNames)}`;
    const local = `${name.toLowerCase().replace(" ", ".")}.${this.phase}${n}`;
    const roll = n % 3;
    if (roll === 0 && this.#known.length > 0) {
      const known = this.#known[n % this.#known.length] as Person;
      return { person: known, company: "" };
    }
    if (roll === 1 && this.#companies.length > 0) {
      const company = rng.pick(this.#companies);
      return { person: { name, address: `${local}@${company.domain}` }, company: company.name };
    }
    return { person: { name, address: `${local}@${rng.pick(freeMailDomains)}` }, company: "" };
  }

  #messageId(person: Person): string {
    const domain = person.address.slice(person.address.indexOf("@") + 1);
    return `<mailbench-${this.phase}-${this.#sent++}.${Math.floor(this.#rng.next() * 1e9)}@${domain}>`;
  }

  /** A new request. */
  async newRequest(): Promise<RawMail & { from: Person }> {
    const rng = this.#rng;
    const { person, company } = this.#sender();
    const category = rng.pick(["technical", "billing", "account", "general"]);
    const first = person.name.split(" ")[0] ?? person.name;
    const text = [
      demoDescription(rng, category, first, -1),
      rng.chance(0.5) ? demoDescription(rng, category, first, -1) : "",
      "Thank you in advance,",
      signature(person, company || "Customer"),
      disclaimer,
    ]
      .filter(Boolean)
      .join("\n\n");
    const files = rng.chance(0.15) ? [attachment(rng)] : [];
    const raw = await build({
      from: { name: person.name, address: person.address },
      to: this.#to,
      subject: demoSubject(rng, category, first),
      messageId: this.#messageId(person),
      date: new Date(),
      text,
      ...(rng.chance(0.4) ? { html: html(text) } : {}),
      attachments: files,
      headers: {
        "X-Mailer": rng.pick(["Microsoft Outlook 16.0", "Apple Mail (2.3774)", "Thunderbird 128.5"]),
      },
    });
    return { envelope: { from: person.address, to: [this.#to] }, raw, kind: "new", from: person };
  }

  /** A customer answering our acknowledgement: threads by In-Reply-To. */
  async replyToAcknowledgement(ack: Acknowledgement): Promise<RawMail> {
    const person = { name: ack.to.split("@")[0] ?? ack.to, address: ack.to };
    const raw = await build({
      from: person,
      to: this.#to,
      subject: `Re: ${ack.subject}`,
      messageId: this.#messageId(person),
      inReplyTo: ack.messageId,
      references: [ack.messageId],
      date: new Date(),
      text: `${this.#replyText()}\n\n> We received your request and gave it a number. We will answer as soon as we can.\n\n${disclaimer}`,
    });
    return { envelope: { from: ack.to, to: [this.#to] }, raw, kind: "reply-thread" };
  }

  /** A contact adding to an open ticket by its [T-…] tag, from another client that dropped the headers. */
  async replyByTag(ticket: TaggedTicket): Promise<RawMail> {
    const raw = await build({
      from: ticket.contact,
      to: this.#to,
      subject: `RE: [${ticket.ticketNumber}] ${ticket.subject}`,
      messageId: this.#messageId(ticket.contact),
      date: new Date(),
      text: `${this.#replyText()}\n\n${signature(ticket.contact, "")}\n\n${disclaimer}`,
    });
    return { envelope: { from: ticket.contact.address, to: [this.#to] }, raw, kind: "reply-tag" };
  }

  #replyText(): string {
    return this.#rng.pick([
      "Thanks, that worked. One more question: does this also apply to the second office?",
      "Unfortunately the problem is back since this morning. I attach nothing new, the error is the same.",
      "I tried what you suggested and restarted everything twice, but it still shows the same message.",
      "Just a reminder: we still need this fixed before Friday's audit.",
    ]);
  }

  /** Deterministic choice of what the i-th message is: 80% new requests, 10% thread replies, 10% tag replies. */
  static kindOf(i: number): MessageKind {
    const r = i % 10;
    return r === 4 ? "reply-thread" : r === 9 ? "reply-tag" : "new";
  }
}
