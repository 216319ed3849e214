import type { FastifyInstance } from "fastify";
import helmet from "helmet";

/**
 * Helmet's security headers and a strict Content-Security-Policy on every response, API and web app.
 * The middleware is built once: @fastify/helmet called `helmet(options)` on every request, which parses
 * the CSP directives anew each time (2.8% of the server's CPU on a ticket-number search, CPU profile in
 * bench/README.md). Helmet only sets headers, so the hook runs it on the raw response and goes on.
 */
export function securityHeaders(app: FastifyInstance): void {
  const apply = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Component libraries set inline style attributes; scripts stay strict.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", "data:"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
  });
  app.addHook("onRequest", (request, reply, done) => {
    apply(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });
}
