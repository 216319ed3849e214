import type { SlaPoliciesTable, TicketPriority, Updateable } from "../db/schema.js";
import type { Page } from "../directory/directory.schema.js";
import { isForeignKeyViolation, isUniqueViolation } from "../directory/pg-errors.js";
import { teamExists } from "../directory/team.repository.js";
import type { AppContext } from "../server/context.js";
import { ConflictError, type ErrorDetail, NotFoundError, ValidationError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import { calendarExists, findDefaultCalendarId } from "./business-calendar.repository.js";
import { announceSlaChange } from "./sla-news.js";
import {
  countSlaPolicies,
  deleteSlaPolicyRow,
  findSlaPolicies,
  findSlaPolicyById,
  insertSlaPolicy,
  type SlaPolicyFilter,
  type SlaPolicyRow,
  slaPolicyTaken,
  updateSlaPolicyRow,
} from "./sla-policy.repository.js";
import type { CreateSlaPolicyInput, SlaPolicyView, UpdateSlaPolicyInput } from "./sla-policy.schema.js";
import { fallbackChangeProblem, targetProblems } from "./sla-policy-rules.js";

export function presentSlaPolicy(row: SlaPolicyRow): SlaPolicyView {
  const ref = (id: string | null, name: string | null) => (id && name ? { id, name } : null);
  return {
    id: row.id,
    priority: row.priority,
    team: ref(row.team_id, row.team_name),
    first_response_minutes: row.first_response_minutes,
    resolution_minutes: row.resolution_minutes,
    calendar: { id: row.calendar_id, name: row.calendar_name },
    escalation: {
      notify_team_admins: row.notify_team_admins,
      raise_priority: row.raise_priority,
      move_to_team: ref(row.move_to_team_id, row.move_to_team_name),
    },
    is_fallback: row.team_id === null,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export async function findSlaPolicyPage(ctx: AppContext, filter: SlaPolicyFilter, page: Page) {
  const [rows, count] = await Promise.all([
    findSlaPolicies(ctx.db, filter, page),
    countSlaPolicies(ctx.db, filter),
  ]);
  return { count, results: rows.map(presentSlaPolicy) };
}

export async function getSlaPolicy(ctx: AppContext, id: string): Promise<SlaPolicyView> {
  const row = await findSlaPolicyById(ctx.db, id);
  if (!row) throw new NotFoundError("SLA policy", id);
  return presentSlaPolicy(row);
}

const duplicate = (priority: TicketPriority, teamId: string | null) =>
  new ConflictError(
    teamId === null
      ? `The team-less ${priority} policy already exists; edit it instead`
      : `This team already has a ${priority} policy; edit it instead`,
    [{ field: "priority", message: "already has a policy for this team" }],
  );

/** A named team or calendar that does not exist is the request's mistake (400 naming the field), as elsewhere. */
async function referenceProblems(
  ctx: AppContext,
  refs: {
    team_id?: string | null;
    calendar_id?: string | undefined;
    move_to_team_id?: string | null | undefined;
  },
): Promise<ErrorDetail[]> {
  const [team, calendar, moveTo] = await Promise.all([
    refs.team_id ? teamExists(ctx.db, refs.team_id) : true,
    refs.calendar_id ? calendarExists(ctx.db, refs.calendar_id) : true,
    refs.move_to_team_id ? teamExists(ctx.db, refs.move_to_team_id) : true,
  ]);
  const problems: ErrorDetail[] = [];
  if (!team) problems.push({ field: "team_id", message: "no such team" });
  if (!calendar) problems.push({ field: "calendar_id", message: "no such calendar" });
  if (!moveTo) problems.push({ field: "escalation.move_to_team_id", message: "no such team" });
  return problems;
}

function refuse(problems: ErrorDetail[]): void {
  if (problems.length === 0) return;
  throw new ValidationError(problems.map((p) => `${p.field}: ${p.message}`).join("; "), problems);
}

/** The database's own refusals, for what changed between the checks and the write (a team deleted, …). */
async function write(key: { priority: TicketPriority; team_id: string | null }, action: () => Promise<void>) {
  try {
    await action();
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(key.priority, key.team_id);
    // Two edits of one policy's targets at once: the table's check keeps resolution ≥ first response.
    if ((error as { code?: unknown }).code === "23514")
      throw ValidationError.field("resolution_minutes", "must be at least the first response target");
    if (isForeignKeyViolation(error)) {
      const constraint = String((error as { constraint?: unknown }).constraint ?? "");
      const field = constraint.includes("calendar")
        ? "calendar_id"
        : constraint.includes("move_to_team")
          ? "escalation.move_to_team_id"
          : "team_id";
      throw ValidationError.field(field, field === "calendar_id" ? "no such calendar" : "no such team");
    }
    throw error;
  }
}

export async function createSlaPolicy(ctx: AppContext, input: CreateSlaPolicyInput): Promise<SlaPolicyView> {
  const { escalation } = input;
  refuse(
    await referenceProblems(ctx, {
      team_id: input.team_id,
      calendar_id: input.calendar_id,
      move_to_team_id: escalation.move_to_team_id,
    }),
  );
  if (await slaPolicyTaken(ctx.db, input)) throw duplicate(input.priority, input.team_id);
  const calendarId = input.calendar_id ?? (await findDefaultCalendarId(ctx.db));
  if (!calendarId) throw ValidationError.field("calendar_id", "is required: there is no default calendar");
  const id = newId();
  await write(input, () =>
    insertSlaPolicy(ctx.db, {
      id,
      priority: input.priority,
      team_id: input.team_id,
      first_response_minutes: input.first_response_minutes,
      resolution_minutes: input.resolution_minutes,
      calendar_id: calendarId,
      notify_team_admins: escalation.notify_team_admins,
      raise_priority: escalation.raise_priority,
      move_to_team_id: escalation.move_to_team_id,
    }),
  );
  await announceSlaChange(ctx);
  return getSlaPolicy(ctx, id);
}

export async function updateSlaPolicy(
  ctx: AppContext,
  id: string,
  input: UpdateSlaPolicyInput,
): Promise<SlaPolicyView> {
  const current = await findSlaPolicyById(ctx.db, id);
  if (!current) throw new NotFoundError("SLA policy", id);
  const fallback = fallbackChangeProblem(current, input);
  if (fallback)
    throw new ConflictError(`This policy is the fallback of every team: ${fallback.message}`, [fallback]);
  refuse([
    ...targetProblems({
      first_response_minutes: input.first_response_minutes ?? current.first_response_minutes,
      resolution_minutes: input.resolution_minutes ?? current.resolution_minutes,
    }),
    ...(await referenceProblems(ctx, {
      team_id: input.team_id,
      calendar_id: input.calendar_id,
      move_to_team_id: input.escalation?.move_to_team_id,
    })),
  ]);
  const key = {
    priority: input.priority ?? current.priority,
    team_id: input.team_id === undefined ? current.team_id : input.team_id,
  };
  if (
    (key.priority !== current.priority || key.team_id !== current.team_id) &&
    (await slaPolicyTaken(ctx.db, key, id))
  )
    throw duplicate(key.priority, key.team_id);
  const values: Updateable<SlaPoliciesTable> = {};
  if (input.priority !== undefined) values.priority = input.priority;
  if (input.team_id !== undefined) values.team_id = input.team_id;
  if (input.first_response_minutes !== undefined)
    values.first_response_minutes = input.first_response_minutes;
  if (input.resolution_minutes !== undefined) values.resolution_minutes = input.resolution_minutes;
  if (input.calendar_id !== undefined) values.calendar_id = input.calendar_id;
  const escalation = input.escalation ?? {};
  if (escalation.notify_team_admins !== undefined) values.notify_team_admins = escalation.notify_team_admins;
  if (escalation.raise_priority !== undefined) values.raise_priority = escalation.raise_priority;
  if (escalation.move_to_team_id !== undefined) values.move_to_team_id = escalation.move_to_team_id;
  if (Object.keys(values).length > 0) {
    await write(key, () => updateSlaPolicyRow(ctx.db, id, values));
    await announceSlaChange(ctx);
  }
  return getSlaPolicy(ctx, id);
}

/** A team's own policy may go (its tickets fall back to the team-less one); the team-less ones stay. */
export async function deleteSlaPolicy(ctx: AppContext, id: string): Promise<void> {
  const current = await findSlaPolicyById(ctx.db, id);
  if (!current) throw new NotFoundError("SLA policy", id);
  if (current.team_id === null)
    throw new ConflictError(
      `The team-less ${current.priority} policy is the fallback of every team without its own; edit it instead`,
    );
  await deleteSlaPolicyRow(ctx.db, id);
  await announceSlaChange(ctx);
}
