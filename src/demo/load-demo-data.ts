import { demoAgentPassword, loadDemoData } from "../cli/demo-data/load-demo-data.js";
import type { Actor, AppContext } from "../server/context.js";
import { ConflictError } from "../shared/errors.js";
import { authorizeDemoData } from "./demo.policy.js";
import { anyTicketExists } from "./demo.repository.js";
import type { DemoDataSummaryView, LoadDemoDataBody } from "./demo.schema.js";

/**
 * First run (issue 4): fills an empty help desk with demo customers, agents and tickets. Refuses
 * once any ticket exists, so demo data never mixes with real work.
 */
export async function loadFirstRunDemoData(
  ctx: AppContext,
  actor: Actor,
  body: LoadDemoDataBody,
): Promise<DemoDataSummaryView> {
  authorizeDemoData(actor);
  if (await anyTicketExists(ctx.db)) {
    throw new ConflictError("Demo data can only be loaded into a help desk without tickets");
  }
  const summary = await loadDemoData(ctx.db, { tickets: body.tickets, timeZone: ctx.config.timeZone });
  ctx.overdue.invalidate();
  return {
    companies: summary.companies,
    contacts: summary.contacts,
    agents: summary.agents.length,
    agent_password: demoAgentPassword,
    tickets: summary.tickets,
    comments: summary.comments,
    events: summary.events,
  };
}
