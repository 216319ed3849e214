import { describe, expect, it } from "vitest";
import { ourMessageId, ourOtherMessageId, parseMailFixture } from "../test/mail-fixtures.js";
import { makeLargeMail } from "../test/make-large-mail.js";
import { MalformedMailError, parseInboundMail } from "./parse-inbound-mail.js";
import { cleanSubject, ticketNumberInSubject } from "./subject.js";

describe("replies from mail clients: the reply shown is what the sender wrote this time", () => {
  it("Gmail: the gmail_quote history and the 'On … wrote:' line are gone; the thread and tag are read", async () => {
    const mail = await parseMailFixture("gmail-reply-with-ticket-tag.eml");
    expect(mail.reply).toBe("Thanks, it prints again after the restart.\n\nAnna");
    expect(mail.text).toContain("> please switch the printer off and on again");
    expect(mail.inReplyTo).toEqual([ourMessageId]);
    expect(mail.references).toEqual([ourMessageId]);
    expect(mail.messageId).toBe("CAF8k3Zx=q1Tn7w+Vb0mR2yE4pL9sK6dHj5uA3cN0oQ@mail.gmail.com");
    expect(mail.from).toEqual({ address: "anna.schmidt@contoso.example", name: "Anna Schmidt" });
    expect(ticketNumberInSubject(mail.subject)).toBe("T-20261205-0042");
    expect(mail.date?.toISOString()).toBe("2026-12-05T10:03:29.000Z");
    expect(mail.automatic).toBeNull();
  });

  it("Outlook desktop: no In-Reply-To, only Thread-Index; the From/Sent/To/Subject block and below are gone", async () => {
    const mail = await parseMailFixture("outlook-desktop-reply-no-in-reply-to.eml");
    expect(mail.reply).toBe(
      "Hi,\n\nthe printer is still offline, see the error on the display: E-502.\n\nRegards\nBernd",
    );
    expect(mail.inReplyTo).toEqual([]);
    expect(mail.references).toEqual([]);
    expect(ticketNumberInSubject(mail.subject)).toBe("T-20261205-0042");
  });

  it("Outlook 2007: everything from '-----Original Message-----' is gone", async () => {
    const mail = await parseMailFixture("outlook-original-message-separator.eml");
    expect(mail.reply).toBe("The technician replaced the fuser, we can close this.\n\nBernd");
    expect(mail.from).toEqual({ address: "bernd.keller@fabrikam.example", name: "Keller, Bernd" });
  });

  it("Outlook on the web: the divRplyFwdMsg header, the rule above it and the quoted mail are gone", async () => {
    const mail = await parseMailFixture("outlook-web-reply-divrplyfwdmsg.eml");
    expect(mail.reply).toBe("I attached nothing, sorry: the serial number is PRN-88213-X.\n\nMei");
    expect(mail.inReplyTo).toEqual([ourOtherMessageId]);
  });

  it("Apple Mail: the blockquote type=cite and the 'On …, at …, X wrote:' line before it are gone", async () => {
    const mail = await parseMailFixture("apple-mail-reply-blockquote-cite.eml");
    expect(mail.reply).toBe("Yes, Tuesday at 14:00 works for us.\n\nBest,\nChloé");
    expect(mail.from?.name).toBe("Chloé Martin");
  });

  it("Thunderbird, answered below the quote: the moz-cite-prefix quote and the '-- ' signature are gone", async () => {
    const mail = await parseMailFixture("thunderbird-bottom-post-moz-cite-prefix.eml");
    expect(mail.reply).toBe("It is version 7.4.2, installed last Monday.");
  });

  it("German Outlook: the 'Von: … Gesendet: … An: … Betreff:' block is gone, umlauts intact", async () => {
    const mail = await parseMailFixture("german-outlook-reply-von-gesendet.eml");
    expect(mail.reply).toBe(
      "Hallo,\n\nder Drucker läuft wieder, vielen Dank!\n\nMit freundlichen Grüßen\nJürgen Groß",
    );
    expect(mail.from).toEqual({ address: "j.gross@fabrikam.example", name: "Groß, Jürgen" });
    expect(cleanSubject(mail.subject)).toBe("Drucker im 3. OG offline");
  });

  it("German webmail: the 'Am … schrieb …:' line and its quote are gone", async () => {
    const mail = await parseMailFixture("german-webmail-am-schrieb.eml");
    expect(mail.reply).toBe("Danke, der Link hat funktioniert.\n\nPetra");
    expect(ticketNumberInSubject(mail.subject)).toBe("T-20261204-0011");
  });

  it("a signature after '-- ' is not part of the reply but stays in the text", async () => {
    const mail = await parseMailFixture("plain-text-signature-dash-dash-space.eml");
    expect(mail.reply).toBe("Hello,\n\nthe VPN drops every 10 minutes since this morning.");
    expect(mail.text).toContain("Karl Huber\nNetwork team, Fabrikam");
  });

  it("'Re: AW: Fwd:' prefixes are all removed by cleanSubject, and the mail counts as a reply", async () => {
    const mail = await parseMailFixture("subject-re-aw-fwd-prefixes.eml");
    expect(mail.subject).toBe("Re: AW: Fwd: Lieferung 4711 unvollständig");
    expect(cleanSubject(mail.subject)).toBe("Lieferung 4711 unvollständig");
    expect(mail.reply).toBe("Es fehlen immer noch zwei Kartons.");
  });
});

