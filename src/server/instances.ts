import cluster, { type Worker } from "node:cluster";
import { pino } from "pino";
import type { Config } from "../config/config.js";
import { publicUrl } from "./public-url.js";
import { onStopSignals } from "./stop-signals.js";

/** More replacements than this within `restartWindowMs` is a crash loop: the server stops instead. */
const maxRestarts = 5;
const restartWindowMs = 60_000;
/** After a second signal, or when an instance hangs on its way out, the rest are killed after this. */
const forceAfterMs = 30_000;

/**
 * `serve` with WEB_CONCURRENCY=N > 1: this process only supervises N instances of the server, which
 * share the port (node:cluster hands each new connection to the next one). Every instance migrates on
 * start (migrations take a lock, so they may start together), holds its own DATABASE_POOL_SIZE (+ PIPELINES)
 * connections and its own caches; sign-outs, revoked tokens and user changes reach the others through
 * PostgreSQL (instance-news.ts: each instance listens on a connection of its own), as they reach
 * instances started separately, so this process relays nothing. An instance that dies is replaced; one that cannot start, or a crash loop, stops the
 * server with exit code 1 so the supervisor (systemd, Docker) sees it. SIGTERM or SIGINT stop them
 * all gracefully, each finishing its requests, then this process exits 0.
 */
export function runInstances(config: Config): Promise<void> {
  const log = pino({ level: config.logLevel });
  const listening = new Set<Worker>();
  const restarts: number[] = [];
  let stopping: { code: number } | undefined;

  // Our own list: cluster.workers may still hold an exited worker until its IPC channel has closed.
  const live = new Set<Worker>();
  const start = () => live.add(cluster.fork());
  const killAll = (signal: NodeJS.Signals) => {
    for (const worker of live) worker.process.kill(signal);
  };

  function stop(code: number, reason: string): void {
    if (stopping) {
      stopping.code = Math.max(stopping.code, code);
      return;
    }
    stopping = { code };
    log.info({ reason, instances: live.size }, "Shutting down: every instance finishes its requests");
    killAll("SIGTERM");
    setTimeout(() => {
      log.warn("Instances still running: killing them");
      killAll("SIGKILL");
    }, forceAfterMs).unref();
    if (live.size === 0) process.exit(code);
  }

  cluster.on("listening", (worker, address) => {
    listening.add(worker);
    if (listening.size === config.webConcurrency && !stopping) {
      const family = address.addressType === 6 ? "IPv6" : "IPv4";
      const url = publicUrl({ address: address.address ?? "", port: address.port, family }, config.host);
      log.info(
        { url, instances: listening.size },
        `Ticketdesk is listening on ${url} with ${listening.size} processes`,
      );
    }
  });

  cluster.on("exit", (worker, code, signal) => {
    live.delete(worker);
    const started = listening.delete(worker);
    if (stopping) {
      if (code !== 0 && signal !== "SIGTERM") stopping.code = 1;
      if (live.size === 0) {
        log.info("Stopped: every instance has exited");
        process.exit(stopping.code);
      }
      return;
    }
    if (!started) {
      // A bad setting or an unreachable database fails every instance the same way: say so once and stop.
      log.error({ instance: worker.process.pid, code, signal }, "An instance could not start");
      stop(1, "an instance could not start");
      return;
    }
    const now = Date.now();
    restarts.push(now);
    while (restarts.length > 0 && now - (restarts[0] ?? now) > restartWindowMs) restarts.shift();
    if (restarts.length > maxRestarts) {
      log.error({ restarts: restarts.length }, "Instances keep dying: stopping the server");
      stop(1, "crash loop");
      return;
    }
    log.error({ instance: worker.process.pid, code, signal }, "An instance exited; starting another");
    start();
  });

  // Ctrl+C reaches the instances too; each takes it (or the SIGTERM relayed here) as one stop.
  onStopSignals({
    stop: (signal) => stop(0, signal),
    force(signal) {
      log.warn({ signal }, "Second signal: killing the instances without waiting for requests");
      killAll("SIGKILL");
      process.exit(1);
    },
  });

  for (let i = 0; i < config.webConcurrency; i++) start();
  return Promise.resolve();
}
