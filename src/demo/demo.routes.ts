import { authenticated } from "../auth/authenticate.js";
import type { ApiApp } from "../server/app.js";
import { demoDataSummary, loadDemoDataBody } from "./demo.schema.js";
import { loadFirstRunDemoData } from "./load-demo-data.js";

/** First-run demo data: admin only, into a help desk without tickets. */
export async function demoRoutes(app: ApiApp): Promise<void> {
  app.post(
    "/demo-data",
    {
      schema: {
        tags: ["setup"],
        summary:
          "Load demo companies, agents and tickets into an empty help desk (admin only; 409 once tickets exist)",
        body: loadDemoDataBody,
        response: { 201: demoDataSummary },
      },
    },
    async (request, reply) => {
      const actor = authenticated(request);
      return reply.status(201).send(await loadFirstRunDemoData(app.ctx, actor, request.body));
    },
  );
}
