import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DataDirLockedError, lockDataDir } from "./data-dir-lock.js";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ticketdesk-lock-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const lockFile = () => path.join(dir, "ticketdesk.lock");
const writeHolder = (pid: number, host = os.hostname()) =>
  fs.writeFileSync(lockFile(), JSON.stringify({ pid, host, started_at: "2026-11-23T10:00:00.000Z" }));

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(child.stdout.toString());
}

describe("data directory lock", () => {
  it("stops a second holder, naming the directory and the holder's pid", () => {
    const lock = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    expect(() => lockDataDir(dir)).toThrow(`Data directory ${dir} is locked by process ${process.pid}`);
    lock.release();
    expect(fs.existsSync(lockFile())).toBe(false);
    lockDataDir(dir).release();
  });

  it("takes over a lock left by a process that died", () => {
    writeHolder(deadPid());
    const lock = lockDataDir(dir);
    expect(JSON.parse(fs.readFileSync(lockFile(), "utf8")).pid).toBe(process.pid);
    lock.release();
  });

  it("respects a live holder and a holder on another host (whose pids mean nothing here)", () => {
    writeHolder(process.ppid);
    expect(() => lockDataDir(dir)).toThrow(`locked by process ${process.ppid}`);
    writeHolder(deadPid(), "another-host");
    expect(() => lockDataDir(dir)).toThrow(/on another-host/);
    expect(fs.existsSync(lockFile())).toBe(true);
  });

  it("releasing twice, or after another process took over, leaves the other's lock alone", () => {
    const lock = lockDataDir(dir);
    lock.release();
    writeHolder(process.ppid);
    lock.release();
    expect(fs.existsSync(lockFile())).toBe(true);
  });
});
