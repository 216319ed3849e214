import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const moduleUrl = new URL("./garbage-collection.ts", import.meta.url).href;

/** Runs an ES module script in a fresh node (with tsx, from the project's root) and returns what it printed. */
function runScript(script: string, nodeFlags: string[] = []): string {
  const child = spawnSync(
    process.execPath,
    ["--import", "tsx", ...nodeFlags, "--input-type=module", "-e", script],
    { cwd: fileURLToPath(new URL("../..", import.meta.url)), encoding: "utf8" },
  );
  expect(child.status, child.stderr).toBe(0);
  return child.stdout;
}

/**
 * A process that allocates, from one place, objects most of which survive young collections (what a
 * loaded server looks like to V8), with V8 tracing its pretenuring decisions. Returns those trace lines.
 */
function pretenuringDecisions(tuned: boolean): string[] {
  const script = `
    import { keepShortLivedObjectsYoung } from ${JSON.stringify(moduleUrl)};
    if (${tuned}) keepShortLivedObjectsYoung();
    const kept = [];
    const make = (i) => ({ id: i, name: "n" + i, tags: [i] });
    for (let round = 0; round < 100; round++) {
      for (let i = 0; i < 20000; i++) kept.push(make(i));
      if (kept.length > 400000) kept.splice(0, 200000);
    }`;
  return runScript(script, ["--trace-pretenuring-statistics"])
    .split("\n")
    .filter((line) => line.includes("pretenuring:"));
}

/**
 * The largest the heap gets in a process that keeps 20 MB and makes objects that outlive two young
 * collections before they die (what a loaded server's requests in flight look like to V8), in MB.
 */
function peakHeapMb(tuned: boolean): number {
  const script = `
    import v8 from "node:v8";
    import { keepHeapNearItsLiveSize } from ${JSON.stringify(moduleUrl)};
    if (${tuned}) keepHeapNearItsLiveSize();
    const live = Array.from({ length: 200000 }, (_, i) => ({ i, s: "x" + i }));
    const recent = new Array(300000).fill(null);
    let peak = 0;
    for (let n = 0; n < 4000000; n++) {
      recent[n % recent.length] = { n, name: "r" + n, tags: [n] };
      if (n % 10000 === 0) peak = Math.max(peak, v8.getHeapStatistics().total_heap_size);
    }
    console.log(live.length && peak / 1e6);`;
  return Number(runScript(script).trim());
}

describe("the server's garbage collection", () => {
  it("collects the old generation before its garbage outgrows twice what it keeps", () => {
    const untuned = peakHeapMb(false);
    const tuned = peakHeapMb(true);
    expect(tuned).toBeLessThan(untuned * 0.75);
  });

  it("stops V8 from moving the allocation sites of surviving objects to the old generation", () => {
    // The same process without the setting: V8 tracks the site and weighs tenuring it.
    expect(pretenuringDecisions(false).length).toBeGreaterThan(0);
    expect(pretenuringDecisions(true)).toEqual([]);
  });
});
