import { type ChildProcess, spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const cliMain = path.join(root, "src/cli/main.ts");

/**
 * The real CLI in a child process (through tsx), as an operator runs it, with only what it needs from
 * this environment: no DATABASE_URL or PORT leaking in. stdout and stderr are pipes.
 */
export function startCli(args: string[], env: Record<string, string> = {}): ChildProcess {
  const base = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? os.tmpdir(), LOG_LEVEL: "info" };
  return spawn(process.execPath, ["--import", "tsx", cliMain, ...args], {
    cwd: root,
    env: { ...base, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}
