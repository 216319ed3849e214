import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** PGlite has no lock of its own: two processes on one directory silently lose writes. */
export class DataDirLockedError extends Error {
  override name = "DataDirLockedError";
}

export type DataDirLock = { path: string; release(): void };

type Holder = { pid: number; host: string; started_at: string };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readHolder(file: string): Holder | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as Holder;
  } catch {
    return undefined;
  }
}

/**
 * Takes an exclusive lock file in the data directory (O_EXCL create). A lock left by a
 * dead process on this host is taken over; a live holder stops us with its pid named.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.accessSync(dataDir, fs.constants.R_OK | fs.constants.W_OK);
  } catch (error) {
    throw new DataDirLockedError(
      `Data directory ${dataDir} is not readable and writable: ${(error as Error).message}`,
    );
  }
  const file = path.join(dataDir, "ticketdesk.lock");
  const me: Holder = { pid: process.pid, host: os.hostname(), started_at: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(me), { flag: "wx" });
      let released = false;
      return {
        path: file,
        release() {
          if (released) return;
          released = true;
          if (readHolder(file)?.pid === me.pid) fs.rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
        throw new DataDirLockedError(`Cannot lock data directory ${dataDir}: ${(error as Error).message}`);
      }
      const holder = readHolder(file);
      const stale = holder && holder.host === me.host && holder.pid !== me.pid && !isAlive(holder.pid);
      if (!stale || attempt > 0) {
        const who = holder
          ? `process ${holder.pid} on ${holder.host} since ${holder.started_at}`
          : "an unknown process";
        throw new DataDirLockedError(
          `Data directory ${dataDir} is locked by ${who} (${file}). Stop that process, or point DATA_DIR elsewhere.`,
        );
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new DataDirLockedError(`Cannot lock data directory ${dataDir}`);
}
