import { execSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Measurement } from "./http-load.js";
import type { Scenario } from "./scenarios.js";
import type { BaselineMeasurement } from "./sql-baseline.js";

export type Row = {
  scenario: Scenario;
  http: Measurement;
  baseline?: BaselineMeasurement | undefined;
  target: string;
  verdict: "pass" | "MISS" | "-";
  note?: string;
};

export type ReportInput = {
  engine: "postgres" | "pglite";
  rows: Row[];
  dataset: { tickets: number; comments: number; companies: number; contacts: number; agents: number };
  settings: { connections: number; seconds: number; warmupSeconds: number };
  versions: Record<string, string>;
  notes: string[];
};

const ms = (v: number | undefined) =>
  v === undefined || Number.isNaN(v) ? "-" : v < 10 ? v.toFixed(1) : v.toFixed(0);
const int = (v: number | undefined) => (v === undefined ? "-" : Math.round(v).toLocaleString("en-US"));

export function table(input: ReportInput): string {
  const header =
    "| | scenario | req/s | p50 ms | p95 ms | p99 ms | errors / non-2xx | peak RSS MB | CPU µs/req: server / PostgreSQL / load | machine busy / steal % | raw SQL req/s | % of raw | raw p99 ms | target | result |";
  const lines = [header, `|${" --- |".repeat(15)}`];
  for (const row of input.rows) {
    const { http, baseline } = row;
    const share = baseline ? `${Math.round((100 * http.rps) / baseline.rps)}%` : "-";
    lines.push(
      `| ${row.scenario.key} | ${row.scenario.title} | ${int(http.rps)} | ${ms(http.p50)} | ${ms(http.p95)} | ${ms(http.p99)} | ${http.errors} / ${http.non2xx} | ${http.peakRssMb} | ${int(http.cpuUsPerRequest)} / ${int(http.postgresCpuUsPerRequest)} / ${int(http.loadCpuUsPerRequest)} | ${int(http.machine.busyPercent)} / ${int(http.machine.stealPercent)} | ${int(baseline?.rps)} | ${share} | ${ms(baseline?.p99)} | ${row.target} | ${row.verdict}${row.note ? ` (${row.note})` : ""} |`,
    );
  }
  return lines.join("\n");
}

export function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model ?? "unknown CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()}`;
}

export function versions(pgVersion: string): Record<string, string> {
  const pkg = (name: string) => {
    try {
      return (JSON.parse(fs.readFileSync(`node_modules/${name}/package.json`, "utf8")) as { version: string })
        .version;
    } catch {
      return "?";
    }
  };
  let commit = "?";
  try {
    commit = execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim();
    // Others work in the same tree: say when the measured build had uncommitted sources.
    const dirty = execSync("git status --porcelain -- src", { encoding: "utf8" }).trim();
    if (dirty) commit += ` + ${dirty.split("\n").length} uncommitted file(s) under src/`;
  } catch {
    // not a checkout
  }
  return {
    node: process.version,
    database: pgVersion,
    fastify: pkg("fastify"),
    kysely: pkg("kysely"),
    pg: pkg("pg"),
    "@electric-sql/pglite": pkg("@electric-sql/pglite"),
    autocannon: pkg("autocannon"),
    commit,
  };
}

/** bench/results/<date>-<engine>.md; a partial run (--only) gets its scenario keys in the name. */
/**
 * `<dir>/<name>.md`, or `<name>-2.md`, `-3`… when that file is there: a run never overwrites an earlier
 * report of the same day (a full run used to replace the day's committed table of record).
 */
export function unusedReportPath(
  dir: string,
  name: string,
  exists: (file: string) => boolean = fs.existsSync,
): string {
  let file = path.join(dir, `${name}.md`);
  for (let n = 2; exists(file); n += 1) file = path.join(dir, `${name}-${n}.md`);
  return file;
}

export function writeReport(
  input: ReportInput,
  partial: string[] | undefined,
  instances = 1,
  date = new Date(),
): string {
  const day = date.toISOString().slice(0, 10);
  const suffix = `${instances > 1 ? `-${instances}-processes` : ""}${partial ? `-${partial.join("")}` : ""}`;
  const file = unusedReportPath(path.resolve("bench/results"), `${day}-${input.engine}${suffix}`);
  const d = input.dataset;
  const body = [
    `# Ticketdesk benchmark — ${input.engine}, ${day}`,
    "",
    `Machine: ${machine()}; server, database and load generator on the same machine.`,
    "",
    `Versions: ${Object.entries(input.versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}.`,
    "",
    `Data set: ${int(d.tickets)} tickets, ${int(d.comments)} comments, ${int(d.companies)} companies, ${int(d.contacts)} contacts, ${d.agents} agents (npm run bench -- load).`,
    "",
    `Load: autocannon, ${input.settings.connections} connections, ${input.settings.warmupSeconds} s warm-up then ${input.settings.seconds} s measured, API token auth; server \`node dist/cli/main.js serve\` (LOG_LEVEL=warn). Raw SQL: the statements the endpoint runs in steady state (captured from the app after one uncaptured call of each read, so the token's sign-in, the tickets' names and a search's breadth are already known) replayed through pg with the app's connection settings (statements prepared per connection, JIT off) and the same concurrency.`,
    "",
    table(input),
    "",
    ...input.notes.map((n) => `- ${n}`),
    "",
  ].join("\n");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, body);
  return file;
}
