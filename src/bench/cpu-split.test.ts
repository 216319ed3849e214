import { describe, expect, test } from "vitest";
import {
  loadGeneratorCpuMs,
  parseProcessStat,
  postgresCpuBetween,
  postgresCpuByPid,
  processesCpuMs,
} from "./cpu-split.js";

describe("CPU time per process, from /proc", () => {
  test("reads the name and utime + stime of a stat line, whatever the name holds", () => {
    const fields = "S 1 2 3 4 5 6 7 8 9 10 250 30 0 0 20 0 1 0 100";
    expect(parseProcessStat(`4242 (postgres) ${fields}`)).toEqual({ name: "postgres", cpuMs: 2_800 });
    expect(parseProcessStat(`77 (node (worker) x) ${fields}`)).toEqual({
      name: "node (worker) x",
      cpuMs: 2_800,
    });
  });

  test("counts this process's own CPU time, and nothing for a process that is gone", () => {
    expect(processesCpuMs([process.pid])).toBeGreaterThanOrEqual(0);
    expect(processesCpuMs([2 ** 30])).toBe(0);
    const before = loadGeneratorCpuMs();
    let x = 0;
    for (let i = 0; i < 5_000_000; i++) x += Math.sqrt(i);
    expect(x).toBeGreaterThan(0);
    expect(loadGeneratorCpuMs()).toBeGreaterThan(before);
  });

  test("reads the local PostgreSQL server's processes, or says there are none", () => {
    const byPid = postgresCpuByPid();
    expect(byPid === undefined || [...byPid.values()].every((ms) => ms >= 0)).toBe(true);
  });

  test("counts what PostgreSQL used in between: a new process from zero, one that ended not at all", () => {
    const before = new Map([
      [10, 5_000],
      [11, 700], // an autovacuum worker that ends before the second reading
    ]);
    const after = new Map([
      [10, 5_400],
      [12, 30], // a backend started in between
    ]);
    expect(postgresCpuBetween(before, after)).toBe(430);
  });
});
