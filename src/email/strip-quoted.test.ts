import { describe, expect, it } from "vitest";
import { stripQuotedHtml, stripQuotedText } from "./strip-quoted.js";

const lines = (...text: string[]) => text.join("\n");

describe("stripQuotedText", () => {
  it("cuts at an attribution wrapped over two lines and drops its quote", () => {
    const text = lines(
      "Fixed, thanks.",
      "",
      "On Mon, 7 Dec 2026 at 09:00, Support <",
      "support@example.com> wrote:",
      "> old",
    );
    expect(stripQuotedText(text)).toBe("Fixed, thanks.");
  });

  it.each([
    ["French", "Le lun. 7 déc. 2026 à 09:00, Support <support@example.com> a écrit :"],
    ["Spanish", "El lun, 7 dic 2026 a las 9:00, Support (<support@example.com>) escribió:"],
    ["Dutch", "Op ma 7 dec. 2026 om 09:00 schreef Support <support@example.com>:"],
    ["German", "Am Mo., 7. Dez. 2026 um 09:00 Uhr schrieb Support <support@example.com>:"],
  ])("knows the %s attribution line", (_language, attribution) => {
    expect(stripQuotedText(lines("Merci", "", attribution, "> old"))).toBe("Merci");
  });

  it.each([
    [
      "French Outlook",
      ["De : Support", "Envoyé : lundi 7 décembre 2026 09:00", "À : Client", "Objet : Imprimante"],
    ],
    [
      "Dutch Outlook",
      ["Van: Support", "Verzonden: maandag 7 december 2026 09:00", "Aan: Klant", "Onderwerp: Printer"],
    ],
    [
      "Spanish Outlook",
      ["De: Support", "Enviado: lunes, 7 de diciembre de 2026 9:00", "Para: Cliente", "Asunto: Impresora"],
    ],
    [
      "a header block after an underscore rule",
      ["________________________________", "From: Support", "Sent: Monday", "To: Me"],
    ],
  ])("cuts at a %s header block", (_label, header) => {
    expect(stripQuotedText(lines("Ok.", "", ...header, "", "old history"))).toBe("Ok.");
  });

  it("keeps From:/To: lines that are not a mail header block", () => {
    const text = lines(
      "Our order was sent on Monday.",
      "From: our warehouse in Graz",
      "To: your office",
      "",
      "It is late.",
    );
    expect(stripQuotedText(text)).toBe(text);
  });

  it("keeps a quoted line in the middle of a message (a pasted error, an interleaved answer)", () => {
    const text = lines("The error is:", "", "> Error 0x80070005: access denied", "", "What should I do?");
    expect(stripQuotedText(text)).toBe(text);
  });

  it("drops a trailing quoted block without an attribution", () => {
    expect(stripQuotedText(lines("Yes.", "", "> Shall we close it?", ">", "> Support"))).toBe("Yes.");
  });

  it("drops a leading attributed quote when the answer is below it (bottom-posting)", () => {
    expect(stripQuotedText(lines("On 12/1/26 10:00, Support wrote:", "> Which version?", "", "7.4.2"))).toBe(
      "7.4.2",
    );
  });

  it("does not take a '-- ' line followed by a long text for a signature", () => {
    const tail = Array.from({ length: 25 }, (_, index) => `log line ${index}`);
    const text = lines("Log below", "--", ...tail);
    expect(stripQuotedText(text)).toBe(text);
  });

  it("returns an empty string when only history is left (the caller falls back to the text)", () => {
    expect(stripQuotedText(lines("-----Original Message-----", "From: a", "old"))).toBe("");
  });
});

describe("stripQuotedHtml", () => {
  it("removes a Yahoo quote and Gmail's signature before converting", () => {
    const html =
      '<div>See you Tuesday.</div><div class="gmail_signature_prefix">-- </div><div class="gmail_signature">Ana<br>Contoso</div>' +
      '<div class="yahoo_quoted">On Monday, Support wrote: <div>old</div></div>';
    expect(stripQuotedHtml(html)).toBe("See you Tuesday.");
  });

  it("keeps the answer written below a Thunderbird quote", () => {
    const html =
      '<div class="moz-cite-prefix">On 12/1/26 10:00, Support wrote:<br></div><blockquote type="cite">old</blockquote><p>7.4.2</p>';
    expect(stripQuotedHtml(html)).toBe("7.4.2");
  });

  it("cuts everything after Outlook's divRplyFwdMsg header", () => {
    const html = '<p>Ok.</p><hr><div id="divRplyFwdMsg"><b>From:</b> Support</div><div>old history</div>';
    expect(stripQuotedHtml(html)).toBe("Ok.");
  });
});