describe("automatic mail is recognised, with the reason", () => {
  it.each([
    ["exchange-out-of-office-auto-replied.eml", "Auto-Submitted: auto-replied"],
    ["gmail-vacation-auto-replied.eml", "Auto-Submitted: auto-replied"],
    ["precedence-auto-reply-only.eml", "Precedence: auto_reply"],
    ["x-autoreply-yes.eml", "X-Autoreply: yes"],
    ["mailing-list-precedence-list.eml", "Precedence: list"],
    ["newsletter-precedence-bulk.eml", "Precedence: bulk"],
    ["google-group-list-id-only.eml", "List-Id"],
    ["dsn-bounce-unknown-recipient.eml", "delivery status report"],
    ["dsn-delayed-rfc822-headers-only.eml", "delivery status report"],
  ])("%s → %s", async (file, reason) => {
    const mail = await parseMailFixture(file);
    expect(mail.automatic).toBe(reason);
  });

  it("a person's mail saying 'Auto-Submitted: no' and 'Precedence: first-class' is not automatic", async () => {
    const mail = await parseMailFixture("auto-submitted-no-is-a-person.eml");
    expect(mail.automatic).toBeNull();
    expect(mail.bounce).toBeNull();
  });

  it("an out-of-office reply still names the ticket it answers", async () => {
    const mail = await parseMailFixture("exchange-out-of-office-auto-replied.eml");
    expect(mail.inReplyTo).toEqual([ourMessageId]);
    expect(mail.reply).toContain("I am out of the office until 14 December");
  });
});

describe("bounces of mail we sent", () => {
  it("a Postfix DSN names our Message-ID, the failed recipient, 5.1.1 and the diagnostic; permanent", async () => {
    const mail = await parseMailFixture("dsn-bounce-unknown-recipient.eml");
    expect(mail.returnPath).toBe("");
    expect(mail.from?.address).toBe("mailer-daemon@mx1.ticketdesk.example");
    expect(mail.bounce).toEqual({
      originalMessageIds: [ourMessageId],
      recipients: ["j.doe@contoso.example"],
      status: "5.1.1",
      diagnostic:
        "550 5.1.1 <j.doe@contoso.example>: Recipient address rejected: User unknown in virtual mailbox table",
      permanent: true,
    });
    expect(mail.text).toContain("could not\nbe delivered to one or more recipients");
  });

  it("a delay report with only the returned headers (text/rfc822-headers) is not permanent", async () => {
    const mail = await parseMailFixture("dsn-delayed-rfc822-headers-only.eml");
    expect(mail.from?.address).toBe("postmaster@relay.contoso.example");
    expect(mail.bounce).toEqual({
      originalMessageIds: [ourOtherMessageId],
      recipients: ["mbx.full@contoso.example"],
      status: "4.2.2",
      diagnostic: "452 4.2.2 Mailbox full",
      permanent: false,
    });
  });

  it("mail that is not a delivery report has no bounce, even from a mailing list", async () => {
    const mail = await parseMailFixture("mailing-list-precedence-list.eml");
    expect(mail.bounce).toBeNull();
    expect(mail.returnPath).toBeNull();
  });
});

