import { z } from "zod";

export const maxDemoTickets = 5_000;

export const loadDemoDataBody = z.strictObject({
  tickets: z
    .number()
    .int()
    .min(1)
    .max(maxDemoTickets)
    .default(500)
    .describe(`Demo tickets to create (1-${maxDemoTickets}, default 500)`),
});
export type LoadDemoDataBody = z.infer<typeof loadDemoDataBody>;

export const demoDataSummary = z
  .object({
    companies: z.number().int(),
    contacts: z.number().int(),
    agents: z.number().int().describe("Demo agents created across the teams"),
    agent_password: z.string().describe("The password every demo agent signs in with"),
    tickets: z.number().int(),
    comments: z.number().int(),
    events: z.number().int(),
  })
  .meta({ id: "DemoDataSummary" });
export type DemoDataSummaryView = z.infer<typeof demoDataSummary>;
