import type { FastifyInstance, FastifyRequest } from "fastify";

/** How long closing the app waits for handlers still running before it gives up on them. */
export const inFlightGraceMs = 10_000;

/**
 * Closing the app waits for the handlers still running. Fastify's close() only waits for open
 * connections, so a request whose client had gone (an abandoned page, a load balancer's timeout) was still
 * running when close() returned, and its next statement met a closed database ("driver has already been
 * destroyed"; seen at the end of benchmark runs). A request counts as running from onRequest until its
 * answer is sent: onSend runs for every answer, errors and a gone client's included (onResponse does not
 * run for a gone client, so it would add nothing).
 */
export function waitForInFlightOnClose(app: FastifyInstance, graceMs = inFlightGraceMs): void {
  const running = new Set<FastifyRequest>();
  let drained: (() => void) | undefined;
  // Callback hooks: they run on every request, and an async hook costs a promise each time.
  app.addHook("onRequest", (request, _reply, next) => {
    running.add(request);
    next();
  });
  app.addHook("onSend", (request, _reply, payload, next) => {
    running.delete(request);
    if (running.size === 0) drained?.();
    next(null, payload);
  });
  app.addHook("onClose", async () => {
    if (running.size === 0) return;
    app.log.info({ requests: running.size }, "Waiting for in-flight requests before closing");
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      drained = resolve;
      timer = setTimeout(() => {
        app.log.warn({ requests: running.size }, "In-flight requests still running; closing anyway");
        resolve();
      }, graceMs);
    });
    clearTimeout(timer);
  });
}