describe("HTML-only mail becomes safe, readable text", () => {
  it("drops scripts, styles, event handlers and the tracking pixel; links read 'text [url]'", async () => {
    const mail = await parseMailFixture("html-only-script-style-tracking-pixel.eml");
    expect(mail.text).toBe(
      [
        "Order 4711 is delayed",
        "",
        "Hello support team,",
        "",
        "my order order 4711 [https://portal.contoso.example/orders/4711] is delayed. Status page: https://status.contoso.example/",
        "",
        "Things I tried:",
        "",
        " * Reloading the page",
        " * Calling the hotline",
        "",
        "Click here & orders@contoso.example",
        "",
        "[image: Contoso Logistics]",
      ].join("\n"),
    );
    for (const unsafe of [
      "<script",
      "alert(",
      "document.cookie",
      "onclick",
      "steal(",
      "font-family",
      "mailtrack",
      "<",
    ]) {
      expect(mail.text).not.toContain(unsafe);
    }
    expect(mail.reply).toBe(mail.text);
  });
});

describe("charsets and encodings decode to the exact text", () => {
  it.each([
    [
      "charset-iso-8859-1-quoted-printable.eml",
      "Café fermé à Noël",
      "François Lefèvre",
      "Bonjour, le café est fermé à Noël.\nGrüße aus Köln, Señor Muñoz - nein: 50 °C!",
    ],
    [
      "charset-iso-8859-2-quoted-printable.eml",
      "Drukarka nie działa",
      "Paweł Wójcik",
      "Dzień dobry, proszę o pilną naprawę drukarki.\nZażółć gęślą jaźń. Příliš žluťoučký kůň.",
    ],
    [
      "charset-windows-1252-curly-quotes-euro.eml",
      "Invoice “wrong” amount",
      "Dan O'Brien",
      "The invoice says “€ 1.250,00” – that’s wrong… it should be € 1.025,00.",
    ],
    [
      "charset-windows-1251-cyrillic-base64.eml",
      "Принтер не печатает",
      "Ольга Иванова",
      "Здравствуйте! Принтер не печатает.\nСпасибо, Ольга",
    ],
    [
      "charset-shift-jis-japanese-base64.eml",
      "プリンターの故障",
      "山田 太郎",
      "お世話になっております。\nプリンターが動きません。よろしくお願いします。",
    ],
    ["charset-utf8-emoji-base64.eml", "It works 🎉", "Zoë Adams", "Thanks so much 🎉🙏 — it works now! 👍"],
    [
      "rfc2047-folded-subject-and-sender.eml",
      "Rückfrage zur Rechnung Nr. 2026-117 für Jürgen",
      "Jürgen Groß",
      "Bitte prüfen.",
    ],
  ])("%s", async (file, subject, senderName, text) => {
    const mail = await parseMailFixture(file);
    expect(mail.subject).toBe(subject);
    expect(mail.from?.name).toBe(senderName);
    expect(mail.text).toBe(text);
    expect(mail.reply).toBe(text);
  });
});

describe("forwards keep what was forwarded", () => {
  it("an inline Gmail forward keeps the forwarded message in the reply", async () => {
    const mail = await parseMailFixture("gmail-forward-inline.eml");
    expect(mail.reply).toContain("Can you help this customer?");
    expect(mail.reply).toContain("Hello, the parcel with order 4711 arrived with a broken screen.");
    expect(mail.reply).toContain("From: Lisa Meyer <lisa.meyer@fabrikam.example>");
  });

  it("a message forwarded as message/rfc822 is an attachment named after it", async () => {
    const mail = await parseMailFixture("forward-as-rfc822-attachment.eml");
    expect(mail.reply).toBe("See the attached mail from our customer.");
    expect(mail.attachments).toHaveLength(1);
    const [forwarded] = mail.attachments;
    expect(forwarded).toMatchObject({
      filename: "Order 4711 arrived damaged.eml",
      contentType: "message/rfc822",
      inline: false,
      tooLarge: false,
    });
    expect(forwarded?.content?.toString("utf8")).toContain("Subject: Order 4711 arrived damaged");
    expect(forwarded?.size).toBe(forwarded?.content?.length);
  });
});

describe("recipients", () => {
  it("reads 12 To and 8 Cc addresses, lower-cased, with quoted and encoded names", async () => {
    const mail = await parseMailFixture("twenty-recipients-to-cc.eml");
    expect(mail.to).toHaveLength(12);
    expect(mail.cc).toHaveLength(8);
    expect(mail.to[0]).toEqual({ address: "user01@contoso.example", name: "User 01" });
    expect(mail.to[11]).toEqual({ address: "anna.schmidt@contoso.example", name: "Schmidt, Anna" });
    expect(mail.cc[0]).toEqual({ address: "cc1@fabrikam.example", name: "" });
    expect(mail.cc[7]).toEqual({ address: "j.gross@fabrikam.example", name: "Jürgen Groß" });
    expect(mail.replyTo).toEqual([]);
  });
});

