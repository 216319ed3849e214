import fs from "node:fs";

/** USER_HZ: /proc reports CPU time in hundredths of a second on Linux. */
const msPerTick = 10;

/** A process's name and its CPU time (user + system) so far, in ms, from its /proc/<pid>/stat line. */
export function parseProcessStat(stat: string): { name: string; cpuMs: number } {
  // "pid (comm) state ...": comm may hold spaces and parentheses, so split at the last ") ".
  const close = stat.lastIndexOf(") ");
  const name = stat.slice(stat.indexOf("(") + 1, close);
  const fields = stat.slice(close + 2).split(" ");
  // After "(comm) ": state is field 0, utime and stime are fields 11 and 12.
  return { name, cpuMs: (Number(fields[11]) + Number(fields[12])) * msPerTick };
}

const readStat = (pid: number | string) => {
  try {
    return parseProcessStat(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return undefined; // the process ended between listing and reading
  }
};

/** CPU time of these processes so far, in ms. */
export function processesCpuMs(pids: number[]): number {
  return pids.reduce((sum, pid) => sum + (readStat(pid)?.cpuMs ?? 0), 0);
}

/**
 * CPU time of every process named `postgres` on this machine so far, in ms, by pid: the local server's
 * backends, its writers and autovacuum, which share the cores with Ticketdesk and the load generator.
 * Undefined when there is none (the server is elsewhere).
 */
export function postgresCpuByPid(): Map<number, number> | undefined {
  const byPid = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(entry);
    if (stat?.name === "postgres") byPid.set(Number(entry), stat.cpuMs);
  }
  return byPid.size > 0 ? byPid : undefined;
}

/**
 * The CPU time PostgreSQL's processes used between two readings, in ms. A process that started in between
 * counts from zero; one that ended in between (an autovacuum worker) is left out, since its last figure
 * is gone: subtracting its whole lifetime made (i)'s share negative in round 11's first full run.
 */
export function postgresCpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

/** This process's CPU time so far, in ms: the load generator (autocannon runs in the bench's process). */
export function loadGeneratorCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
