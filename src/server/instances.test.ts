import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCli } from "../test/cli-process.js";
import { freshPostgresUrl, hasPostgres } from "../test/databases.js";

/*
 * `serve` with WEB_CONCURRENCY=2 in a child process, as an operator runs it on PostgreSQL, seen from
 * outside: over HTTP, through its log lines and its exit code.
 */

type LogLine = { pid: number; msg: string; url?: string; [key: string]: unknown };

class Server {
  readonly lines: LogLine[] = [];
  readonly exited: Promise<number | null>;
  private readonly waiters: { test: (line: LogLine) => boolean; resolve: (line: LogLine) => void }[] = [];

  constructor(readonly child: ChildProcess) {
    let rest = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      const parts = (rest + chunk.toString()).split("\n");
      rest = parts.pop() ?? "";
      for (const part of parts) {
        if (!part.startsWith("{")) continue;
        const line = JSON.parse(part) as LogLine;
        this.lines.push(line);
        for (const waiter of [...this.waiters])
          if (waiter.test(line)) {
            this.waiters.splice(this.waiters.indexOf(waiter), 1);
            waiter.resolve(line);
          }
      }
    });
    this.exited = new Promise((resolve) => child.on("close", resolve));
  }

  /** The first log line, already written or still to come, that passes `test`. */
  next(test: (line: LogLine) => boolean, after = 0): Promise<LogLine> {
    const seen = this.lines.slice(after).find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }
}

const listeningWithTwo = (line: LogLine) => /with 2 processes$/.test(line.msg);

describe.runIf(hasPostgres())("several server processes on one port", { timeout: 120_000 }, () => {
  let server: Server;
  let url: string;
  let token: string;
  let tokenId: string;

  beforeAll(async () => {
    const child = startCli(["serve"], {
      DATABASE_URL: await freshPostgresUrl(),
      WEB_CONCURRENCY: "2",
      PORT: "0",
      HOST: "127.0.0.1",
    });
    child.stderr?.pipe(process.stderr);
    server = new Server(child);
    url = String((await server.next(listeningWithTwo)).url);

    const setup = await fetch(`${url}/api/v1/setup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "ada@example.com", password: "long enough password", name: "Ada" }),
    });
    expect(setup.status).toBe(201);
    const { csrf_token } = (await setup.json()) as { csrf_token: string };
    const cookie = (setup.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const created = await fetch(`${url}/api/v1/api-tokens`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, "x-csrf-token": csrf_token },
      body: JSON.stringify({ name: "integration" }),
    });
    expect(created.status).toBe(201);
    ({ token, id: tokenId } = (await created.json()) as { token: string; id: string });
  });

  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill("SIGKILL");
      await server.exited;
    }
  });

  // A new connection per request: node:cluster hands each to the next instance, so these reach both.
  const call = (method: string, route: string) =>
    fetch(`${url}/api/v1${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, connection: "close" },
    }).then((response) => response.status);

  it("starts two instances that share the port", async () => {
    const instances = new Set(
      server.lines.filter((l) => l.msg.startsWith("Server listening")).map((l) => l.pid),
    );
    expect(instances.size).toBe(2);
    expect(await Promise.all(Array.from({ length: 8 }, () => call("GET", "/auth/me")))).toEqual(
      Array(8).fill(200),
    );
  });

  it("refuses a revoked token at once on every instance, not after the other's cache expires", async () => {
    // Both instances have now remembered the token (their sign-in caches keep it for 5 s).
    expect(await Promise.all(Array.from({ length: 8 }, () => call("GET", "/tickets/stats")))).toEqual(
      Array(8).fill(200),
    );
    expect(await call("DELETE", `/api-tokens/${tokenId}`)).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 100)); // the news goes through PostgreSQL's NOTIFY
    const after: number[] = [];
    for (let i = 0; i < 8; i++) after.push(await call("GET", "/tickets/stats"));
    expect(after).toEqual(Array(8).fill(401));
  });

  it("replaces an instance that dies, then stops every instance on SIGTERM and exits 0", async () => {
    const listening = server.lines.filter((l) => l.msg.startsWith("Server listening"));
    const victim = listening[0]?.pid ?? 0;
    const mark = server.lines.length;
    process.kill(victim, "SIGKILL");
    await server.next((l) => l.msg === "An instance exited; starting another", mark);
    const replacement = await server.next((l) => l.msg.startsWith("Server listening"), mark);
    expect(replacement.pid).not.toBe(victim);
    const health = await fetch(`${url}/readyz`, { headers: { connection: "close" } });
    expect(health.status).toBe(200);

    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    const alive = [replacement.pid, listening[1]?.pid ?? 0].filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    });
    expect(alive).toEqual([]);
  });
});

describe("several server processes that cannot start", { timeout: 60_000 }, () => {
  it("stop the server with exit code 1 instead of restarting in a loop", async () => {
    const child = startCli(["serve"], {
      DATABASE_URL: "postgres://postgres@127.0.0.1:1/nowhere",
      WEB_CONCURRENCY: "2",
      PORT: "0",
    });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const server = new Server(child);
    expect(await server.exited).toBe(1);
    expect(stderr).toMatch(/^ticketdesk: Cannot connect to postgres:\/\/postgres@127\.0\.0\.1:1\/nowhere/);
    expect(server.lines.some((l) => l.msg === "An instance could not start")).toBe(true);
    expect(server.lines.some((l) => l.msg.includes("starting another"))).toBe(false);
  });
});
