import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sanitizeFileName } from "./file-name.js";

describe("sanitizeFileName", () => {
  it("keeps only the last path segment, whatever the separator", () => {
    expect(sanitizeFileName("../../etc/passwd")).toBe("passwd");
    expect(sanitizeFileName("C:\\Users\\me\\Quarterly report.pdf")).toBe("Quarterly report.pdf");
    expect(sanitizeFileName("uploads/")).toBe("file");
  });

  it("drops control and direction-override characters and trims", () => {
    expect(sanitizeFileName("  in\u0000voice\r\n.pdf\t ")).toBe("invoice.pdf");
    expect(sanitizeFileName("invoice\u202Efdp.exe")).toBe("invoicefdp.exe");
  });

  it("falls back to 'file' when nothing is left", () => {
    for (const raw of ["", "   ", "..", ".", "\u0001\u0002", undefined, null]) {
      expect(sanitizeFileName(raw)).toBe("file");
    }
  });

  it("keeps unicode names and shortens long ones to 255 characters, keeping the extension", () => {
    expect(sanitizeFileName("Résumé 日本語.docx")).toBe("Résumé 日本語.docx");
    const long = sanitizeFileName(`${"a".repeat(300)}.pdf`);
    expect(long).toHaveLength(255);
    expect(long.endsWith("a.pdf")).toBe(true);
    expect(Array.from(sanitizeFileName("😀".repeat(300)))).toHaveLength(255);
  });

  it("always returns a safe, non-empty name of at most 255 characters", () => {
    // Characters that matter here, mixed with plain ones (fast-check's "binary" unit is slow to generate).
    const unit = fc.oneof(
      fc.constantFrom(
        "/",
        "\\",
        ".",
        " ",
        "\t",
        "\u0000",
        "\r",
        "\n",
        "\u007f",
        "\u0085",
        "\u202e",
        "é",
        "日",
        "😀",
        "\ud800",
      ),
      fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }),
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 400 }), (raw) => {
        const name = sanitizeFileName(raw);
        expect(name.length).toBeGreaterThan(0);
        expect(Array.from(name).length).toBeLessThanOrEqual(255);
        expect(name).not.toMatch(/[/\\\p{Cc}\u202a-\u202e]/u);
        expect(name).toBe(name.trim());
      }),
    );
  });
});
