import { execSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Kysely, sql } from "kysely";
import nodemailer, { type Transporter } from "nodemailer";
import { openPglite, openPostgres } from "../db/database.js";
import { migrateUp } from "../db/migrator.js";
import type { DB } from "../db/schema.js";
import { createBenchToken } from "./bench-schema.js";
import { databaseUrlFor, isLocalServer, transportOf } from "./bench-url.js";
import { loadGeneratorCpuMs, postgresCpuBetween, postgresCpuByPid } from "./cpu-split.js";
import { freePort, type Measurement, measure, percentile, ServerProcess } from "./http-load.js";
import { loadDataset, pgliteCopier, postgresCopier } from "./load-into.js";
import { recreateDatabase } from "./load-postgres.js";
import { machineShare, readCpuTimes } from "./machine-share.js";
import {
  type Acknowledgement,
  InboundMessages,
  type Person,
  type RawMail,
  type TaggedTicket,
} from "./mail-messages.js";
import { type Arrival, type MailSink, startMailSink } from "./mail-sink.js";
import { machine, unusedReportPath, versions } from "./report.js";
import type { Scenario } from "./scenarios.js";

/**
 * npm run bench -- mail [--engine postgres|pglite] [--messages N] [--tickets N] [--mail-rate 50] [--no-build]
 *
 * The email channel under load (issue 20), end to end through the built server as a child process
 * (`node dist/cli/main.js serve` with SMTP_LISTEN_PORT and SMTP_URL) on a scratch database:
 *
 * 1. inbound: N realistic messages (mail-messages.ts) over SMTP on 8 pooled connections to the server's
 *    listener, which answers 250 once the ticket or comment committed: messages/s from the first send to
 *    the last 250, latency per message (one SMTP transaction);
 * 2. the mails that caused (acknowledgements, the team's notification, customer-replied notices) go out
 *    through the server's `email.send` jobs to the sink in this process (mail-sink.ts);
 * 3. outbound: N agent replies posted through the API, and (PostgreSQL) N outbox rows with their jobs
 *    written in one statement, which isolates sending: mails/s arriving at the sink;
 * 4. the ticket list (scenario (a) of `bench run`) alone, then while mail flows in at a steady rate and
 *    its acknowledgements go out.
 */
export type MailBenchOptions = {
  engine: "postgres" | "pglite";
  serverUrl: string;
  database: string;
  messages: number;
  tickets: number;
  /** Inbound messages a second during the ticket list run with mail. */
  mailRate: number;
  smtpConnections: number;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  build: boolean;
  port: number;
  /** Writes a V8 CPU profile of the server here (node --cpu-prof). */
  profileDir?: string | undefined;
  /** Runs only these phases: inbound, api, outbox, list (default all). */
  only?: string[] | undefined;
};

const mailbox = "support@help.bench.example";
const api = "/api/v1";

type CpuWindow = {
  serverMs: number;
  postgresMs: number | undefined;
  benchMs: number;
  busy: number;
  steal: number;
};

function cpuWindow(server: ServerProcess, localPostgres: boolean): () => CpuWindow {
  const serverBefore = server.cpuMs();
  const pgBefore = localPostgres ? postgresCpuByPid() : undefined;
  const benchBefore = loadGeneratorCpuMs();
  const machineBefore = readCpuTimes();
  return () => {
    const pgAfter = pgBefore ? postgresCpuByPid() : undefined;
    const share = machineShare(machineBefore, readCpuTimes());
    return {
      serverMs: server.cpuMs() - serverBefore,
      postgresMs: pgBefore && pgAfter ? postgresCpuBetween(pgBefore, pgAfter) : undefined,
      benchMs: loadGeneratorCpuMs() - benchBefore,
      busy: share.busyPercent,
      steal: share.stealPercent,
    };
  };
}

type SendResult = {
  sent: number;
  errors: number;
  firstError: string | undefined;
  seconds: number;
  latencies: number[];
  kinds: Record<string, number>;
};

/** The address in a To header ("Name" <a@b> or a@b). */
const addressOf = (to: string) => (/<([^>]+)>/.exec(to)?.[1] ?? to).trim().toLowerCase();

