import { describe, expect, it } from "vitest";
import { attachmentDisposition } from "./content-disposition.js";

describe("attachmentDisposition", () => {
  it("always sends an ASCII filename and the exact name as RFC 5987 filename*", () => {
    expect(attachmentDisposition("report.pdf")).toBe(
      `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`,
    );
    expect(attachmentDisposition("Résumé 日本.pdf")).toBe(
      `attachment; filename="Resume __.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%E6%97%A5%E6%9C%AC.pdf`,
    );
  });

  it("escapes characters that would break the header or be read as syntax", () => {
    const header = attachmentDisposition(`a"b\\c%20(1)'*.txt\r\nSet-Cookie: x=1`);
    expect(header).not.toMatch(/[\r\n]/);
    expect(header).toBe(
      `attachment; filename="a_b_c_20(1)'*.txt__Set-Cookie: x=1"; ` +
        `filename*=UTF-8''a%22b%5Cc%2520%281%29%27%2A.txt%0D%0ASet-Cookie%3A%20x%3D1`,
    );
  });

  it("round-trips through a standard decoder", () => {
    const name = "Ünïcödé ✓ (final) 100%.xlsx";
    const encoded = /filename\*=UTF-8''(.+)$/.exec(attachmentDisposition(name))?.[1] ?? "";
    expect(decodeURIComponent(encoded)).toBe(name);
  });
});
