import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import fastifyCookie from "@fastify/cookie";
import fastifyMultipart from "@fastify/multipart";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from "fastify";
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import { AttachmentStorage } from "../attachments/attachment-storage.js";
import { clearSessionCookie, resolveActor, SessionEndedError, SignedInUsers } from "../auth/authenticate.js";
import type { Config } from "../config/config.js";
import type { Database } from "../db/database.js";
import { DirectoryNames } from "../directory/directory-names.js";
import { UnauthenticatedError } from "../shared/errors.js";
import { SlaPolicyBook } from "../sla/sla-policy-book.js";
import { OverdueCount } from "../tickets/overdue-count.js";
import { TicketIntake } from "../tickets/ticket-intake.js";
import type { Actor, AppContext } from "./context.js";
import { errorBody, handleError } from "./error-handler.js";
import { healthRoutes } from "./health.routes.js";
import { waitForInFlightOnClose } from "./in-flight.js";
import { openInstanceNews } from "./open-instance-news.js";
import { responseSerializerCompiler } from "./response-serializer.js";
import { apiRoutes } from "./routes.js";
import { securityHeaders } from "./security-headers.js";

export type ApiApp = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

declare module "fastify" {
  interface FastifyInstance {
    ctx: AppContext;
  }
  interface FastifyRequest {
    /** The signed-in caller, resolved once per API request; undefined when anonymous. */
    actor: Actor | undefined;
  }
}

export type BuildAppOptions = {
  config: Config;
  database: Database;
  /** false in tests; otherwise structured JSON logs to stdout (or to `logStream`). */
  logger?: boolean;
  logStream?: NodeJS.WritableStream;
  /** Registers extra plugins (the web app) after the API. */
  extend?: (app: ApiApp) => Promise<void>;
};

/** Builds the HTTP app around an open database. Tests call this and use inject(). */
export async function buildApp(options: BuildAppOptions): Promise<ApiApp> {
  const { config, database } = options;
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: config.logLevel,
            ...(options.logStream ? { stream: options.logStream } : {}),
            // Secrets never reach the logs: no headers are logged, and these paths are redacted if ever added.
            redact: [
              "req.headers.authorization",
              "req.headers.cookie",
              "req.headers['x-csrf-token']",
              "res.headers['set-cookie']",
            ],
          },
    genReqId: (request) => {
      const sent = request.headers["x-request-id"];
      // randomUUID draws from a pooled CSPRNG buffer; uuid's v7 (newId) asked it for 16 bytes per request,
      // 2.7% of the server's CPU on a ticket-number search (CPU profile). A request id needs no time order.
      return typeof sent === "string" && /^[\w.-]{1,100}$/.test(sent) ? sent : randomUUID();
    },
    bodyLimit: 1024 * 1024,
    trustProxy: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();

  // Sign-outs, revocations and user changes take effect at once in every instance on this database.
  const news = openInstanceNews(database, app.log);
  const signedIn = new SignedInUsers(news);
  const names = new DirectoryNames();
  app.decorate("ctx", {
    db: database.db,
    engine: database.engine,
    config,
    storage: new AttachmentStorage(path.join(config.dataDir, "attachments")),
    overdue: new OverdueCount(),
    news,
    signedIn,
    names,
    intake: new TicketIntake(database.db, names),
    sla: new SlaPolicyBook(news),
    log: app.log,
  } satisfies AppContext);
  try {
    app.decorateRequest("actor", undefined);
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(responseSerializerCompiler);
    app.setErrorHandler(handleError);
    waitForInFlightOnClose(app);
    // After the in-flight requests (registered first, so its hook runs first), which may still publish.
    app.addHook("onClose", () => news.close());
    // A callback hook, like in-flight.ts's: it runs on every answer, and an async hook costs a promise each time.
    app.addHook("onSend", (request, reply, payload, next) => {
      reply.header("x-request-id", request.id);
      next(null, payload);
    });

    securityHeaders(app);
    await app.register(fastifyCookie);
    await app.register(fastifyMultipart, {
      limits: { fileSize: config.attachmentMaxBytes, files: 20, fields: 20, fieldSize: 64 * 1024 },
    });
    await app.register(fastifySwagger, {
      openapi: {
        openapi: "3.1.0",
        info: {
          title: "Ticketdesk API",
          version: "1.0.0",
          description:
            "Ticketdesk's REST API. Authenticate with a session cookie (send X-CSRF-Token on writes) or an API token (Authorization: Bearer).",
        },
        components: {
          securitySchemes: {
            session: { type: "apiKey", in: "cookie", name: "td_session" },
            apiToken: { type: "http", scheme: "bearer" },
          },
        },
        security: [{ session: [] }, { apiToken: [] }],
      },
      transform: jsonSchemaTransform,
      // Emits the schemas named with .meta({ id }) under components.schemas so $refs resolve.
      transformObject: jsonSchemaTransformObject,
    });
    await app.register(fastifySwaggerUi, { routePrefix: "/api/docs", staticCSP: true });

    await app.register(healthRoutes);
    await app.register(
      async (api) => {
        // Authentication runs before validation, so an anonymous caller learns nothing about the input rules.
        api.addHook("onRequest", async (request, reply) => {
          // Routes documented with `security: []` are the public ones (setup, sign-in, the API description):
          // they act as nobody and read no credentials. So a cookie left by an ended session cannot keep
          // anyone from signing in again, and neither can a bearer token that is malformed or revoked
          // (a script's stale token must not break its own sign-in or the document it reads).
          const security = (request.routeOptions.schema as { security?: unknown[] } | undefined)?.security;
          if (security?.length === 0) return;
          try {
            request.actor = await resolveActor(app.ctx, request);
          } catch (error) {
            // The browser would send the dead cookie with every request: tell it to drop it.
            if (error instanceof SessionEndedError) clearSessionCookie(reply);
            throw error;
          }
          if (!request.actor) throw new UnauthenticatedError();
        });
        api.get("/openapi.json", { schema: { hide: true, security: [] } }, async () => app.swagger());
        await apiRoutes(api);
      },
      { prefix: "/api/v1" },
    );
    if (options.extend) await options.extend(app);
    await news.ready();
    app.setNotFoundHandler((request, reply) => {
      void reply
        .status(404)
        .send(errorBody("not_found", `No route for ${request.method} ${request.url.split("?")[0]}`));
    });
    await app.ready();
    return app;
  } catch (error) {
    // The app never started, so its onClose will not run: stop listening, or the connection keeps the process alive.
    await news.close();
    throw error;
  }
}
