import { describe, expect, it } from "vitest";
import { formatFileSize } from "./file-size.js";

describe("formatFileSize", () => {
  it("shows bytes below 1 KB", () => {
    expect(formatFileSize(0)).toBe("0 bytes");
    expect(formatFileSize(1)).toBe("1 byte");
    expect(formatFileSize(512)).toBe("512 bytes");
    expect(formatFileSize(1023)).toBe("1023 bytes");
  });

  it("uses 1024-byte units with one decimal", () => {
    expect(formatFileSize(1024)).toBe("1.0 KB");
    expect(formatFileSize(1536)).toBe("1.5 KB");
    expect(formatFileSize(12.3 * 1024)).toBe("12.3 KB");
    expect(formatFileSize(2.3 * 1024 ** 2)).toBe("2.3 MB");
    expect(formatFileSize(1.1 * 1024 ** 3)).toBe("1.1 GB");
    expect(formatFileSize(3 * 1024 ** 4)).toBe("3.0 TB");
  });

  it("moves to the next unit instead of showing 1024.0", () => {
    expect(formatFileSize(1024 ** 2 - 1)).toBe("1.0 MB");
    expect(formatFileSize(1024 * 1023.9)).toBe("1023.9 KB");
  });
});
