import { describe, expect, it } from "vitest";
import { formatCount } from "./format-count";

describe("formatCount", () => {
  it("says an exact count, a capped one and an estimated one as a support agent reads them", () => {
    expect(formatCount({ count: 1234 })).toBe("1,234");
    expect(formatCount({ count: 10_000, count_capped: true })).toBe("10,000+");
    expect(formatCount({ count: 11_000, count_capped: false, count_estimated: true })).toBe("about 11,000");
  });
});
