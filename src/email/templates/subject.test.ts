import { describe, expect, it } from "vitest";
import { baseSubject, replySubject, taggedSubject } from "./subject.js";

const number = "T-20251119-0042";

describe("replySubject", () => {
  it.each([
    ["Printer broken", "Re: [T-20251119-0042] Printer broken"],
    ["Re: Printer broken", "Re: [T-20251119-0042] Printer broken"],
    ["RE: re: Aw: Printer broken", "Re: [T-20251119-0042] Printer broken"],
    ["Re: [T-20251119-0042] Printer broken", "Re: [T-20251119-0042] Printer broken"],
    ["Re: [T-20251119-0042] Re: [T-20251119-0042] Printer broken", "Re: [T-20251119-0042] Printer broken"],
    ["Printer broken [T-20251119-0042]", "Re: [T-20251119-0042] Printer broken"],
    ["Re[2]: RE : SV: Printer broken", "Re: [T-20251119-0042] Printer broken"],
    ["[T-20250101-0001] Old ticket", "Re: [T-20251119-0042] Old ticket"],
    ["Fwd: Invoice", "Re: [T-20251119-0042] Fwd: Invoice"],
    ["Rechnung offen", "Re: [T-20251119-0042] Rechnung offen"],
    ["", "Re: [T-20251119-0042] (no subject)"],
    ["Re:", "Re: [T-20251119-0042] (no subject)"],
    ["Line one\r\nBcc: evil@example.com", "Re: [T-20251119-0042] Line one Bcc: evil@example.com"],
  ])("%j → %j", (subject, expected) => {
    expect(replySubject(number, subject)).toBe(expected);
  });

  it("writes the tag in capitals even for a number given in lower case", () => {
    expect(replySubject("t-20251119-0042", "x")).toBe("Re: [T-20251119-0042] x");
  });

  it("refuses something that is not a ticket number", () => {
    expect(() => replySubject("42", "x")).toThrow(/ticket number/);
  });
});

describe("taggedSubject", () => {
  it("puts the tag first, with an optional label", () => {
    expect(taggedSubject(number, "Re: Printer broken")).toBe("[T-20251119-0042] Printer broken");
    expect(taggedSubject(number, "Printer broken", "Resolved")).toBe(
      "[T-20251119-0042] Resolved: Printer broken",
    );
  });
});

describe("baseSubject", () => {
  it("keeps words that only look like prefixes", () => {
    expect(baseSubject("Reference numbers wrong")).toBe("Reference numbers wrong");
    expect(baseSubject("Svar needed")).toBe("Svar needed");
  });
});