/**
 * The customers: `workers` SMTP clients at once on a pooled transport with as many connections, each sending
 * its next message as soon as the previous got its 250 (or, with `rate`, at its slot of a steady pace).
 * Replies are composed when their turn comes, to an acknowledgement that has arrived by then.
 */
async function sendInbound(
  transport: Transporter,
  generator: InboundMessages,
  plan: { count?: number; rate?: number; until?: () => boolean; prebuilt?: (RawMail | null)[] },
  replies: { sink: MailSink; senders: Set<string>; answered: Set<string>; tagged: TaggedTicket[] },
  workers: number,
): Promise<SendResult> {
  let next = 0;
  const latencies: number[] = [];
  const kinds: Record<string, number> = {};
  let errors = 0;
  let firstError: string | undefined;
  let tagTurn = 0;
  let ackCursor = 0;
  const nextAck = (): Acknowledgement | undefined => {
    const arrivals = replies.sink.arrivals;
    for (; ackCursor < arrivals.length; ackCursor++) {
      const a = arrivals[ackCursor] as Arrival;
      const to = addressOf(a.to);
      if (a.kind !== "acknowledgement" || !replies.senders.has(to) || replies.answered.has(a.messageId))
        continue;
      replies.answered.add(a.messageId);
      ackCursor += 1;
      return { to, messageId: a.messageId, subject: a.subject };
    }
    return undefined;
  };
  const compose = async (i: number): Promise<RawMail> => {
    const prebuilt = plan.prebuilt?.[i];
    if (prebuilt) return prebuilt;
    const kind = InboundMessages.kindOf(i);
    if (kind === "reply-thread") {
      const ack = nextAck();
      if (ack) return generator.replyToAcknowledgement(ack);
    }
    if (kind !== "new" && replies.tagged.length > 0)
      return generator.replyByTag(replies.tagged[tagTurn++ % replies.tagged.length] as TaggedTicket);
    const mail = await generator.newRequest();
    replies.senders.add(mail.from.address.toLowerCase());
    return mail;
  };
  const started = performance.now();
  let last = started;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (;;) {
        if (plan.until?.()) return;
        const i = next++;
        if (plan.count !== undefined && i >= plan.count) return;
        if (plan.rate) {
          const wait = started + (i * 1000) / plan.rate - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          if (plan.until?.()) return;
        }
        const mail = await compose(i);
        const t0 = performance.now();
        try {
          await transport.sendMail({ envelope: mail.envelope, raw: mail.raw });
          const t1 = performance.now();
          latencies.push(t1 - t0);
          last = Math.max(last, t1);
          kinds[mail.kind] = (kinds[mail.kind] ?? 0) + 1;
        } catch (error) {
          errors += 1;
          firstError ??= error instanceof Error ? error.message : String(error);
        }
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { sent: latencies.length, errors, firstError, seconds: (last - started) / 1000, latencies, kinds };
}

type Prepared = {
  token: string;
  teamId: string;
  contacts: Person[];
  companies: { domain: string; name: string }[];
  tagged: (TaggedTicket & { id: string })[];
  dataset: { tickets: number; comments: number };
  pgVersion: string;
};

async function prepare(db: Kysely<DB>, loaded: { tickets: number; comments: number }): Promise<Prepared> {
  // One agent per team is told of new tickets in the team (the others turned it off): with all twelve, every
  // new ticket would send twelve notifications, which measures the team's size rather than the channel.
  await sql`
    update users set notify_new_ticket_in_team = (id in (
      select distinct on (team_id) id from users where role = 'agent' and team_id is not null order by team_id, email))
    where role = 'agent'`.execute(db);
  const { token } = await createBenchToken(db);
  const team = await db.selectFrom("teams").select("id").where("name", "=", "Tech").executeTakeFirstOrThrow();
  const contacts = await db
    .selectFrom("contacts")
    .select(["name", "email"])
    .where("email", "is not", null)
    .orderBy("id")
    .limit(2_000)
    .execute();
  const companies = await db
    .selectFrom("companies")
    .select(["name", "domain"])
    .where("domain", "is not", null)
    .orderBy("id")
    .limit(500)
    .execute();
  const tagged = await sql<{
    id: string;
    ticket_number: string;
    subject: string;
    name: string;
    email: string;
  }>`
    select t.id, t.ticket_number, t.subject, c.name, c.email
    from tickets t join contacts c on c.id = t.contact_id
    where t.status <> 'closed' and c.email is not null
    order by t.created_at desc limit 500`.execute(db);
  const pgVersion =
    (await sql<{ v: string }>`select version() as v`.execute(db)).rows[0]?.v.split(" on ")[0] ?? "?";
  return {
    token,
    teamId: team.id,
    contacts: contacts.map((c) => ({ name: c.name, address: c.email ?? "" })),
    companies: companies.map((c) => ({ name: c.name, domain: c.domain ?? "" })),
    tagged: tagged.rows.map((r) => ({
      id: r.id,
      ticketNumber: r.ticket_number,
      subject: r.subject,
      contact: { name: r.name, address: r.email },
    })),
    dataset: loaded,
    pgVersion,
  };
}

async function post(baseUrl: string, token: string, url: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${baseUrl}${url}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

/**
 * The whole path from outbox rows to the sink, without the app's writing: N public replies and their mails,
 * queued as the app queues them (migration 0022: not rendered) with their jobs, in one statement. Sending
 * includes rendering each one from its ticket and comment.
 */
async function queueOutboxRows(url: string, count: number): Promise<number> {
  const body =
    "Bench outbox mail #N#\n\nThanks for your patience. We replaced the sync agent's certificate on our side; please restart the client once and tell us whether the error is gone.\n\nIf it comes back, send us the log file from the client's Help menu.";
  const database = await openPostgres(url, 1);
  try {
    const { rows } = await sql<{ n: number }>`
      with picked as (
        select t.id as ticket_id, lower(c.email) as email, gen_random_uuid() as comment_id,
          row_number() over (order by t.created_at desc) as n
        from tickets t join contacts c on c.id = t.contact_id
        where c.email is not null
        order by t.created_at desc limit ${count}
      ), comments as (
        insert into ticket_comments (id, ticket_id, text, is_internal, channel)
        select comment_id, ticket_id, replace(${body}, '#N#', n::text), false, 'api' from picked
      ), o as (
        insert into outbound_mails (id, ticket_id, comment_id, kind, to_address, facts, automatic)
        select gen_random_uuid(), ticket_id, comment_id, 'agent-reply', email,
          jsonb_build_object('agentName', 'Agent 7'), false
        from picked returning id
      ), j as (
        insert into jobs (id, name, payload, key)
        select gen_random_uuid(), 'email.send', jsonb_build_object('outboxId', o.id), 'email.send:' || o.id from o
        returning 1
      )
      select count(*)::int as n from j`.execute(database.db);
    return rows[0]?.n ?? 0;
  } finally {
    await database.close();
  }
}

type Counts = {
  inbound: { status: string; outcome: string | null; n: number }[];
  outbound: { kind: string; status: string; n: number }[];
  emailTickets: number;
  tickets: number;
};

async function countMail(db: Kysely<DB>): Promise<Counts> {
  const inbound = await sql<Counts["inbound"][number]>`
    select status, outcome, count(*)::int as n from inbound_mails group by 1, 2 order by 3 desc`.execute(db);
  const outbound = await sql<Counts["outbound"][number]>`
    select kind, status, count(*)::int as n from outbound_mails group by 1, 2 order by 3 desc`.execute(db);
  const tickets = await sql<{ email: number; all: number }>`
    select (count(*) filter (where channel = 'email'))::int as email, count(*)::int as all from tickets`.execute(
    db,
  );
  return {
    inbound: inbound.rows,
    outbound: outbound.rows,
    emailTickets: tickets.rows[0]?.email ?? 0,
    tickets: tickets.rows[0]?.all ?? 0,
  };
}

const f0 = (v: number | undefined) =>
  v === undefined || Number.isNaN(v) ? "-" : Math.round(v).toLocaleString("en-US");
const f1 = (v: number | undefined) =>
  v === undefined || Number.isNaN(v) ? "-" : v < 10 ? v.toFixed(1) : Math.round(v).toLocaleString("en-US");
const perItem = (ms: number | undefined, n: number) =>
  ms === undefined || n === 0 ? undefined : (ms * 1000) / n;
const cpuText = (c: CpuWindow, n: number) =>
  `${f0(perItem(c.serverMs, n))} / ${f0(perItem(c.postgresMs, n))} / ${f0(perItem(c.benchMs, n))}`;

type Run = {
  o: MailBenchOptions;
  server: ServerProcess;
  sink: MailSink;
  customers: Transporter;
  prepared: Prepared;
  url: string;
  localPostgres: boolean;
  mailboxId: string;
  replies: { sink: MailSink; senders: Set<string>; answered: Set<string>; tagged: TaggedTicket[] };
  directory: { companies: { domain: string; name: string }[]; contacts: Person[] };
  notes: string[];
};

const tag = (ok: boolean) => (ok ? "pass" : "MISS");

/** 1 and 2: inbound as fast as the listener answers, then what it caused goes out. */
async function inboundPhase(r: Run): Promise<string[]> {
  const { o, sink, replies } = r;
  process.stderr.write(`inbound: ${o.messages} messages over ${o.smtpConnections} connections...\n`);
  const generator = new InboundMessages("in", mailbox, r.directory);
  // New requests are composed before the clock starts; replies when their turn comes.
  const prebuilt: (RawMail | null)[] = [];
  for (let i = 0; i < o.messages; i++) {
    if (InboundMessages.kindOf(i) !== "new") {
      prebuilt.push(null);
      continue;
    }
    const mail = await generator.newRequest();
    replies.senders.add(mail.from.address.toLowerCase());
    prebuilt.push(mail);
  }
  const bytes = prebuilt.reduce((sum, m) => sum + (m?.raw.length ?? 0), 0);
  const newCount = prebuilt.filter(Boolean).length;
  await r.server.settle();
  const sinkBefore = sink.arrivals.length;
  const cpu = cpuWindow(r.server, r.localPostgres);
  const start = performance.now();
  const inbound = await sendInbound(
    r.customers,
    generator,
    { count: o.messages, prebuilt },
    replies,
    o.smtpConnections,
  );
  const used = cpu();
  await sink.waitQuiet(3_000, 180_000);
  const caused = sink.arrivals.slice(sinkBefore);
  const causedSeconds = ((caused.at(-1)?.at ?? start) - start) / 1000;
  const byKind = (kind: string) => caused.filter((a) => a.kind === kind).length;
  const rate = inbound.sent / inbound.seconds;
  process.stderr.write(
    `  ${inbound.sent} in ${inbound.seconds.toFixed(1)} s: ${rate.toFixed(0)} msg/s; ${caused.length} mails out by ${causedSeconds.toFixed(1)} s\n`,
  );
  const target = o.engine === "postgres" ? 100 : 30;
  const n = inbound.sent;
  return [
    "## Inbound over SMTP",
    "",
    "| messages (new / thread reply / tag reply) | size | SMTP connections | seconds | messages/s | p50 ms | p95 ms | p99 ms | errors | CPU µs/msg: server / PostgreSQL / bench | machine busy / steal % | target | result |",
    `|${" --- |".repeat(13)}`,
    `| ${f0(n)} (${f0(inbound.kinds.new)} / ${f0(inbound.kinds["reply-thread"])} / ${f0(inbound.kinds["reply-tag"])}) | ${f1(bytes / Math.max(1, newCount) / 1024)} KB avg (new) | ${o.smtpConnections} | ${inbound.seconds.toFixed(1)} | **${f1(rate)}** | ${f1(percentile(inbound.latencies, 50))} | ${f1(percentile(inbound.latencies, 95))} | ${f1(percentile(inbound.latencies, 99))} | ${inbound.errors}${inbound.firstError ? ` (${inbound.firstError})` : ""} | ${cpuText(used, n)} | ${f0(used.busy)} / ${f0(used.steal)} | ≥ ${target}/s | ${tag(rate >= target && inbound.errors === 0)} |`,
    "",
    `The mails it caused (2): ${caused.length} (${byKind("acknowledgement")} acknowledgements, ${byKind("notification")} notifications, ${byKind("reply")} other), the last ${causedSeconds.toFixed(1)} s after the first inbound send: ${f1(caused.length / causedSeconds)} mails/s.`,
    "",
  ];
}

/** 3a: agent replies POSTed through the API; the app writes comment, outbox row and job, the jobs send. */
async function apiPhase(r: Run): Promise<string> {
  const { o, sink, server, prepared } = r;
  const count = o.messages;
  process.stderr.write(`outbound: ${count} agent replies through the API...\n`);
  await server.settle();
  const cpu = cpuWindow(server, r.localPostgres);
  const start = performance.now();
  let posted = 0;
  let postEnd = start;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (;;) {
        const i = posted++;
        if (i >= count) return;
        const ticket = prepared.tagged[i % prepared.tagged.length] as TaggedTicket & { id: string };
        await post(server.baseUrl, prepared.token, `${api}/tickets/${ticket.id}/comments`, {
          text: `Bench api mail ${i}\n\nThanks for the details. We reset the sync agent's certificate; please restart the client once and tell us whether the error is gone.`,
          is_internal: false,
        });
        postEnd = performance.now();
      }
    }),
  );
  const all = await sink.waitFor((a) => a.marker === "api", count, 180_000);
  const used = cpu();
  const arrivals = sink.arrivals.filter((a) => a.marker === "api");
  const last = arrivals.at(-1)?.at ?? start;
  const first = arrivals[0]?.at ?? start;
  const postSeconds = (postEnd - start) / 1000;
  const seconds = (last - start) / 1000;
  if (!all) r.notes.push(`(3a) only ${arrivals.length} of ${count} API replies reached the sink in 180 s.`);
  process.stderr.write(
    `  posted in ${postSeconds.toFixed(1)} s; ${arrivals.length} delivered by ${seconds.toFixed(1)} s: ${(arrivals.length / seconds).toFixed(0)} mails/s\n`,
  );
  await sink.waitQuiet(2_000, 60_000);
  return `| (3a) agent replies POSTed through the API by 16 clients (all posted after ${postSeconds.toFixed(1)} s: ${f0(count / postSeconds)}/s), first POST to last arrival | ${f0(arrivals.length)} | ${seconds.toFixed(1)} | **${f1(arrivals.length / seconds)}** (first to last arrival: ${f1((arrivals.length - 1) / ((last - first) / 1000))}) | ${cpuText(used, arrivals.length)} | ${f0(used.busy)} / ${f0(used.steal)} | - | - |`;
}