describe("attachments", () => {
  it("a PDF attachment and an inline image referenced by Content-ID from the HTML", async () => {
    const mail = await parseMailFixture("attachments-pdf-and-inline-image.eml");
    expect(mail.attachments.map(({ content: _, ...rest }) => rest)).toEqual([
      {
        filename: "image001.png",
        contentType: "image/png",
        size: 74,
        inline: true,
        contentId: "image001.png@01DB4F2A.5C3D7E10",
        tooLarge: false,
      },
      {
        filename: "Service report 2026-12.pdf",
        contentType: "application/pdf",
        size: 193,
        inline: false,
        contentId: null,
        tooLarge: false,
      },
    ]);
    expect(mail.attachments[1]?.content?.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(mail.reply).toBe(
      "The error looks like this:\n\n[image: Error E-502 on the display]\n\nThe service report is attached.",
    );
  });

  it("over the limit: the size is reported, the content dropped", async () => {
    const mail = await parseMailFixture("attachments-pdf-and-inline-image.eml", { maxAttachmentBytes: 100 });
    const pdf = mail.attachments.find((attachment) => attachment.contentType === "application/pdf");
    expect(pdf).toMatchObject({ size: 193, tooLarge: true, content: null });
    expect(mail.attachments[0]).toMatchObject({ size: 74, tooLarge: false });
  });

  it("a 30 MB attachment (built at run time) is parsed and reported as too large for the 25 MiB default", async () => {
    const bytes = 30 * 1024 * 1024;
    const mail = await parseInboundMail(makeLargeMail(bytes));
    expect(mail.text).toBe("The crash dump is attached.");
    expect(mail.attachments).toEqual([
      {
        filename: "disk-image.bin",
        contentType: "application/octet-stream",
        size: bytes,
        content: null,
        inline: false,
        contentId: null,
        tooLarge: true,
      },
    ]);
  });
});

describe("malformed mail: a best-effort result, or MalformedMailError", () => {
  it("a missing closing boundary still gives the text and the attachment", async () => {
    const mail = await parseMailFixture("malformed-missing-closing-boundary.eml");
    expect(mail.text).toBe("Please find the scanned page attached.");
    expect(mail.attachments.map((attachment) => [attachment.filename, attachment.size])).toEqual([
      ["scan.pdf", 193],
    ]);
  });

  it("a subject continued without folding whitespace is joined, not dropped", async () => {
    const mail = await parseMailFixture("malformed-bad-header-folding.eml");
    expect(mail.subject).toBe("Nightly backup failed on server FS01");
    expect(mail.messageId).toBe("legacy-20261208121000@legacy.example");
    expect(mail.text).toBe("The nightly backup of FS01 failed with error 0x80070005.");
  });

  it("broken base64 decodes what it can, with no control characters in the text", async () => {
    const mail = await parseMailFixture("malformed-broken-base64.eml");
    expect(mail.text.startsWith("Disk C: 91% full. Disk D: 40%")).toBe(true);
    expect(mail.text).not.toMatch(/(?![\n\t])\p{Cc}/u);
  });

  it.each([
    ["an empty buffer", ""],
    ["bytes without any header", "\u0000\u0001 not a mail at all"],
  ])("%s is a MalformedMailError", async (_label, raw) => {
    await expect(parseInboundMail(Buffer.from(raw, "latin1"))).rejects.toBeInstanceOf(MalformedMailError);
  });

  it("a mail with no Date, Message-ID or Subject gives nulls and an empty subject", async () => {
    const mail = await parseInboundMail(Buffer.from("From: someone@example.com\r\n\r\nHello\r\n"));
    expect(mail).toMatchObject({ messageId: null, date: null, subject: "", text: "Hello", reply: "Hello" });
  });

  it("an unreadable Date is null, not the time of parsing", async () => {
    const mail = await parseInboundMail(
      Buffer.from("From: a@example.com\r\nDate: yesterday-ish\r\n\r\nHi\r\n"),
    );
    expect(mail.date).toBeNull();
  });
});
