import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import autocannon from "autocannon";
import { loadGeneratorCpuMs, postgresCpuBetween, postgresCpuByPid, processesCpuMs } from "./cpu-split.js";
import { type MachineShare, machineShare, readCpuTimes } from "./machine-share.js";
import type { Scenario } from "./scenarios.js";

export type Measurement = {
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** Server VmHWM after the scenario (peak RSS since start), MB. */
  peakRssMb: number;
  /**
   * CPU time the server spent per answered request during the measured run, in µs: steadier than req/s on
   * a shared host whose speed drifts, since it does not count time the server waited for a core.
   */
  cpuUsPerRequest: number;
  /**
   * The same for the local PostgreSQL server's processes (undefined on PGlite, whose engine is inside the
   * server, or when the server is elsewhere) and for the load generator: with all three on one machine,
   * their sum per request is what its cores have to give.
   */
  postgresCpuUsPerRequest: number | undefined;
  loadCpuUsPerRequest: number;
  /** The whole machine during the measured run: how busy its CPUs were, and how much a hypervisor took. */
  machine: MachineShare;
  ticketNumbers?: string[];
};

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** The first port from `from` on that nothing listens on (any interface). */
export async function freePort(from: number): Promise<number> {
  for (let port = from; port < from + 100; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer();
      probe.once("error", () => resolve(false));
      probe.listen(port, "0.0.0.0", () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port in ${from}-${from + 99}`);
}

/** The server as a child process, like production: `node dist/cli/main.js serve`. */
export class ServerProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly baseUrl: string,
  ) {}

  static async start(env: NodeJS.ProcessEnv, wanted: number, profileDir?: string): Promise<ServerProcess> {
    // Another process answering /readyz on the port would be measured instead of ours.
    const port = await freePort(wanted);
    const profile = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(profileDir)}`] : [];
    // Node options for the server alone (diagnosis: `--trace-gc`, `--import` of a heap sampler).
    const extra = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
    const child = spawn(process.execPath, [...extra, ...profile, path.resolve("dist/cli/main.js"), "serve"], {
      env: { ...process.env, HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "warn", ...env },
      stdio: ["ignore", "inherit", "inherit"],
    });
    const server = new ServerProcess(child, `http://127.0.0.1:${port}`);
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      try {
        const response = await fetch(`${server.baseUrl}/readyz`);
        if (response.ok && child.exitCode === null) return server;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    child.kill("SIGTERM");
    throw new Error("server did not become ready in 120 s");
  }

  /**
   * Waits until the server answers /readyz (a database round trip) quickly twice running:
   * requests abandoned by the previous scenario's clients are still queued in the server and
   * would otherwise be charged to the next scenario.
   */
  async settle(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let quick = 0;
    while (Date.now() < deadline && quick < 2) {
      const started = performance.now();
      const response = await fetch(`${this.baseUrl}/readyz`).catch(() => undefined);
      quick = response?.ok && performance.now() - started < 100 ? quick + 1 : 0;
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  /**
   * Peak resident set size of the server so far (VmHWM), in MB: of its process, plus those of the
   * instances it supervises with WEB_CONCURRENCY > 1 (its child processes).
   */
  peakRssMb(): number {
    const peakKb = (pid: number) => {
      const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
      return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
    };
    const kb = this.processes().reduce((sum, p) => sum + peakKb(p), 0);
    return Math.round(kb / 1024);
  }

  /** CPU time (user + system) the server's processes have used so far, in ms. */
  cpuMs(): number {
    return processesCpuMs(this.processes());
  }

  /** The server's process and the instances it supervises with WEB_CONCURRENCY > 1. */
  private processes(): number[] {
    const pid = this.child.pid ?? 0;
    const children = fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .split(" ")
      .filter((s) => s.trim() !== "")
      .map(Number);
    return [pid, ...children];
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGTERM");
    await exited;
  }
}

type Run = { seconds: number; connections: number; token: string; collect: boolean };

async function fire(server: ServerProcess, scenario: Scenario, run: Run, offset: number) {
  const latencies: number[] = [];
  const ticketNumbers: string[] = [];
  let next = offset;
  let done: (result: autocannon.Result) => void = () => {};
  let fail: (error: Error) => void = () => {};
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    done = resolve;
    fail = reject;
  });
  const options: autocannon.Options = {
    url: server.baseUrl,
    connections: run.connections,
    duration: run.seconds,
    headers: { authorization: `Bearer ${run.token}`, "content-type": "application/json" },
    requests: [
      {
        method: scenario.method,
        path: scenario.paths[0] ?? "/",
        setupRequest: (request) => {
          const i = next++;
          const body = scenario.body?.(i);
          return {
            ...request,
            path: scenario.paths[i % scenario.paths.length] ?? "/",
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          };
        },
        onResponse: (status, body) => {
          if (!run.collect || !scenario.collectsTicketNumbers || status !== 201) return;
          const number = (JSON.parse(body) as { ticket_number?: string }).ticket_number;
          if (number) ticketNumbers.push(number);
        },
      },
    ],
  };
  const instance = autocannon(options, (error, result) => (error ? fail(error) : done(result)));
  instance.on("response", (_client, _status, _bytes, responseTime) => {
    latencies.push(responseTime);
  });
  const result = await finished;
  return { result, latencies, ticketNumbers, used: next - offset };
}

/** A warm-up, then the measured run with the same settings. */
export async function measure(
  server: ServerProcess,
  scenario: Scenario,
  options: {
    warmupSeconds: number;
    seconds: number;
    connections: number;
    token: string;
    /** Whether PostgreSQL runs on this machine as its own processes (not PGlite, not another host). */
    localPostgres: boolean;
  },
): Promise<Measurement> {
  const run = { connections: options.connections, token: options.token };
  const warm = await fire(server, scenario, { ...run, seconds: options.warmupSeconds, collect: true }, 0);
  const cpuBefore = server.cpuMs();
  const postgresBefore = options.localPostgres ? postgresCpuByPid() : undefined;
  const loadBefore = loadGeneratorCpuMs();
  const machineBefore = readCpuTimes();
  const { result, latencies, ticketNumbers } = await fire(
    server,
    scenario,
    { ...run, seconds: options.seconds, collect: true },
    warm.used,
  );
  const cpuMs = server.cpuMs() - cpuBefore;
  const postgresAfter = postgresBefore === undefined ? undefined : postgresCpuByPid();
  const loadMs = loadGeneratorCpuMs() - loadBefore;
  const machine = machineShare(machineBefore, readCpuTimes());
  const perRequest = (ms: number) => (latencies.length > 0 ? (ms * 1000) / latencies.length : Number.NaN);
  latencies.sort((a, b) => a - b);
  const seconds = result.duration || options.seconds;
  return {
    requests: latencies.length,
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    peakRssMb: server.peakRssMb(),
    cpuUsPerRequest: perRequest(cpuMs),
    postgresCpuUsPerRequest:
      postgresBefore === undefined || postgresAfter === undefined
        ? undefined
        : perRequest(postgresCpuBetween(postgresBefore, postgresAfter)),
    loadCpuUsPerRequest: perRequest(loadMs),
    machine,
    ...(scenario.collectsTicketNumbers ? { ticketNumbers: [...warm.ticketNumbers, ...ticketNumbers] } : {}),
  };
}

/** Per day, the numbers must be distinct and consecutive (no gaps between the first and last made). */
export function checkTicketNumbers(numbers: string[]): { unique: boolean; gapFree: boolean; days: number } {
  const byDay = new Map<string, number[]>();
  for (const n of numbers) {
    const match = /^T-(\d{8})-(\d+)$/.exec(n);
    if (!match?.[1] || !match[2]) return { unique: false, gapFree: false, days: 0 };
    const list = byDay.get(match[1]) ?? [];
    list.push(Number(match[2]));
    byDay.set(match[1], list);
  }
  let unique = true;
  let gapFree = true;
  for (const list of byDay.values()) {
    list.sort((a, b) => a - b);
    if (new Set(list).size !== list.length) unique = false;
    const first = list[0] ?? 0;
    const last = list.at(-1) ?? 0;
    if (last - first + 1 !== list.length) gapFree = false;
  }
  return { unique, gapFree, days: byDay.size };
}
