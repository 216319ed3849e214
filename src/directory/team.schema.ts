import { z } from "zod";
import { listOf, nameField, pageQuery } from "./directory.schema.js";

export const teamSchema = z
  .object({ id: z.uuid(), name: z.string(), created_at: z.date(), updated_at: z.date() })
  .meta({ id: "Team" });

export const teamListSchema = listOf(teamSchema, "TeamList");

// Teams are a short pick-list: a page of 100 by default, so pickers get them all.
export const teamListQuery = z.strictObject({ ...pageQuery(100) });

export const createTeamBody = z.strictObject({ name: nameField(100) });
export const updateTeamBody = z.strictObject({ name: nameField(100).optional() });
