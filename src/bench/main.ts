import { parseArgs } from "node:util";
import { keepShortLivedObjectsYoung } from "../server/garbage-collection.js";
import { databaseUrlFor, defaultServerUrl } from "./bench-url.js";
import type { DatasetOptions } from "./dataset.js";
import { explainScenarios } from "./explain-command.js";
import { runJobsBench } from "./jobs-bench.js";
import { loadPglite } from "./load-pglite.js";
import { loadPostgres } from "./load-postgres.js";
import { runMailBench } from "./mail-bench.js";
import { runBenchmark } from "./run.js";
import { runSlaBench } from "./sla-bench.js";

/**
 * npm run bench -- load [--engine postgres|pglite] [--tickets N]
 * npm run bench -- run  [--engine postgres|pglite] [--only a,b] [--duration 10] [--connections 16]
 * npm run bench -- jobs [--engine postgres|pglite] [--waiting 0,1000,100000]
 * npm run bench -- mail [--engine postgres|pglite] [--messages N]
 * npm run bench -- sla  [--database NAME] [--due 1000] [--passes 20] [--repeat 3]
 */
const usage = `usage:
  npm run bench -- load [--engine postgres|pglite] [--tickets 1000000] [--server-url URL] [--database NAME] [--data-dir DIR]
  npm run bench -- explain [--only a,b,...]   (PostgreSQL: EXPLAIN ANALYZE of each endpoint's SQL)
  npm run bench -- run  [--engine postgres|pglite] [--only a,b,...] [--duration 10] [--connections 16] [--instances 1] [--no-build] [--no-baseline] [--cpu-prof DIR]
  npm run bench -- jobs [--engine postgres|pglite] [--waiting 0,1000,100000] [--server-url URL]   (taking the next job as the queue grows)
  npm run bench -- mail [--engine postgres|pglite] [--messages 2000|600] [--tickets 10000] [--mail-rate 50|15] [--only inbound,api,outbox,list] [--no-build] [--cpu-prof DIR]   (the email channel: inbound SMTP, outbound jobs, the list while mail flows)
  npm run bench -- sla  [--database ticketdesk_bench] [--due 1000] [--passes 20] [--repeat 3] [--server-url URL]   (PostgreSQL: the SLA sweep on the loaded data set: nothing due, N breaches, N auto-closes)`;

// The raw-SQL replay's client runs in this process: it gets the server's garbage-collection setting, without
// which its throughput alternated between two levels from run to run (5,681 / 8,043 pages/s for (a);
// with it 7,778 / 8,481; bench/README.md, round 10).
keepShortLivedObjectsYoung();

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    engine: { type: "string", default: "postgres" },
    tickets: { type: "string" },
    "server-url": {
      type: "string",
      default: process.env.BENCH_SERVER_URL ?? defaultServerUrl(),
    },
    database: { type: "string", default: "ticketdesk_bench" },
    "data-dir": { type: "string", default: "bench/.data/pglite" },
    seed: { type: "string", default: "ticketdesk-bench" },
    only: { type: "string" },
    duration: { type: "string", default: "10" },
    warmup: { type: "string", default: "3" },
    connections: { type: "string", default: "16" },
    instances: { type: "string", default: "1" },
    "no-build": { type: "boolean", default: false },
    "no-baseline": { type: "boolean", default: false },
    port: { type: "string", default: "3917" },
    "cpu-prof": { type: "string" },
    waiting: { type: "string", default: "0,1000,100000" },
    messages: { type: "string" },
    "mail-rate": { type: "string" },
    "smtp-connections": { type: "string", default: "8" },
    due: { type: "string", default: "1000" },
    passes: { type: "string", default: "20" },
    repeat: { type: "string", default: "3" },
    help: { type: "boolean", short: "h", default: false },
  },
});

const engine = values.engine === "pglite" ? "pglite" : "postgres";
const command = positionals[0];

