import { ConfigError } from "../config/config.js";
import { DataDirLockedError } from "../db/data-dir-lock.js";
import { DatabaseUnavailableError } from "../db/database.js";
import { MigrationError } from "../db/migrator.js";
import { DomainError } from "../shared/errors.js";

/** Wrong command line: unknown command or option, missing or malformed value. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Failures a user can fix themselves: their message alone says what and where. */
const explained = [ConfigError, DataDirLockedError, DatabaseUnavailableError, MigrationError, DomainError];

type SystemError = Error & { code?: string; address?: string; port?: number };

/** One line, and not a screenful: database errors can quote a whole statement's parameters. */
function oneLine(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

/** The single line the CLI prints for a failure: what went wrong and, where it helps, what to do. */
export function describeFailure(error: unknown): string {
  if (error instanceof UsageError) return `${oneLine(error.message)} (see: npm run cli -- help)`;
  if (explained.some((type) => error instanceof type)) return oneLine((error as Error).message);
  const system = error as SystemError;
  if (system?.code === "EADDRINUSE") {
    return `Cannot listen on ${system.address ?? "HOST"}:${system.port ?? "PORT"}: the port is already in use (set PORT to a free one)`;
  }
  if (system?.code === "EACCES" && system.port !== undefined) {
    return `Cannot listen on port ${system.port}: permission denied (use a PORT above 1023)`;
  }
  const message = error instanceof Error ? error.message || error.name : String(error);
  return `Unexpected error: ${oneLine(message)} (run with LOG_LEVEL=debug for the stack trace)`;
}

/** Whether the stack trace should follow the line (developers ask for it with LOG_LEVEL=debug or trace). */
export function wantsStackTrace(env: NodeJS.ProcessEnv = process.env): boolean {
  return ["debug", "trace"].includes(env.LOG_LEVEL?.trim() ?? "");
}
