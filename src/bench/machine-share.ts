import fs from "node:fs";

/** The `cpu` line of /proc/stat: jiffies per state, summed over all CPUs. */
export type CpuTimes = { busy: number; idle: number; steal: number };
export type MachineShare = { busyPercent: number; stealPercent: number };

/** Reads the aggregate `cpu` line of /proc/stat (user nice system idle iowait irq softirq steal ...). */
export function parseCpuTimes(procStat: string): CpuTimes {
  const line = procStat.split("\n").find((l) => l.startsWith("cpu "));
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = (line ?? "")
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return { busy: user + nice + system + irq + softirq, idle: idle + iowait, steal };
}

/**
 * Busy and stolen shares of the machine's CPU time between two readings, in %. Steal is time a virtual
 * CPU was ready but the hypervisor ran someone else: when it is high, the run measured the neighbours.
 */
export function machineShare(before: CpuTimes, after: CpuTimes): MachineShare {
  const busy = after.busy - before.busy;
  const steal = after.steal - before.steal;
  const total = busy + steal + (after.idle - before.idle);
  if (total <= 0) return { busyPercent: Number.NaN, stealPercent: Number.NaN };
  return { busyPercent: (100 * busy) / total, stealPercent: (100 * steal) / total };
}

export const readCpuTimes = (): CpuTimes => parseCpuTimes(fs.readFileSync("/proc/stat", "utf8"));
