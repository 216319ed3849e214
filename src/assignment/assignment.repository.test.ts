import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { createUser } from "../directory/create-user.js";
import { describeEachEngine } from "../test/databases.js";
import { createTestCompany, findTeamId } from "../test/factories.js";
import { selectAssignmentCandidates } from "./assignment.repository.js";

/** Counting an agent's open tickets stays a few index probes however many tickets they ever had. */
describeEachEngine("auto-assignment candidates", (use) => {
  let techId: string;

  beforeAll(async () => {
    const { db } = use();
    techId = await findTeamId(db, "Tech");
    const company = await createTestCompany(db);
    const agent = await createUser(db, {
      email: "busy@example.com",
      name: "Busy",
      role: "agent",
      team_id: techId,
      password: "correct horse battery",
    });
    // 3,000 closed and 12 open tickets for the agent, 3,000 for nobody.
    await sql`
      insert into tickets (id, ticket_number, subject, description, status, priority, category, company_id,
        assigned_to, tags)
      select gen_random_uuid(), 'T-20000102-' || lpad(i::text, 5, '0'), 'Old', 'Old', s::ticket_status,
        'medium', 'general', ${company.id}, a, '{}'
      from generate_series(1, 6012) as i,
        lateral (select case when i <= 3000 then 'closed' when i <= 3012 then 'in_progress' else 'new' end as s,
                        case when i <= 3012 then ${agent.id}::uuid end as a) as x`.execute(db);
    await sql`analyze tickets`.execute(db);
  }, 60_000);

  it("counts open tickets on tickets_assigned_to_status_idx, never reading the closed ones", async () => {
    const { db } = use();
    const query = selectAssignmentCandidates(db, techId);
    const [row] = await query.execute();
    expect(row).toMatchObject({ name: "Busy", open_tickets: 12 });
    const [explained] = await query.explain("json", sql`analyze`);
    const ticketsScan = findNode(explained?.["QUERY PLAN"], "tickets");
    expect(ticketsScan).toMatchObject({
      "Index Name": "tickets_assigned_to_status_idx",
      "Index Cond": expect.stringContaining("status = ANY"),
      "Actual Rows": 12,
    });
    // The open statuses are probed in the index, not filtered out of all 3,012 of the agent's entries.
    expect(ticketsScan?.["Rows Removed by Filter"] ?? 0).toBe(0);
  });
});

type PlanNode = Record<string, unknown> & { Plans?: PlanNode[]; Plan?: PlanNode };

/** The plan node that reads `relation` (EXPLAIN's JSON: a list holding one `Plan`, each node its `Plans`). */
function findNode(plan: unknown, relation: string): PlanNode | undefined {
  const nodes: PlanNode[] = Array.isArray(plan) ? [...plan] : [plan as PlanNode];
  for (let node = nodes.shift(); node; node = nodes.shift()) {
    if (node["Relation Name"] === relation) return node;
    if (node.Plan) nodes.push(node.Plan);
    nodes.push(...(node.Plans ?? []));
  }
  return undefined;
}
