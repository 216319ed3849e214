import type { AppContext } from "../server/context.js";
import { ConflictError, NotFoundError, ValidationError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import {
  categoryKeyTaken,
  countCategories,
  countTicketsInCategory,
  deleteCategoryRow,
  findCategories,
  findCategoryById,
  insertCategory,
  lockCategory,
  updateCategoryRow,
} from "./category.repository.js";
import type { Page } from "./directory.schema.js";
import { isForeignKeyViolation, isUniqueViolation } from "./pg-errors.js";
import { teamExists } from "./team.repository.js";

const keyTaken = (key: string) =>
  new ConflictError(`A category with key ${key} already exists`, [
    { field: "key", message: "is already taken" },
  ]);

const inUse = (count: number) =>
  new ConflictError(
    `This category is used by ${count} ticket${count === 1 ? "" : "s"}; move them to another category before deleting it`,
  );

async function checkTeam(ctx: AppContext, teamId: string | null | undefined): Promise<void> {
  if (teamId && !(await teamExists(ctx.db, teamId)))
    throw ValidationError.field("default_team_id", "no such team");
}

export async function findCategoryPage(ctx: AppContext, page: Page) {
  const [results, count] = await Promise.all([findCategories(ctx.db, page), countCategories(ctx.db)]);
  return { count, results };
}

export async function getCategory(ctx: AppContext, id: string) {
  const category = await findCategoryById(ctx.db, id);
  if (!category) throw new NotFoundError("Category", id);
  return category;
}

export async function createCategory(
  ctx: AppContext,
  input: { key: string; label: string; default_team_id?: string | null | undefined },
) {
  if (await categoryKeyTaken(ctx.db, input.key)) throw keyTaken(input.key);
  await checkTeam(ctx, input.default_team_id);
  const id = newId();
  try {
    await insertCategory(ctx.db, {
      id,
      key: input.key,
      label: input.label,
      default_team_id: input.default_team_id ?? null,
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw keyTaken(input.key);
    if (isForeignKeyViolation(error)) throw ValidationError.field("default_team_id", "no such team");
    throw error;
  }
  return getCategory(ctx, id);
}

/** Renames (label) and re-routes (default team); tickets already routed keep their team. */
export async function updateCategory(
  ctx: AppContext,
  id: string,
  input: { label?: string | undefined; default_team_id?: string | null | undefined },
) {
  await getCategory(ctx, id);
  await checkTeam(ctx, input.default_team_id);
  const changes: { label?: string; default_team_id?: string | null } = {};
  if (input.label !== undefined) changes.label = input.label;
  if (input.default_team_id !== undefined) changes.default_team_id = input.default_team_id;
  if (Object.keys(changes).length > 0) {
    try {
      await updateCategoryRow(ctx.db, id, changes);
    } catch (error) {
      if (isForeignKeyViolation(error)) throw ValidationError.field("default_team_id", "no such team");
      throw error;
    }
  }
  return getCategory(ctx, id);
}

/** Refused (409) while any ticket, open or closed, is filed under the category. */
export async function deleteCategory(ctx: AppContext, id: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const key = await lockCategory(trx, id);
    if (key === undefined) throw new NotFoundError("Category", id);
    const tickets = await countTicketsInCategory(trx, key);
    if (tickets > 0) throw inUse(tickets);
    try {
      await deleteCategoryRow(trx, id);
    } catch (error) {
      if (isForeignKeyViolation(error)) throw inUse(1);
      throw error;
    }
  });
}
