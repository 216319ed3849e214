import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const moduleUrl = new URL("./garbage-collection.ts", import.meta.url).href;

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
  const child = spawnSync(
    process.execPath,
    ["--import", "tsx", "--trace-pretenuring-statistics", "--input-type=module", "-e", script],
    { cwd: fileURLToPath(new URL("../..", import.meta.url)), encoding: "utf8" },
  );
  expect(child.status, child.stderr).toBe(0);
  return child.stdout.split("\n").filter((line) => line.includes("pretenuring:"));
}

describe("the server's garbage collection", () => {
  it("stops V8 from moving the allocation sites of surviving objects to the old generation", () => {
    // The same process without the setting: V8 tracks the site and weighs tenuring it.
    expect(pretenuringDecisions(false).length).toBeGreaterThan(0);
    expect(pretenuringDecisions(true)).toEqual([]);
  });
});
