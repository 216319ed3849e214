import type { Kysely } from "kysely";
import type { DB, MacroActions, MacrosTable, Updateable } from "../db/schema.js";
import type { Page } from "../directory/directory.schema.js";
import { isUniqueViolation } from "../directory/pg-errors.js";
import type { Actor, AppContext } from "../server/context.js";
import { ConflictError, NotFoundError, ValidationError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import { findTicketReferences } from "../tickets/ticket-references.repository.js";
import {
  countMacros,
  deleteMacroRow,
  findMacroById,
  findMacros,
  insertMacro,
  type MacroRow,
  updateMacroRow,
} from "./macro.repository.js";
import type { CreateMacroInput, MacroView, UpdateMacroInput } from "./macro.schema.js";
import { macroProblems } from "./macro-actions.js";
import { placeholders } from "./placeholders.js";

export function presentMacro(row: MacroRow): MacroView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    is_active: row.is_active,
    actions: row.actions,
    created_by:
      row.created_by && row.created_by_name ? { id: row.created_by, name: row.created_by_name } : null,
    problems: macroProblems(row),
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export async function findMacroPage(ctx: AppContext, query: Page & { is_active?: boolean | undefined }) {
  const [rows, count] = await Promise.all([findMacros(ctx.db, query), countMacros(ctx.db, query)]);
  return { count, results: rows.map(presentMacro) };
}

export async function getMacro(ctx: AppContext, id: string): Promise<MacroView> {
  const row = await findMacroById(ctx.db, id);
  if (!row) throw new NotFoundError("Macro", id);
  return presentMacro(row);
}

/** The placeholders a macro's reply may use, with what each becomes. */
export function listPlaceholders() {
  return {
    results: Object.entries(placeholders).map(([name, description]) => ({ name, description })),
  };
}

/**
 * The team and user the actions name must exist, and the user be active, when the macro is saved: a 400
 * naming the field, never a macro that fails on every ticket later.
 */
async function checkActionReferences(db: Kysely<DB>, actions: MacroActions): Promise<void> {
  const { assignee } = actions;
  const userId = typeof assignee === "object" && assignee !== null ? assignee.user_id : undefined;
  const teamId = actions.team_id ?? undefined;
  if (!userId && !teamId) return;
  const found = await findTicketReferences(db, { userId, teamId });
  if (userId && !found.user_id) throw ValidationError.field("actions.assignee.user_id", "no such user");
  if (userId && !found.user_is_active)
    throw ValidationError.field("actions.assignee.user_id", "is deactivated");
  if (teamId && !found.team_found) throw ValidationError.field("actions.team_id", "no such team");
}

async function write<T>(name: string | undefined, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (isUniqueViolation(error) && name)
      throw new ConflictError(`A macro named ${name} already exists`, [
        { field: "name", message: "is already taken" },
      ]);
    throw error;
  }
}

export async function createMacro(
  ctx: AppContext,
  actor: Actor,
  input: CreateMacroInput,
): Promise<MacroView> {
  await checkActionReferences(ctx.db, input.actions);
  const id = newId();
  await write(input.name, () =>
    insertMacro(ctx.db, {
      id,
      name: input.name,
      description: input.description ?? null,
      is_active: input.is_active,
      actions: JSON.stringify(input.actions),
      created_by: actor.id,
    }),
  );
  return getMacro(ctx, id);
}

export async function updateMacro(ctx: AppContext, id: string, input: UpdateMacroInput): Promise<MacroView> {
  if (input.actions) await checkActionReferences(ctx.db, input.actions);
  const values: Updateable<MacrosTable> = {};
  if (input.name !== undefined) values.name = input.name;
  if (input.description !== undefined) values.description = input.description;
  if (input.is_active !== undefined) values.is_active = input.is_active;
  if (input.actions !== undefined) values.actions = JSON.stringify(input.actions);
  if (!(await write(input.name, () => updateMacroRow(ctx.db, id, values))))
    throw new NotFoundError("Macro", id);
  return getMacro(ctx, id);
}

export async function deleteMacro(ctx: AppContext, id: string): Promise<void> {
  if (!(await deleteMacroRow(ctx.db, id))) throw new NotFoundError("Macro", id);
}
