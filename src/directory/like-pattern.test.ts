import { describe, expect, it } from "vitest";
import { containsPattern } from "./like-pattern.js";

describe("containsPattern", () => {
  it("wraps the text in % and escapes LIKE's wildcards and the escape itself", () => {
    expect(containsPattern("acme")).toBe("%acme%");
    expect(containsPattern("50%_off\\")).toBe("%50\\%\\_off\\\\%");
  });
});
