import { z } from "zod";
import { listOf, nameField, pageQuery } from "../directory/directory.schema.js";
import { calendarProblems } from "./calendar-rules.js";

/**
 * A business calendar as the API reads and writes it (SPEC §7). The schema checks the shape; what the values
 * mean (a real zone, times, overlaps, real dates) is calendarProblems', reported as 400s naming each field.
 */
const clockTime = z.string().max(5).describe('"HH:MM" from 00:00 to 24:00');
const interval = z.strictObject({ from: clockTime, to: clockTime });
const dayInput = z
  .array(interval)
  .max(12)
  .default([])
  .describe("Opening intervals; empty or left out: closed");
const dayOutput = z.array(z.object({ from: z.string(), to: z.string() }));

const hoursInput = z
  .strictObject({
    monday: dayInput,
    tuesday: dayInput,
    wednesday: dayInput,
    thursday: dayInput,
    friday: dayInput,
    saturday: dayInput,
    sunday: dayInput,
  })
  .describe("The week's opening hours in the calendar's zone; replaces the whole week when written");

const holidaysInput = z
  .array(z.string().max(10))
  .max(500)
  .describe('Days closed all day in the calendar\'s zone, "YYYY-MM-DD"');

const timeZone = z
  .string()
  .trim()
  .min(1, "is required")
  .max(64)
  .describe("An IANA time zone, e.g. Europe/Berlin or UTC");

function reportProblems(value: Parameters<typeof calendarProblems>[0], ctx: z.RefinementCtx): void {
  for (const problem of calendarProblems(value))
    ctx.addIssue({ code: "custom", path: problem.path, message: problem.message });
}

export const createCalendarBody = z
  .strictObject({
    name: nameField(100),
    time_zone: timeZone,
    hours: hoursInput,
    holidays: holidaysInput.default([]),
  })
  .superRefine(reportProblems);
export type CreateCalendarInput = z.infer<typeof createCalendarBody>;

export const updateCalendarBody = z
  .strictObject({
    name: nameField(100).optional(),
    time_zone: timeZone.optional(),
    hours: hoursInput.optional(),
    holidays: holidaysInput.optional(),
  })
  .superRefine(reportProblems);
export type UpdateCalendarInput = z.infer<typeof updateCalendarBody>;

export const calendarSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    time_zone: z.string(),
    hours: z.object({
      monday: dayOutput,
      tuesday: dayOutput,
      wednesday: dayOutput,
      thursday: dayOutput,
      friday: dayOutput,
      saturday: dayOutput,
      sunday: dayOutput,
    }),
    holidays: z.array(z.string()).describe("Sorted"),
    is_default: z
      .boolean()
      .describe("The calendar new policies get when none is named; it can be edited but not deleted"),
    created_at: z.date(),
    updated_at: z.date(),
  })
  .meta({ id: "BusinessCalendar" });
export type CalendarView = z.infer<typeof calendarSchema>;

export const calendarListSchema = listOf(calendarSchema, "BusinessCalendarList");
export const calendarListQuery = z.strictObject({ ...pageQuery(100) });
