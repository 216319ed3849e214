import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cleanSubject, isForwardSubject, ticketNumberInSubject } from "./subject.js";
import { replySubject } from "./templates/subject.js";

describe("ticketNumberInSubject", () => {
  it.each([
    ["Re: [T-20261205-0042] Printer offline", "T-20261205-0042"],
    ["[t-20261205-0042] lower case tag", "T-20261205-0042"],
    ["AW: Drucker [T-20261205-12345]", "T-20261205-12345"],
    ["[T-20261205-0042] and [T-20261206-0001]", "T-20261205-0042"],
    ["Printer offline", null],
    ["T-20261205-0042 without brackets", null],
    ["[T-20261205-042] three digits", null],
    ["[T-2026125-0042] seven-digit date", null],
    ["[ T-20261205-0042 ] spaces inside", null],
    ["", null],
  ])("%j → %j", (subject, expected) => {
    expect(ticketNumberInSubject(subject)).toBe(expected);
  });
});

describe("cleanSubject", () => {
  it.each([
    ["Re: [T-20261205-0042] Printer offline", "Printer offline"],
    ["RE: RE: Re: Printer offline", "Printer offline"],
    ["Re: AW: Fwd: Lieferung 4711", "Lieferung 4711"],
    ["FW: WG: SV: VS: Antw: Doorst: TR: Invoice", "Invoice"],
    ["RE[2]: Invoice", "Invoice"],
    ["Fwd:Fw:re:  spaced   out  ", "spaced out"],
    ["Re： 打印机が動かない", "打印机が動かない"],
    ["Re: [T-20261205-0042] Re: [T-20261205-0042] Printer", "Printer"],
    ["[T-20261205-0042]", ""],
    ["Re:", ""],
    ["", ""],
    ["Reply needed: printer", "Reply needed: printer"],
    ["Area: 3rd floor", "Area: 3rd floor"],
    ["Printer offline (Re: yesterday)", "Printer offline (Re: yesterday)"],
  ])("%j → %j", (subject, expected) => {
    expect(cleanSubject(subject)).toBe(expected);
  });
});

// The outbound subject (templates/subject.ts) read back by the inbound rules: a customer's reply must thread.
describe("replySubject read back by the inbound rules", () => {
  it.each([
    ["Printer offline", "Re: [T-20261205-0042] Printer offline"],
    ["Re: [T-20261205-0042] Printer offline", "Re: [T-20261205-0042] Printer offline"],
    ["AW: RE: [t-20261205-0042] Printer offline", "Re: [T-20261205-0042] Printer offline"],
    ["", "Re: [T-20261205-0042] (no subject)"],
  ])("%j → %j", (subject, expected) => {
    expect(replySubject("T-20261205-0042", subject)).toBe(expected);
  });

  const ticketNumber = fc
    .tuple(fc.integer({ min: 20200101, max: 20991231 }), fc.integer({ min: 1, max: 99999 }))
    .map(([day, n]) => `T-${day}-${String(n).padStart(4, "0")}`);
  const piece = fc.oneof(
    fc.constantFrom(
      "Re: ",
      "RE: ",
      "Fwd: ",
      "FW: ",
      "AW: ",
      "WG: ",
      "SV: ",
      "VS: ",
      "Antw: ",
      "RE[3]: ",
      "Re：",
      " ",
    ),
    fc.constantFrom("[T-20261205-0042] ", "[t-20991231-00001]", "[T-1-2]", "[", "]", ":", "Re"),
    fc.string({ unit: "grapheme", maxLength: 12 }),
  );
  const subject = fc.array(piece, { maxLength: 8 }).map((pieces) => pieces.join(""));

  it("is stable: replying to our own reply subject gives the same subject, and cleaning it gives the clean subject", () => {
    fc.assert(
      fc.property(ticketNumber, subject, (number, raw) => {
        const reply = replySubject(number, raw);
        expect(replySubject(number, reply)).toBe(reply);
        expect(ticketNumberInSubject(reply)).toBe(number);
        expect(cleanSubject(cleanSubject(raw))).toBe(cleanSubject(raw));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("isForwardSubject", () => {
  it.each([
    ["Fwd: Order 4711", true],
    ["FW: Order 4711", true],
    ["WG: Bestellung", true],
    ["TR: Commande", true],
    ["Re: Fwd: Order 4711", false],
    ["Order 4711", false],
  ])("%j → %j", (subject, expected) => {
    expect(isForwardSubject(subject)).toBe(expected);
  });
});
