import { z } from "zod";
import { commentSchema } from "../comments/comment.schema.js";
import { ticketPriorities, ticketStatuses } from "../db/schema.js";
import {
  booleanQuery,
  listOf,
  nameField,
  optionalText,
  pageQuery,
  refSchema,
} from "../directory/directory.schema.js";
import { ticketDetailSchema } from "../tickets/get-ticket-detail.js";
import { tagsSchema } from "../tickets/ticket.schema.js";
import { placeholderProblems, placeholders } from "./placeholders.js";

const placeholderList = Object.keys(placeholders)
  .map((name) => `{{${name}}}`)
  .join(", ");

/** A reply's text with placeholders: an unknown or malformed one is refused by name (400 on actions.comment.text). */
const commentText = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(20_000, "must be at most 20,000 characters")
  .refine((text) => !text.includes("\u0000"), "must not contain NUL characters")
  .superRefine((text, ctx) => {
    for (const problem of placeholderProblems(text)) ctx.addIssue({ code: "custom", message: problem });
  })
  .describe(`The text, with placeholders: ${placeholderList}`);

const assigneeInput = z
  .union([z.strictObject({ user_id: z.uuid() }), z.literal("current_user"), z.null()])
  .describe('A user ({"user_id": …}), "current_user" (the agent applying the macro), or null to unassign');

/** Whether the actions do anything: empty tag lists do not count. */
function hasAction(actions: z.infer<typeof actionFields>): boolean {
  const { status, priority, team_id, assignee, add_tags, remove_tags, comment } = actions;
  return (
    [status, priority, team_id, assignee, comment].some((value) => value !== undefined) ||
    Boolean(add_tags?.length || remove_tags?.length)
  );
}

const actionFields = z.strictObject({
  status: z.enum(ticketStatuses).optional(),
  priority: z.enum(ticketPriorities).optional(),
  team_id: z.uuid().nullable().optional().describe("A team id, or null to take the ticket out of its team"),
  assignee: assigneeInput.optional(),
  add_tags: tagsSchema.optional(),
  remove_tags: tagsSchema.optional(),
  comment: z
    .strictObject({ text: commentText, is_internal: z.boolean().default(false) })
    .optional()
    .describe(
      "A public reply (mailed to the contact, like any reply) or an internal note (is_internal: true)",
    ),
});

/** What a macro does; every action is optional, at least one is required. */
export const macroActionsBody = actionFields.superRefine((actions, ctx) => {
  if (!hasAction(actions)) ctx.addIssue({ code: "custom", message: "must have at least one action" });
  const added = new Set(actions.add_tags ?? []);
  for (const tag of actions.remove_tags ?? [])
    if (added.has(tag))
      ctx.addIssue({ code: "custom", path: ["remove_tags"], message: `"${tag}" is also in add_tags` });
  if (actions.status === "assigned" && actions.assignee === null)
    ctx.addIssue({ code: "custom", path: ["status"], message: "'assigned' needs an assignee, not null" });
});

export const createMacroBody = z.strictObject({
  name: nameField(100).describe("Unique in any case, e.g. “Password reset”"),
  description: optionalText(1000).optional().describe("When to use it, for the agents"),
  is_active: z.boolean().default(true).describe("Inactive macros stay, but agents cannot pick or apply them"),
  actions: macroActionsBody,
});
export type CreateMacroInput = z.infer<typeof createMacroBody>;

export const updateMacroBody = z.strictObject({
  name: nameField(100).optional(),
  description: optionalText(1000).optional(),
  is_active: z.boolean().optional(),
  actions: macroActionsBody.optional().describe("Replaces every action of the macro"),
});
export type UpdateMacroInput = z.infer<typeof updateMacroBody>;

const macroActionsSchema = z
  .object({
    status: z.enum(ticketStatuses).optional(),
    priority: z.enum(ticketPriorities).optional(),
    team_id: z.uuid().nullable().optional(),
    assignee: z.union([z.object({ user_id: z.uuid() }), z.literal("current_user"), z.null()]).optional(),
    add_tags: z.array(z.string()).optional(),
    remove_tags: z.array(z.string()).optional(),
    comment: z.object({ text: z.string(), is_internal: z.boolean() }).optional(),
  })
  .describe("Only the actions the macro has; a missing key leaves that field as it is")
  .meta({ id: "MacroActions" });

export const fieldProblemSchema = z.object({ field: z.string(), message: z.string() });

export const macroSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    is_active: z.boolean(),
    actions: macroActionsSchema,
    created_by: refSchema.nullable(),
    problems: z
      .array(fieldProblemSchema)
      .describe(
        "Why it cannot be applied now (its team was deleted or its assignee deactivated since it was saved); " +
          "empty when it can",
      ),
    created_at: z.date(),
    updated_at: z.date(),
  })
  .meta({ id: "Macro" });
export type MacroView = z.infer<typeof macroSchema>;

export const macroListSchema = listOf(macroSchema, "MacroList");
export const macroListQuery = z.strictObject({
  is_active: booleanQuery.describe("true: only the macros agents may apply"),
  ...pageQuery(100),
});

export const placeholderListSchema = z
  .object({ results: z.array(z.object({ name: z.string(), description: z.string() })) })
  .meta({ id: "MacroPlaceholders" });

export const applyMacroBody = z.strictObject({ macro_id: z.uuid() });

export const appliedMacroSchema = z
  .object({
    ticket: ticketDetailSchema,
    comment: commentSchema.nullable().describe("The reply or note the macro wrote, if it has one"),
  })
  .meta({ id: "AppliedMacro" });
