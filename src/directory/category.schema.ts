import { z } from "zod";
import { listOf, nameField, pageQuery, refSchema } from "./directory.schema.js";

export const categorySchema = z
  .object({
    id: z.uuid(),
    key: z.string(),
    label: z.string(),
    default_team: refSchema.nullable().describe("Where new tickets of this category are routed"),
    created_at: z.date(),
    updated_at: z.date(),
  })
  .meta({ id: "Category" });

export const categoryListSchema = listOf(categorySchema, "CategoryList");

export const categoryListQuery = z.strictObject({ ...pageQuery(100) });

export const categoryKey = z
  .string()
  .trim()
  .min(1, "is required")
  .max(50)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, "must be a slug: lowercase letters, digits, _ and -");

export const createCategoryBody = z.strictObject({
  key: categoryKey,
  label: nameField(100),
  default_team_id: z.uuid().nullable().optional(),
});

/** The key is immutable: tickets, their history and integrations' filters name the category by it. */
export const updateCategoryBody = z.strictObject({
  label: nameField(100).optional(),
  default_team_id: z.uuid().nullable().optional(),
});