/** 3b (PostgreSQL): outbox rows + jobs written in one statement beside the server: sending alone. */
async function outboxPhase(r: Run): Promise<string> {
  const { o, sink, server } = r;
  const count = o.messages;
  process.stderr.write(`outbound: ${count} outbox rows + jobs in one statement...\n`);
  await server.settle();
  const cpu = cpuWindow(server, r.localPostgres);
  const start = performance.now();
  const queued = await queueOutboxRows(r.url, count);
  const committed = performance.now();
  const all = await sink.waitFor((a) => a.marker === "outbox", queued, 180_000);
  const used = cpu();
  const arrivals = sink.arrivals.filter((a) => a.marker === "outbox");
  const last = arrivals.at(-1)?.at ?? committed;
  const seconds = (last - committed) / 1000;
  const firstSeconds = ((arrivals[0]?.at ?? committed) - committed) / 1000;
  if (!all) r.notes.push(`(3b) only ${arrivals.length} of ${queued} outbox mails reached the sink in 180 s.`);
  r.notes.push(
    `(3b) ${queued} rows and jobs written in ${((committed - start) / 1000).toFixed(2)} s (one statement).`,
  );
  const rate = arrivals.length / seconds;
  process.stderr.write(
    `  ${arrivals.length} delivered ${seconds.toFixed(1)} s after commit: ${rate.toFixed(0)} mails/s\n`,
  );
  await sink.waitQuiet(2_000, 60_000);
  return `| (3b) outbox rows + \`email.send\` jobs written in one statement, commit to last arrival (first after ${firstSeconds.toFixed(2)} s) | ${f0(arrivals.length)} | ${seconds.toFixed(1)} | **${f1(rate)}** | ${cpuText(used, arrivals.length)} | ${f0(used.busy)} / ${f0(used.steal)} | ≥ 200/s | ${tag(rate >= 200 && arrivals.length === queued)} |`;
}

