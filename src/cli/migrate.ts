import { loadConfig } from "../config/config.js";
import { migrateDown, migrateUp, migrationStatus } from "../db/migrator.js";
import { UsageError } from "./cli-errors.js";
import { parseCommandLine, withDatabase } from "./cli-options.js";

const actions = ["up", "down", "status"] as const;
type Action = (typeof actions)[number];

/** `migrate up | down [--all] | status`: down reverts one step, or everything with --all. */
export async function migrateCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseCommandLine("migrate", args, { all: { type: "boolean" } }, true);
  const [action, ...extra] = positionals;
  if (!actions.includes(action as Action) || extra.length > 0) {
    throw new UsageError("migrate: say up, down or status");
  }
  if (values.all && action !== "down") throw new UsageError("migrate: --all goes with down");
  await withDatabase(loadConfig(), async ({ db, location }) => {
    const out = (line: string) => process.stdout.write(`${line}\n`);
    if (action === "status") {
      out(`Migrations in ${location}:`);
      for (const m of await migrationStatus(db)) {
        out(`  ${m.executedAt ? `applied ${m.executedAt.toISOString()}` : "pending".padEnd(32)}  ${m.name}`);
      }
      return;
    }
    const lines = action === "up" ? await migrateUp(db) : await migrateDown(db, { all: values.all === true });
    if (lines.length === 0) out(action === "up" ? "Already up to date." : "Nothing to revert.");
    for (const line of lines) out(line.charAt(0).toUpperCase() + line.slice(1));
  });
}
