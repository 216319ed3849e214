import { z } from "zod";
import { assignmentModes } from "../db/schema.js";
import { listOf, nameField, pageQuery } from "./directory.schema.js";

const assignment = z
  .enum(assignmentModes)
  .describe(
    "Who gets the team's unassigned tickets: manual (nobody, agents pick), round_robin (each available agent in turn) or least_loaded (the available agent with the fewest open tickets)",
  );

export const teamSchema = z
  .object({ id: z.uuid(), name: z.string(), assignment, created_at: z.date(), updated_at: z.date() })
  .meta({ id: "Team" });

export const teamListSchema = listOf(teamSchema, "TeamList");

// Teams are a short pick-list: a page of 100 by default, so pickers get them all.
export const teamListQuery = z.strictObject({ ...pageQuery(100) });

export const createTeamBody = z.strictObject({
  name: nameField(100),
  assignment: assignment.default("manual"),
});
export type CreateTeamInput = z.infer<typeof createTeamBody>;
export const updateTeamBody = z.strictObject({
  name: nameField(100).optional(),
  assignment: assignment.optional(),
});
export type UpdateTeamInput = z.infer<typeof updateTeamBody>;
