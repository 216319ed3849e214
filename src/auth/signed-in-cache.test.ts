import { describe, expect, it } from "vitest";
import { SignedInCache } from "./signed-in-cache.js";

describe("SignedInCache", () => {
  it("remembers a signed-in user for maxAgeMs only", () => {
    const cache = new SignedInCache<{ id: string }>(5_000);
    cache.set("h", { id: "u" }, 0);
    expect(cache.get("h", 4_999)).toEqual({ id: "u" });
    expect(cache.get("h", 5_000)).toBeUndefined();
  });

  it("never answers past the session's own expiry", () => {
    const cache = new SignedInCache<{ id: string; expires_at: Date }>(5_000);
    cache.set("h", { id: "u", expires_at: new Date(1_000) }, 0);
    expect(cache.get("h", 999)).toBeDefined();
    expect(cache.get("h", 1_000)).toBeUndefined();
  });

  it("forgets everyone on clear, and the oldest entry when full", () => {
    const cache = new SignedInCache<{ id: string }>(5_000, 2);
    cache.set("a", { id: "a" }, 0);
    cache.set("b", { id: "b" }, 0);
    cache.set("c", { id: "c" }, 0);
    expect(cache.get("a", 1)).toBeUndefined();
    expect(cache.get("c", 1)).toBeDefined();
    cache.clear();
    expect(cache.get("b", 1)).toBeUndefined();
    expect(cache.get("c", 1)).toBeUndefined();
  });
});
