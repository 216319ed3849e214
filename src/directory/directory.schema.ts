import { z } from "zod";

/** Shapes shared by the directory's endpoints (teams, categories, companies, contacts, users). */

export const idParams = z.strictObject({ id: z.uuid() });

export const noContent = z.null().describe("No content");

/** limit/offset of every list; the small pick-lists (teams, categories) default to a whole page of 100. */
export function pageQuery(defaultLimit = 25) {
  return {
    limit: z.coerce.number().int().min(1).max(100).default(defaultLimit),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  };
}
export type Page = { limit: number; offset: number };

export const searchQuery = z.string().trim().min(1).max(200).optional();

export const booleanQuery = z
  .enum(["true", "false"])
  .transform((value) => value === "true")
  .optional();

export function listOf<T extends z.ZodType>(item: T, id: string) {
  return z.object({ count: z.number().int(), results: z.array(item) }).meta({ id });
}

/** Free text that may be cleared: "" and null both mean "none". */
export function optionalText(max: number) {
  return z
    .string()
    .trim()
    .max(max)
    .transform((value) => value || null)
    .nullable();
}

export const nameField = (max = 200) => z.string().trim().min(1, "is required").max(max);

export const refSchema = z.object({ id: z.uuid(), name: z.string() });