/** 4: the ticket list alone, then while mail flows in at a steady rate and its mails go out. */
async function listPhase(r: Run): Promise<string[]> {
  const { o, sink, server } = r;
  const scenario: Scenario = {
    key: "a",
    title: "GET /tickets (default page)",
    method: "GET",
    paths: [`${api}/tickets`],
  };
  const options = {
    warmupSeconds: o.warmupSeconds,
    seconds: o.seconds,
    connections: o.connections,
    token: r.prepared.token,
    localPostgres: r.localPostgres,
  };
  process.stderr.write("ticket list alone...\n");
  await server.settle();
  const alone = await measure(server, scenario, options);
  process.stderr.write(`  ${alone.rps.toFixed(0)} req/s, p99 ${alone.p99.toFixed(1)} ms\n`);
  process.stderr.write(`ticket list while ${o.mailRate} msg/s flow in...\n`);
  await server.settle();
  let stop = false;
  const before = sink.arrivals.length;
  const flow = sendInbound(
    r.customers,
    new InboundMessages("steady", mailbox, r.directory),
    { rate: o.mailRate, until: () => stop },
    r.replies,
    o.smtpConnections,
  );
  // The flow settles first (its acknowledgements start going out), then the same measurement.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const windowStart = performance.now();
  const withMail: Measurement = await measure(server, scenario, options);
  const windowEnd = performance.now();
  stop = true;
  const steady = await flow;
  await sink.waitQuiet(3_000, 120_000);
  // Alone once more: the machine's speed drifts (other work on the host), and the two runs alone bracket it.
  process.stderr.write("ticket list alone again...\n");
  await server.settle();
  const aloneAgain = await measure(server, scenario, options);
  process.stderr.write(`  ${aloneAgain.rps.toFixed(0)} req/s, p99 ${aloneAgain.p99.toFixed(1)} ms\n`);
  const outInWindow = sink.arrivals
    .slice(before)
    .filter((a) => a.at >= windowStart && a.at <= windowEnd).length;
  const outRate = outInWindow / ((windowEnd - windowStart) / 1000);
  const inRate = steady.sent / steady.seconds;
  const aloneRps = (alone.rps + aloneAgain.rps) / 2;
  const share = withMail.rps / aloneRps;
  process.stderr.write(
    `  ${withMail.rps.toFixed(0)} req/s, p99 ${withMail.p99.toFixed(1)} ms (${(100 * share).toFixed(0)}% of alone); inbound ${inRate.toFixed(1)} msg/s, outbound ${outRate.toFixed(1)} mails/s\n`,
  );
  const row = (name: string, m: Measurement, mail: string) =>
    `| ${name} | ${f0(m.rps)} | ${f1(m.p50)} | ${f1(m.p95)} | ${f1(m.p99)} | ${m.errors} / ${m.non2xx} | ${f0(m.cpuUsPerRequest)} / ${f0(m.postgresCpuUsPerRequest)} / ${f0(m.loadCpuUsPerRequest)} | ${f0(m.machine.busyPercent)} / ${f0(m.machine.stealPercent)} | ${mail} |`;
  return [
    "## Ticket list (scenario a) without and with mail",
    "",
    "| run | req/s | p50 ms | p95 ms | p99 ms | errors / non-2xx | CPU µs/req: server / PostgreSQL / load | machine busy / steal % | mail during the run |",
    `|${" --- |".repeat(9)}`,
    row("alone", alone, "-"),
    row(
      "with mail",
      withMail,
      `in ${f1(inRate)} msg/s (asked ${o.mailRate}; ${steady.sent} sent, p50 ${f1(percentile(steady.latencies, 50))} ms, p95 ${f1(percentile(steady.latencies, 95))} ms, ${steady.errors} errors); out ${f1(outRate)} mails/s`,
    ),
    row("alone again", aloneAgain, "-"),
    "",
    `With mail: **${Math.round(100 * share)}%** of the list's throughput alone (the mean of the two runs alone, ${f0(aloneRps)} req/s; target ≥ 80%: ${tag(share >= 0.8)}).`,
    "",
  ];
}

