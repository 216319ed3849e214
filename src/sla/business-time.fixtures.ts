import type { BusinessCalendar, OpeningInterval, Weekday, WeeklyHours } from "./calendar.js";
import { weekdays } from "./calendar.js";

const closed: WeeklyHours = {
  monday: [],
  tuesday: [],
  wednesday: [],
  thursday: [],
  friday: [],
  saturday: [],
  sunday: [],
};

/** A calendar closed except for the given days, with overrides. */
export function buildCalendar(
  overrides: { timeZone?: string; hours?: Partial<WeeklyHours>; holidays?: readonly string[] } = {},
): BusinessCalendar {
  return {
    timeZone: overrides.timeZone ?? "UTC",
    hours: { ...closed, ...overrides.hours },
    holidays: overrides.holidays ?? [],
  };
}

/** The same intervals on each of the given days. */
export function on(days: readonly Weekday[], ...intervals: OpeningInterval[]): Partial<WeeklyHours> {
  return Object.fromEntries(days.map((day) => [day, intervals]));
}

export const mondayToFriday: readonly Weekday[] = ["monday", "tuesday", "wednesday", "thursday", "friday"];
export const everyDay: readonly Weekday[] = weekdays;

/** 09:00–17:00 Monday to Friday. */
export function officeHours(timeZone: string, holidays: readonly string[] = []): BusinessCalendar {
  return buildCalendar({ timeZone, hours: on(mondayToFriday, { from: "09:00", to: "17:00" }), holidays });
}

/** Dates written with their offset, so a test states the wall clock it means without the code under test. */
export function at(isoWithOffset: string): Date {
  return new Date(isoWithOffset);
}
