import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { lockDataDir } from "../db/data-dir-lock.js";
import { openPglite } from "../db/database.js";
import { migrationNames } from "../db/migrator.js";
import { ticketPriorities, ticketStatuses } from "../db/schema.js";
import { startCli } from "../test/cli-process.js";
import { ticketDataCoverage, ticketDataViolations } from "./demo-data/demo-checks.repository.js";

/*
 * These tests run the real CLI in a child process (through tsx, ~1 s each), the way an operator
 * does, and look only at what an operator sees: exit code, output and the data left behind.
 */

type Result = { code: number | null; stdout: string; stderr: string };

function runCli(args: string[], env: Record<string, string> = {}): Promise<Result> {
  const child = startCli(args, env);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

const lines = (text: string) => text.split("\n").filter((line) => line.trim() !== "");

describe("CLI failures print one clear line and exit non-zero", { timeout: 60_000 }, () => {
  it("names a bad environment variable", async () => {
    const result = await runCli(["migrate", "status"], { PORT: "eighty" });
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([`ticketdesk: Invalid PORT="eighty": must be a whole number`]);
  });

  it("names an unreachable DATABASE_URL", async () => {
    const result = await runCli(["migrate", "status"], { DATABASE_URL: "postgres://postgres@127.0.0.1:1/x" });
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^ticketdesk: Cannot connect to postgres:\/\/postgres@127\.0\.0\.1:1\/x: .*ECONNREFUSED/,
    );
  });
});

// Each step starts PGlite in a child process: seconds on a quiet machine, far more on a busy one.
describe("CLI on an embedded data directory", { timeout: 180_000 }, () => {
  let dataDir: string;
  const env = () => ({ DATA_DIR: dataDir, TIMEZONE: "Asia/Bangkok" });

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "ticketdesk-cli-"));
    // Start from the run's migrated dump: PGlite's initdb would cost 5-9 s.
    const seeded = await openPglite({
      dataDir,
      loadDataDir: new Blob([await fs.readFile(inject("pgliteDump"))]),
    });
    await seeded.close();
  });
  afterAll(() => fs.rm(dataDir, { recursive: true, force: true }));

  it("migrates down one step, shows the status, and up again", async () => {
    const last = migrationNames.at(-1);
    const down = await runCli(["migrate", "down"], env());
    expect(down).toMatchObject({ code: 0, stdout: `Reverted ${last}\n` });

    const status = await runCli(["migrate", "status"], env());
    expect(status.code).toBe(0);
    const rows = lines(status.stdout).slice(1);
    expect(rows).toHaveLength(migrationNames.length);
    expect(rows.at(-1)).toMatch(new RegExp(`^\\s+pending\\s+${last}$`));
    expect(rows.slice(0, -1).every((row) => /^\s+applied \d{4}-\d\d-\d\dT/.test(row))).toBe(true);

    const up = await runCli(["migrate", "up"], env());
    expect(up).toMatchObject({ code: 0, stdout: `Applied ${last}\n` });
  });

  it("creates an admin once; the same email in another case is refused", async () => {
    const args = ["--password", "long enough password", "--name", "Ada Admin"];
    const first = await runCli(["create-admin", "--email", "ada@example.com", ...args], env());
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Created admin Ada Admin <ada@example.com>/);

    const again = await runCli(["create-admin", "--email", "ADA@Example.com", ...args], env());
    expect(again.code).toBe(1);
    expect(lines(again.stderr)).toEqual(["ticketdesk: A user with email ada@example.com already exists"]);
  });

  it("refuses a data directory another process holds, naming it and the holder", async () => {
    const lock = lockDataDir(dataDir);
    try {
      const result = await runCli(["migrate", "status"], env());
      expect(result.code).toBe(1);
      expect(lines(result.stderr)).toHaveLength(1);
      expect(result.stderr).toContain(`Data directory ${dataDir} is locked by process ${process.pid}`);
    } finally {
      lock.release();
    }
  });

  it("seeds demo data whose numbers, counters and timestamps hold up", async () => {
    const result = await runCli(["seed-demo", "--tickets", "300"], env());
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("300 tickets");
    expect(result.stdout).toMatch(/Demo agents sign in with the password "ticketdesk-demo"/);
    expect(result.stdout).not.toContain("Created an admin"); // Ada is one

    const database = await openPglite({ dataDir });
    try {
      const violations = await ticketDataViolations(database.db, "Asia/Bangkok");
      expect(Object.entries(violations).filter(([, n]) => n !== 0)).toEqual([]);
      const coverage = await ticketDataCoverage(database.db);
      expect(coverage.statuses).toEqual([...ticketStatuses]);
      expect(coverage.priorities).toEqual([...ticketPriorities]);
      expect(coverage.categories).toHaveLength(6);
    } finally {
      await database.close();
    }
  });

  it("serves until SIGTERM, then exits 0 and releases the data directory", async () => {
    const child = startCli(["serve"], { ...env(), PORT: "0", HOST: "127.0.0.1" });
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    let output = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const listening = lines(output)
          .map((line) => JSON.parse(line) as { url?: string })
          .find((entry) => entry.url);
        if (listening?.url) resolve(listening.url);
      });
      child.on("close", () => reject(new Error(`serve exited early: ${output}`)));
    });
    expect(await fs.stat(path.join(dataDir, "ticketdesk.lock"))).toBeTruthy();

    const health = await fetch(`${url}/healthz`);
    expect(await health.json()).toEqual({ status: "ok" });
    const ready = await fetch(`${url}/readyz`);
    expect(await ready.json()).toEqual({ status: "ready", database: "pglite" });

    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    await expect(fs.stat(path.join(dataDir, "ticketdesk.lock"))).rejects.toThrow(/ENOENT/);
    expect(output).toMatch(/"msg":"Shutting down/);
  });
});
