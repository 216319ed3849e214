import { describe, expect, test } from "vitest";
import { machineShare, parseCpuTimes } from "./machine-share.js";

const procStat = (user: number, system: number, idle: number, steal: number) =>
  `cpu  ${user} 0 ${system} ${idle} 0 0 0 ${steal} 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\nintr 12345\n`;

describe("the machine's share of a run, from /proc/stat", () => {
  test("reads the aggregate cpu line, not a single CPU's", () => {
    expect(parseCpuTimes(procStat(500, 100, 1_000, 40))).toEqual({ busy: 600, idle: 1_000, steal: 40 });
  });

  test("busy and stolen time as shares of all CPU time between two readings", () => {
    const share = machineShare(
      parseCpuTimes(procStat(500, 100, 1_000, 40)),
      parseCpuTimes(procStat(1_300, 250, 1_150, 90)),
    );
    // 950 busy, 150 idle, 50 stolen of 1,150.
    expect(share.busyPercent).toBeCloseTo(82.6, 1);
    expect(share.stealPercent).toBeCloseTo(4.35, 1);
  });

  test("no time passed: no share rather than a division by zero", () => {
    const same = parseCpuTimes(procStat(1, 1, 1, 1));
    expect(Number.isNaN(machineShare(same, same).busyPercent)).toBe(true);
  });
});
