#!/usr/bin/env node
import { describeFailure, UsageError, wantsStackTrace } from "./cli-errors.js";

// Commands are imported when run: `migrate` should not load the HTTP server, and start-up stays quick.

const usage = `Ticketdesk command line (settings come from the environment, see README.md)

Usage: npm run cli -- <command> [options]     (or: node dist/cli/main.js <command>)

Commands:
  migrate up                  apply every pending migration
  migrate down [--all]        revert the last migration (--all: every one)
  migrate status              list migrations and when each was applied
  create-admin --email <e> --password <p> --name <n>
                              create an admin (password at least 10 characters)
  seed-demo [--tickets N] [--seed S] [--months M]
                              load demo customers, agents and N tickets (default 2,000)
                              spread over the last M months (default 6)
  serve                       migrate, then serve the API and web app on HOST:PORT
  help                        show this text
`;

async function run(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  switch (command) {
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(usage);
      return;
    case "migrate":
      return (await import("./migrate.js")).migrateCommand(args);
    case "create-admin":
      return (await import("./create-admin.js")).createAdminCommand(args);
    case "seed-demo":
      return (await import("./seed-demo.js")).seedDemoCommand(args);
    case "serve":
      return (await import("./serve.command.js")).serveCommand(args);
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

run(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`ticketdesk: ${describeFailure(error)}\n`);
  if (wantsStackTrace() && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exitCode = 1;
});
