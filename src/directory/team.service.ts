import type { TeamsTable, Updateable } from "../db/schema.js";
import type { AppContext } from "../server/context.js";
import { ConflictError, NotFoundError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import type { Page } from "./directory.schema.js";
import { isUniqueViolation } from "./pg-errors.js";
import {
  categoryKeysRoutedTo,
  countOpenTicketsOfTeam,
  countTeams,
  deleteTeamRow,
  findTeamById,
  findTeams,
  insertTeam,
  lockTeam,
  teamNameTaken,
  updateTeamRow,
} from "./team.repository.js";
import type { CreateTeamInput, UpdateTeamInput } from "./team.schema.js";

const nameTaken = (name: string) =>
  new ConflictError(`A team named ${name} already exists`, [{ field: "name", message: "is already taken" }]);

export async function findTeamPage(ctx: AppContext, page: Page) {
  const [results, count] = await Promise.all([findTeams(ctx.db, page), countTeams(ctx.db)]);
  return { count, results };
}

export async function getTeam(ctx: AppContext, id: string) {
  const team = await findTeamById(ctx.db, id);
  if (!team) throw new NotFoundError("Team", id);
  return team;
}

/** Team names are unique whatever their case ("Tech" and "tech" would be one queue to people). */
export async function createTeam(ctx: AppContext, input: CreateTeamInput) {
  if (await teamNameTaken(ctx.db, input.name)) throw nameTaken(input.name);
  const id = newId();
  try {
    await insertTeam(ctx.db, { id, name: input.name, assignment: input.assignment });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name);
    throw error;
  }
  return getTeam(ctx, id);
}

export async function updateTeam(ctx: AppContext, id: string, input: UpdateTeamInput) {
  await getTeam(ctx, id);
  if (input.name !== undefined && (await teamNameTaken(ctx.db, input.name, id))) throw nameTaken(input.name);
  const values: Updateable<TeamsTable> = {};
  if (input.name !== undefined) values.name = input.name;
  if (input.assignment !== undefined) values.assignment = input.assignment;
  if (Object.keys(values).length > 0) {
    try {
      await updateTeamRow(ctx.db, id, values);
    } catch (error) {
      if (input.name !== undefined && isUniqueViolation(error)) throw nameTaken(input.name);
      throw error;
    }
  }
  return getTeam(ctx, id);
}

/**
 * Deleting a team is refused while it still has open tickets or a category routes new tickets
 * to it: the database would quietly set those to "no team", and open tickets would fall out of
 * every team queue while new tickets stopped being routed. The admin reassigns or re-routes
 * first. Members lose their team and resolved/closed tickets keep no team (foreign keys set null).
 */
export async function deleteTeam(ctx: AppContext, id: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await lockTeam(trx, id))) throw new NotFoundError("Team", id);
    const openTickets = await countOpenTicketsOfTeam(trx, id);
    if (openTickets > 0) {
      throw new ConflictError(
        `This team still has ${openTickets} open ticket${openTickets === 1 ? "" : "s"}; reassign them before deleting it`,
      );
    }
    const categories = await categoryKeysRoutedTo(trx, id);
    if (categories.length > 0) {
      throw new ConflictError(
        `New tickets in ${categories.join(", ")} are routed to this team; re-route those categories before deleting it`,
      );
    }
    await deleteTeamRow(trx, id);
  });
}
