import type { Page } from "../directory/directory.schema.js";
import { isForeignKeyViolation, isUniqueViolation } from "../directory/pg-errors.js";
import type { AppContext } from "../server/context.js";
import { ConflictError, NotFoundError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import {
  type CalendarRow,
  calendarNameTaken,
  countCalendars,
  deleteCalendarRow,
  findCalendarById,
  findCalendars,
  findPoliciesUsingCalendar,
  insertCalendar,
  lockCalendar,
  updateCalendarRow,
} from "./business-calendar.repository.js";
import type { CalendarView, CreateCalendarInput, UpdateCalendarInput } from "./business-calendar.schema.js";
import { weekdays } from "./calendar.js";
import { timeZoneName } from "./calendar-rules.js";
import { announceSlaChange } from "./sla-news.js";

const nameTaken = (name: string) =>
  new ConflictError(`A calendar named ${name} already exists`, [
    { field: "name", message: "is already taken" },
  ]);

type Week = CalendarView["hours"];

/**
 * Every weekday in order, each with its intervals sorted by start: what the API shows, what is stored, and
 * (being a WeeklyHours) what the time arithmetic reads.
 */
export function weeklyHours(stored: Partial<Record<string, readonly { from: string; to: string }[]>>): Week {
  const byStart = (a: { from: string }, b: { from: string }) => a.from.localeCompare(b.from);
  return Object.fromEntries(
    weekdays.map((day) => [day, (stored[day] ?? []).map(({ from, to }) => ({ from, to })).sort(byStart)]),
  ) as unknown as Week;
}

export function presentCalendar(row: CalendarRow): CalendarView {
  return { ...row, hours: weeklyHours(row.hours), holidays: [...row.holidays].sort() };
}

export async function findCalendarPage(ctx: AppContext, page: Page) {
  const [rows, count] = await Promise.all([findCalendars(ctx.db, page), countCalendars(ctx.db)]);
  return { count, results: rows.map(presentCalendar) };
}

export async function getCalendar(ctx: AppContext, id: string): Promise<CalendarView> {
  const row = await findCalendarById(ctx.db, id);
  if (!row) throw new NotFoundError("Business calendar", id);
  return presentCalendar(row);
}

/** The columns a written calendar stores: the zone as Intl spells it, hours and sorted holidays as JSON. */
function columns(input: UpdateCalendarInput) {
  return {
    ...(input.name === undefined ? {} : { name: input.name }),
    ...(input.time_zone === undefined ? {} : { time_zone: timeZoneName(input.time_zone) ?? input.time_zone }),
    ...(input.hours === undefined ? {} : { hours: JSON.stringify(weeklyHours(input.hours)) }),
    ...(input.holidays === undefined
      ? {}
      : { holidays: JSON.stringify([...new Set(input.holidays)].sort()) }),
  };
}

async function write(name: string | undefined, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (isUniqueViolation(error) && name) throw nameTaken(name);
    throw error;
  }
}

/** Calendar names are unique whatever their case, like teams'. */
export async function createCalendar(ctx: AppContext, input: CreateCalendarInput): Promise<CalendarView> {
  if (await calendarNameTaken(ctx.db, input.name)) throw nameTaken(input.name);
  const id = newId();
  const { hours, holidays, time_zone } = columns(input);
  await write(input.name, () =>
    insertCalendar(ctx.db, {
      id,
      name: input.name,
      time_zone: time_zone ?? input.time_zone,
      hours: hours ?? "{}",
      ...(holidays === undefined ? {} : { holidays }),
    }),
  );
  return getCalendar(ctx, id);
}

export async function updateCalendar(
  ctx: AppContext,
  id: string,
  input: UpdateCalendarInput,
): Promise<CalendarView> {
  await getCalendar(ctx, id);
  if (input.name !== undefined && (await calendarNameTaken(ctx.db, input.name, id)))
    throw nameTaken(input.name);
  const values = columns(input);
  if (Object.keys(values).length > 0) {
    await write(input.name, () => updateCalendarRow(ctx.db, id, values));
    await announceSlaChange(ctx);
  }
  return getCalendar(ctx, id);
}

/**
 * The default calendar stays (new policies fall back to it; edit it instead). A calendar that policies count
 * time in stays until they use another: the message names them, so the admin knows which to change.
 */
export async function deleteCalendar(ctx: AppContext, id: string): Promise<void> {
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const calendar = await lockCalendar(trx, id);
      if (!calendar) throw new NotFoundError("Business calendar", id);
      if (calendar.is_default)
        throw new ConflictError("The default calendar cannot be deleted; change its hours instead");
      const policies = await findPoliciesUsingCalendar(trx, id);
      if (policies.length > 0) {
        const names = policies.map((p) => `${p.priority} (${p.team_name ?? "every team"})`).join(", ");
        throw new ConflictError(
          `The SLA ${policies.length === 1 ? "policy" : "policies"} ${names} count time in this calendar; give ${policies.length === 1 ? "it" : "them"} another calendar before deleting it`,
        );
      }
      await deleteCalendarRow(trx, id);
    });
  } catch (error) {
    if (isForeignKeyViolation(error))
      throw new ConflictError("SLA policies count time in this calendar; give them another calendar first");
    throw error;
  }
}
