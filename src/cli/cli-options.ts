import { type ParseArgsConfig, parseArgs } from "node:util";
import type { Config } from "../config/config.js";
import { type Database, openDatabase } from "../db/database.js";
import { migrateUp } from "../db/migrator.js";
import { UsageError } from "./cli-errors.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** node:util parseArgs with its errors turned into one-line usage errors naming the command. */
export function parseCommandLine<O extends Options>(
  command: string,
  args: string[],
  options: O,
  positionals = false,
) {
  try {
    return parseArgs({ args, options, allowPositionals: positionals, strict: true });
  } catch (error) {
    // Node's messages continue with advice about "--"; the first sentence is the useful part.
    const first = (error as Error).message.split(". ")[0]?.replace(/\.$/, "");
    throw new UsageError(`${command}: ${first}`);
  }
}

/** Opens the configured database, runs `work`, and always closes it (releasing the data-dir lock). */
export async function withDatabase<T>(config: Config, work: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(config);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/** Commands that write data bring the schema up to date first, so they work on a fresh data directory. */
export async function migrateQuietly(database: Database): Promise<void> {
  const applied = await migrateUp(database.db);
  if (applied.length > 0)
    process.stderr.write(`Migrated ${database.location}: ${applied.length} migration(s) applied\n`);
}