function datasetOptions(defaultTickets: number): DatasetOptions {
  const tickets = Number(values.tickets ?? defaultTickets);
  if (!Number.isInteger(tickets) || tickets < 1) throw new Error("--tickets must be a positive integer");
  return {
    tickets,
    companies: Math.max(10, Math.min(1_000, Math.round(tickets / 1_000))),
    contactsPerCompany: 10,
    seed: values.seed,
    now: new Date(),
    years: 2,
  };
}

async function main(): Promise<void> {
  if (values.help) {
    console.log(usage);
    return;
  }
  if (command === "load") {
    const started = performance.now();
    const summary =
      engine === "postgres"
        ? await loadPostgres({
            serverUrl: values["server-url"],
            database: values.database,
            dataset: datasetOptions(1_000_000),
            agents: 60,
          })
        : await loadPglite({ dataDir: values["data-dir"], dataset: datasetOptions(100_000), agents: 60 });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `loaded ${summary.tickets} tickets, ${summary.comments} comments and ${summary.events} events in ${seconds.toFixed(1)} s`,
    );
    return;
  }
  if (command === "jobs") {
    const waiting = values.waiting.split(",").map(Number);
    if (waiting.some((n) => !Number.isInteger(n) || n < 0))
      throw new Error("--waiting must be a list of non-negative integers");
    await runJobsBench({
      engine,
      serverUrl: values["server-url"],
      database: values.database === "ticketdesk_bench" ? "ticketdesk_bench_jobs" : values.database,
      waiting,
    });
    return;
  }
  if (command === "mail") {
    const positive = (name: string, value: string) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
      return n;
    };
    await runMailBench({
      engine,
      serverUrl: values["server-url"],
      database: values.database === "ticketdesk_bench" ? "ticketdesk_bench_mail" : values.database,
      messages: positive("messages", values.messages ?? (engine === "postgres" ? "2000" : "600")),
      tickets: positive("tickets", values.tickets ?? "10000"),
      // PGlite takes ≥ 30 messages a second on its own (the target): half of it beside the list's load.
      mailRate: positive("mail-rate", values["mail-rate"] ?? (engine === "postgres" ? "50" : "15")),
      smtpConnections: positive("smtp-connections", values["smtp-connections"]),
      connections: positive("connections", values.connections),
      seconds: positive("duration", values.duration),
      warmupSeconds: positive("warmup", values.warmup),
      build: !values["no-build"],
      port: Number(values.port),
      profileDir: values["cpu-prof"],
      only: values.only?.split(",").map((s) => s.trim()),
    });
    return;
  }
  if (command === "sla") {
    if (engine !== "postgres")
      throw new Error("bench sla needs PostgreSQL (the issue's targets are PostgreSQL's)");
    const positive = (name: string, value: string) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
      return n;
    };
    await runSlaBench({
      serverUrl: values["server-url"],
      database: values.database,
      due: positive("due", values.due),
      passes: positive("passes", values.passes),
      repeat: positive("repeat", values.repeat),
    });
    return;
  }
  if (command === "explain") {
    await explainScenarios(databaseUrlFor(values["server-url"], values.database), values.only?.split(","));
    return;
  }
  if (command === "run") {
    const instances = Number(values.instances);
    if (!Number.isInteger(instances) || instances < 1)
      throw new Error("--instances must be a positive integer");
    if (instances > 1 && engine === "pglite") throw new Error("--instances > 1 needs PostgreSQL");
    await runBenchmark({
      instances,
      engine,
      serverUrl: values["server-url"],
      database: values.database,
      dataDir: values["data-dir"],
      only: values.only?.split(",").map((s) => s.trim()),
      durationSeconds: Number(values.duration),
      warmupSeconds: Number(values.warmup),
      connections: Number(values.connections),
      build: !values["no-build"],
      baseline: !values["no-baseline"],
      port: Number(values.port),
      profileDir: values["cpu-prof"],
    });
    return;
  }
  console.error(usage);
  process.exitCode = 2;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
