import { z } from "zod";
import { ticketPriorities } from "../db/schema.js";
import { listOf, pageQuery, refSchema } from "../directory/directory.schema.js";
import { targetProblems } from "./sla-policy-rules.js";

/** The longest target: a year of minutes (a target that long is a typo, not a commitment). */
export const maxTargetMinutes = 525_600;

const minutes = (what: string) =>
  z
    .number()
    .int("must be a whole number of minutes")
    .min(1, "must be at least 1 minute")
    .max(maxTargetMinutes, `must be at most ${maxTargetMinutes} minutes (a year)`)
    .describe(what);

const escalationInput = z
  .strictObject({
    notify_team_admins: z.boolean().default(true).describe("Mail the team's admins at a breach"),
    raise_priority: z.boolean().default(false).describe("Raise the ticket's priority one step at a breach"),
    move_to_team_id: z.uuid().nullable().default(null).describe("Move the ticket to this team at a breach"),
  })
  .describe("What happens when a target is breached");

function reportTargets(
  value: { first_response_minutes?: number | undefined; resolution_minutes?: number | undefined },
  ctx: z.RefinementCtx,
): void {
  for (const problem of targetProblems(value))
    ctx.addIssue({ code: "custom", path: [problem.field], message: problem.message });
}

export const createSlaPolicyBody = z
  .strictObject({
    priority: z.enum(ticketPriorities),
    team_id: z
      .uuid()
      .nullable()
      .default(null)
      .describe(
        "The team whose tickets of this priority it covers; each priority's team-less policy always exists",
      ),
    first_response_minutes: minutes("Business minutes from creation to the first public reply"),
    resolution_minutes: minutes(
      "Business minutes from creation to resolution; at least the first response target",
    ),
    calendar_id: z
      .uuid()
      .optional()
      .describe("The calendar the minutes count in; default: the default calendar"),
    escalation: escalationInput.default({
      notify_team_admins: true,
      raise_priority: false,
      move_to_team_id: null,
    }),
  })
  .superRefine(reportTargets);
export type CreateSlaPolicyInput = z.infer<typeof createSlaPolicyBody>;

export const updateSlaPolicyBody = z
  .strictObject({
    priority: z.enum(ticketPriorities).optional().describe("Not for a team-less policy (409)"),
    team_id: z.uuid().nullable().optional().describe("Not for a team-less policy (409)"),
    first_response_minutes: minutes("Business minutes from creation to the first public reply").optional(),
    resolution_minutes: minutes("Business minutes from creation to resolution").optional(),
    calendar_id: z.uuid().optional(),
    escalation: z
      .strictObject({
        notify_team_admins: z.boolean().optional(),
        raise_priority: z.boolean().optional(),
        move_to_team_id: z.uuid().nullable().optional(),
      })
      .optional()
      .describe("Only the fields given change"),
  })
  .superRefine(reportTargets);
export type UpdateSlaPolicyInput = z.infer<typeof updateSlaPolicyBody>;

export const slaPolicySchema = z
  .object({
    id: z.uuid(),
    priority: z.enum(ticketPriorities),
    team: refSchema.nullable().describe("null: every team without its own policy for this priority"),
    first_response_minutes: z.number().int(),
    resolution_minutes: z.number().int(),
    calendar: refSchema,
    escalation: z.object({
      notify_team_admins: z.boolean(),
      raise_priority: z.boolean(),
      move_to_team: refSchema.nullable(),
    }),
    is_fallback: z
      .boolean()
      .describe("The team-less policy of its priority: it can be edited but not deleted, nor given a team"),
    created_at: z.date(),
    updated_at: z.date(),
  })
  .meta({ id: "SlaPolicy" });
export type SlaPolicyView = z.infer<typeof slaPolicySchema>;

export const slaPolicyListSchema = listOf(slaPolicySchema, "SlaPolicyList");
export const slaPolicyListQuery = z.strictObject({
  team_id: z
    .union([z.uuid(), z.literal("none")])
    .optional()
    .describe("A team's policies, or none for the team-less ones"),
  ...pageQuery(100),
});
