import { describe, expect, test } from "vitest";
import { formatMinutes } from "./format-minutes";

describe("formatMinutes", () => {
  test("shows the SPEC's default targets in hours, and the rest in hours and minutes", () => {
    expect([60, 240, 1440, 7200].map(formatMinutes)).toEqual(["1 h", "4 h", "24 h", "120 h"]);
    expect([1, 45, 90, 1439].map(formatMinutes)).toEqual(["1 min", "45 min", "1 h 30 min", "23 h 59 min"]);
  });
});
