import cliProgress from "cli-progress";
import { loadConfig } from "../config/config.js";
import { UsageError } from "./cli-errors.js";
import { migrateQuietly, parseCommandLine, withDatabase } from "./cli-options.js";
import { demoAgentPassword, loadDemoData } from "./demo-data/load-demo-data.js";

/** Kept in step with the help text in main.ts. */
export const defaultDemoTickets = 2_000;

function wholeNumber(option: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value.replaceAll("_", ""));
  if (!/^\d[\d_]*$/.test(value) || !Number.isSafeInteger(n) || n > max) {
    throw new UsageError(
      `seed-demo: --${option} must be a whole number from 0 to ${max.toLocaleString("en")}`,
    );
  }
  return n;
}

const count = (n: number) => n.toLocaleString("en");

/** `seed-demo [--tickets N] [--seed S] [--months M]`: loads demo data with a progress bar on stderr. */
export async function seedDemoCommand(args: string[]): Promise<void> {
  const { values } = parseCommandLine("seed-demo", args, {
    tickets: { type: "string" },
    seed: { type: "string" },
    months: { type: "string" },
  });
  const tickets = wholeNumber("tickets", values.tickets, defaultDemoTickets, 10_000_000);
  const months = wholeNumber("months", values.months, 6, 120);
  if (months === 0) throw new UsageError("seed-demo: --months must be at least 1");
  const config = loadConfig();

  await withDatabase(config, async (database) => {
    await migrateQuietly(database);
    const bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: "Loading demo data |{bar}| {percentage}% | {value}/{total} tickets | {duration_formatted}",
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    const started = performance.now();
    bar.start(tickets, 0);
    let summary: Awaited<ReturnType<typeof loadDemoData>>;
    try {
      summary = await loadDemoData(database.db, {
        tickets,
        months,
        timeZone: config.timeZone,
        seed: values.seed,
        onProgress: (done) => bar.update(done),
      });
    } finally {
      bar.stop();
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const range = summary.firstTicketNumber
      ? ` (${summary.firstTicketNumber} … ${summary.lastTicketNumber})`
      : "";
    const out = (line: string) => process.stdout.write(`${line}\n`);
    out(`Loaded demo data into ${database.location} in ${seconds} s:`);
    out(`  ${count(summary.companies)} companies with ${count(summary.contacts)} contacts`);
    out(`  ${count(summary.agents.length)} agents across every team`);
    out(`  ${count(summary.tickets)} tickets${range}`);
    out(`  ${count(summary.comments)} replies and internal notes, ${count(summary.events)} history events`);
    const first = summary.agents[0];
    if (first) {
      out(`Demo agents sign in with the password "${demoAgentPassword}", e.g. ${first.email}`);
    }
    if (summary.admin) {
      out(`Created an admin (there was none): ${summary.admin.email} / ${summary.admin.password}`);
      out("  That password is shown only now; change it after signing in.");
    }
  });
}
