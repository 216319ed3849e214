import { sql } from "kysely";
import { z } from "zod";
import type { ApiApp } from "./app.js";

export async function healthRoutes(app: ApiApp): Promise<void> {
  app.get(
    "/healthz",
    {
      schema: {
        tags: ["health"],
        summary: "The process is up",
        response: { 200: z.object({ status: z.literal("ok") }) },
      },
    },
    async () => ({ status: "ok" as const }),
  );
  app.get(
    "/readyz",
    {
      schema: {
        tags: ["health"],
        summary: "The database answers",
        response: {
          200: z.object({ status: z.literal("ready"), database: z.string() }),
          503: z.object({ status: z.literal("unavailable") }),
        },
      },
    },
    async (_request, reply) => {
      try {
        await sql`select 1`.execute(app.ctx.db);
        return { status: "ready" as const, database: app.ctx.engine };
      } catch {
        return reply.status(503).send({ status: "unavailable" as const });
      }
    },
  );
}