const load = () =>
  os
    .loadavg()
    .map((v) => v.toFixed(1))
    .join(" / ");

export async function runMailBench(o: MailBenchOptions): Promise<void> {
  const notes: string[] = [];
  if (o.build) {
    process.stderr.write("building the server (tsc -p tsconfig.build.json)...\n");
    try {
      execSync("npx tsc -p tsconfig.build.json", { stdio: "inherit" });
    } catch {
      notes.push("`tsc -p tsconfig.build.json` reported type errors; the emitted JavaScript was measured.");
    }
  }
  const phases = o.only ?? ["inbound", "api", "outbox", "list"];
  const benchStarted = performance.now();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "ticketdesk-mailbench-"));
  const url = databaseUrlFor(o.serverUrl, o.database);
  const localPostgres = o.engine === "postgres" && isLocalServer(url);

  // The data set: seed-demo's generator (as `bench run` loads it, smaller) plus the bench's users.
  process.stderr.write(`loading ${o.tickets} tickets (${o.engine})...\n`);
  let prepared: Prepared;
  {
    if (o.engine === "postgres") await recreateDatabase(o.serverUrl, o.database);
    const database =
      o.engine === "postgres" ? await openPostgres(url, 2) : await openPglite({ dataDir: scratch });
    try {
      await migrateUp(database.db);
      const copy =
        o.engine === "postgres" || !database.pglite ? postgresCopier(url) : pgliteCopier(database.pglite);
      const loaded = await loadDataset(database.db, copy, {
        tickets: o.tickets,
        companies: Math.max(10, Math.round(o.tickets / 100)),
        agents: 60,
        seed: "ticketdesk-mailbench",
      });
      prepared = await prepare(database.db, loaded);
    } finally {
      await database.close();
    }
  }
  const loadSeconds = (performance.now() - benchStarted) / 1000;

  const sink = await startMailSink();
  const smtpPort = await freePort(2525);
  const server = await ServerProcess.start(
    {
      ...(o.engine === "postgres" ? { DATABASE_URL: url } : { DATABASE_URL: "" }),
      DATA_DIR: scratch,
      SMTP_URL: sink.smtpUrl,
      SMTP_LISTEN_PORT: String(smtpPort),
      SMTP_LISTEN_HOST: "127.0.0.1",
      MAIL_FROM: "desk@help.bench.example",
      PUBLIC_URL: "https://help.bench.example",
    },
    o.port,
    o.profileDir,
  );
  const customers = nodemailer.createTransport({
    host: "127.0.0.1",
    port: smtpPort,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: o.smtpConnections,
    maxMessages: Number.POSITIVE_INFINITY,
  });
  const out: string[] = [];
  try {
    const created = (await post(server.baseUrl, prepared.token, `${api}/mailboxes`, {
      name: "Bench Support",
      address: mailbox,
      team_id: prepared.teamId,
    })) as { id: string };
    notes.push(`Machine load average (1/5/15 min) when the server was up: ${load()}.`);
    const run: Run = {
      o,
      server,
      sink,
      customers,
      prepared,
      url,
      localPostgres,
      mailboxId: created.id,
      replies: { sink, senders: new Set(), answered: new Set(), tagged: prepared.tagged },
      directory: { companies: prepared.companies, contacts: prepared.contacts },
      notes,
    };
    // Warm-up: connections, plans, the JIT; not counted.
    await sendInbound(
      customers,
      new InboundMessages("warm", mailbox, run.directory),
      { count: 40 },
      run.replies,
      o.smtpConnections,
    );
    await sink.waitQuiet(1_500, 30_000);

    if (phases.includes("inbound")) out.push(...(await inboundPhase(run)));
    const outbound: string[] = [];
    if (phases.includes("api")) outbound.push(await apiPhase(run));
    if (phases.includes("outbox") && o.engine === "postgres") outbound.push(await outboxPhase(run));
    if (outbound.length > 0)
      out.push(
        "## Outbound to the SMTP sink",
        "",
        "| what | mails | seconds | mails/s | CPU µs/mail: server / PostgreSQL / bench | machine busy / steal % | target | result |",
        `|${" --- |".repeat(8)}`,
        ...outbound,
        "",
      );
    if (phases.includes("list")) out.push(...(await listPhase(run)));
    notes.push(`Load average at the end: ${load()}.`);
  } finally {
    customers.close();
    await server.stop();
    await sink.stop();
  }
  let counts: Counts;
  {
    const database =
      o.engine === "postgres" ? await openPostgres(url, 1) : await openPglite({ dataDir: scratch });
    try {
      counts = await countMail(database.db);
    } finally {
      await database.close();
    }
  }
  fs.rmSync(scratch, { recursive: true, force: true });
  const totalSeconds = (performance.now() - benchStarted) / 1000;

  const day = new Date().toISOString().slice(0, 10);
  const file = unusedReportPath(
    path.resolve("bench/results"),
    `${day}-mail-${o.engine}${o.only ? `-${o.only.join("-")}` : ""}`,
  );
  const v = versions(prepared.pgVersion);
  const body = [
    `# Ticketdesk mail benchmark — ${o.engine}, ${day}`,
    "",
    `Command: \`npm run bench -- mail --engine ${o.engine} --messages ${o.messages} --tickets ${o.tickets} --mail-rate ${o.mailRate}${o.only ? ` --only ${o.only.join(",")}` : ""}\``,
    "",
    `Machine: ${machine()}; server, ${o.engine === "postgres" ? "PostgreSQL, " : ""}the customers' SMTP clients, the SMTP sink and autocannon on the same machine.`,
    "",
    `Versions: ${Object.entries(v)
      .map(([k, val]) => `${k} ${val}`)
      .join(", ")}.`,
    "",
    `Data set: ${f0(prepared.dataset.tickets)} tickets, ${f0(prepared.dataset.comments)} comments from seed-demo's generator (\`loadDataset\`, ${Math.max(10, Math.round(o.tickets / 100))} companies × 10 contacts, 60 agents), loaded with the schema in ${loadSeconds.toFixed(1)} s; one agent per team notified of new tickets in the team. Server: \`node dist/cli/main.js serve\` (LOG_LEVEL=warn)${o.engine === "postgres" ? `, PostgreSQL through ${transportOf(url)}` : ", PGlite in a temporary DATA_DIR"}, SMTP_LISTEN_PORT on 127.0.0.1, SMTP_URL the bench's sink; one mailbox (${mailbox}, team Tech) created through the API. Whole command: ${totalSeconds.toFixed(0)} s after the build.`,
    "",
    `Inbound: seed-demo subjects and descriptions with a signature and disclaimer, 40% with an HTML alternative, 15% with a 2–20 KB attachment; senders: known contacts, new people at the companies' domains, new people at four free-mail domains. Every 10th message (i % 10 = 4) answers an acknowledgement the sink received (In-Reply-To), every 10th (i % 10 = 9) is a known contact's reply to an open ticket by its [T-…] tag; a thread reply with no acknowledgement to answer yet becomes a tag reply. ${o.smtpConnections} pooled SMTP connections, each sending its next message on the previous one's 250. Timing: first send to the last 250 (the listener answers 250 once the ticket or comment committed); latency: one SMTP transaction (MAIL FROM to 250). 40 messages warm up first, uncounted. CPU µs per item: the server's process, every \`postgres\` process, and the bench's own process (customers, sink, autocannon) over the phase, divided by the items.`,
    "",
    ...out,
    `Database at the end: ${f0(counts.tickets)} tickets (${f0(counts.emailTickets)} by mail). Inbound mail by status/outcome: ${counts.inbound.map((c) => `${c.status}/${c.outcome ?? "-"} ${c.n}`).join(", ")}. Outbound mail by kind/status: ${counts.outbound.map((c) => `${c.kind}/${c.status} ${c.n}`).join(", ")}.`,
    "",
    ...notes.map((n) => `- ${n}`),
    "",
  ].join("\n");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, body);
  console.log(body);
  console.log(`\nwritten to ${file}`);
}
