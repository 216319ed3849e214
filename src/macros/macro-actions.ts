import type { MacroActions } from "../db/schema.js";
import type { ErrorDetail } from "../shared/errors.js";
import type { UpdateTicketInput } from "../tickets/ticket.schema.js";
import type { TicketChanges } from "../tickets/ticket-rules.js";

/**
 * What a macro's actions ask of a ticket, in the terms a PATCH uses, so the same rules decide (pure: the
 * caller looks up the records and applies the change, apply-macro.ts).
 */
export type MacroTicketChange = {
  /** Fields as a PATCH names them; their records are looked up like a PATCH's (resolveTicketChanges). */
  input: UpdateTicketInput;
  /** Tags added to and removed from the ticket's current ones, decided under its lock (decideTicketChange). */
  tags: Pick<TicketChanges, "add_tags" | "remove_tags">;
};

/** The user a macro's assignee names, "current_user" being the agent applying it; undefined leaves it. */
export function assigneeOf(actions: MacroActions, actor: { id: string }): string | null | undefined {
  const { assignee } = actions;
  if (assignee === undefined || assignee === null) return assignee;
  return assignee === "current_user" ? actor.id : assignee.user_id;
}

export function ticketChangeOf(actions: MacroActions, actor: { id: string }): MacroTicketChange {
  const input: UpdateTicketInput = {};
  if (actions.status !== undefined) input.status = actions.status;
  if (actions.priority !== undefined) input.priority = actions.priority;
  if (actions.team_id !== undefined) input.assigned_team = actions.team_id;
  const assignee = assigneeOf(actions, actor);
  if (assignee !== undefined) input.assigned_to = assignee;
  const tags: MacroTicketChange["tags"] = {};
  if (actions.add_tags?.length) tags.add_tags = actions.add_tags;
  if (actions.remove_tags?.length) tags.remove_tags = actions.remove_tags;
  return { input, tags };
}

/** Whether the macro changes the ticket's fields (then the caller needs the ticket's `update` ability). */
export function changesTicketFields(change: MacroTicketChange): boolean {
  return Object.keys(change.input).length > 0 || Object.keys(change.tags).length > 0;
}

/** What the macro's row says about the records its actions name (macro.repository.ts selectMacros). */
export type MacroReferences = {
  actions: MacroActions;
  team_found: string | null;
  assignee_name: string | null;
  assignee_active: boolean | null;
};

/**
 * Why a saved macro cannot be applied now: the team it moves tickets to was deleted, or the user it assigns
 * was deactivated, since it was saved. Named by the macro's own fields, for the admin who must edit it.
 */
export function macroProblems(macro: MacroReferences): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const { team_id, assignee } = macro.actions;
  if (typeof team_id === "string" && macro.team_found === null)
    problems.push({ field: "actions.team_id", message: "the team no longer exists" });
  if (typeof assignee === "object" && assignee !== null) {
    if (macro.assignee_name === null)
      problems.push({ field: "actions.assignee.user_id", message: "the user no longer exists" });
    else if (macro.assignee_active === false)
      problems.push({ field: "actions.assignee.user_id", message: `${macro.assignee_name} is deactivated` });
  }
  return problems;
}
