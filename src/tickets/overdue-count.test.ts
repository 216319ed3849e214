import { describe, expect, it } from "vitest";
import { OverdueCount } from "./overdue-count.js";

describe("OverdueCount", () => {
  it("counts once, then answers from the cache until it is too old", async () => {
    const cache = new OverdueCount(10_000);
    let counted = 0;
    const count = async () => ++counted;
    expect(await cache.get(count, 0)).toBe(1);
    expect(await cache.get(count, 9_999)).toBe(1);
    expect(await cache.get(count, 10_000)).toBe(2);
  });

  it("counts again after a local write", async () => {
    const cache = new OverdueCount(10_000);
    let counted = 0;
    const count = async () => ++counted;
    await cache.get(count, 0);
    cache.invalidate();
    expect(await cache.get(count, 1)).toBe(2);
  });

  it("shares one count between callers asking at the same time", async () => {
    const cache = new OverdueCount();
    let counted = 0;
    let release: (n: number) => void = () => undefined;
    const count = () => {
      counted += 1;
      return new Promise<number>((resolve) => {
        release = resolve;
      });
    };
    const both = Promise.all([cache.get(count, 0), cache.get(count, 0)]);
    release(7);
    expect(await both).toEqual([7, 7]);
    expect(counted).toBe(1);
  });

  it("does not keep a count that a write may have overtaken", async () => {
    const cache = new OverdueCount();
    let release: (n: number) => void = () => undefined;
    const slow = () =>
      new Promise<number>((resolve) => {
        release = resolve;
      });
    const pending = cache.get(slow, 0);
    cache.invalidate();
    release(3);
    expect(await pending).toBe(3);
    expect(await cache.get(async () => 4, 1)).toBe(4);
  });
});
