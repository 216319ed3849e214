import { type OpeningInterval, type Weekday, weekdays } from "./calendar.js";

/**
 * What is wrong with a business calendar as an admin wrote it (SPEC §7), one problem per offending field,
 * named by its path in the request (`hours.monday.0`, `holidays.2`), so the API answers 400 with every field
 * at once and the web app shows each message under its input. The rules are calendar.ts's decisions.
 * Only the parts present are checked (a PATCH may send the time zone alone).
 */
export type CalendarInput = {
  time_zone?: string | undefined;
  hours?: Partial<Record<Weekday, readonly OpeningInterval[]>> | undefined;
  holidays?: readonly string[] | undefined;
};
export type CalendarProblem = { path: (string | number)[]; message: string };

const clockTime = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Minutes since midnight of a valid "HH:MM". */
const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** The time zones Intl knows by their canonical spelling, looked up by their lower-case name. */
let knownZones: Map<string, string> | undefined;
function zonesByLowerCase(): Map<string, string> {
  knownZones ??= new Map(
    ["UTC", ...Intl.supportedValuesOf("timeZone")].map((zone) => [zone.toLowerCase(), zone]),
  );
  return knownZones;
}

/**
 * The zone as it should be stored ("europe/berlin" → "Europe/Berlin"), or undefined when it is not an IANA
 * zone Intl can compute with. Aliases Intl accepts ("Asia/Calcutta", "Etc/UTC") are kept as written; UTC
 * offsets ("+01:00") are refused: they are no zone, and have no daylight saving time to follow.
 */
export function timeZoneName(name: string): string | undefined {
  const known = zonesByLowerCase().get(name.toLowerCase());
  if (known) return known;
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return undefined;
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return name;
  } catch {
    return undefined;
  }
}

/** Whether "YYYY-MM-DD" names a day that exists (2026-02-30 does not). */
export function isCalendarDate(value: string): boolean {
  const match = isoDate.exec(value);
  if (!match) return false;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function dayProblems(day: Weekday, intervals: readonly OpeningInterval[]): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  const valid: { from: number; to: number; text: string }[] = [];
  intervals.forEach((interval, index) => {
    let wellFormed = true;
    for (const end of ["from", "to"] as const) {
      if (!clockTime.test(interval[end])) {
        problems.push({
          path: ["hours", day, index, end],
          message: "must be a time HH:MM from 00:00 to 24:00",
        });
        wellFormed = false;
      }
    }
    if (!wellFormed) return;
    const from = minutesOf(interval.from);
    const to = minutesOf(interval.to);
    if (from >= to) {
      problems.push({
        path: ["hours", day, index],
        message:
          from === to
            ? "is empty: it must end after it starts"
            : "ends before it starts; split a night shift at midnight (22:00–24:00, then 00:00–06:00 the next day)",
      });
      return;
    }
    valid.push({ from, to, text: `${interval.from}–${interval.to}` });
  });
  valid.sort((a, b) => a.from - b.from);
  for (let i = 1; i < valid.length; i += 1) {
    const before = valid[i - 1];
    const after = valid[i];
    if (before && after && after.from < before.to) {
      problems.push({ path: ["hours", day], message: `${before.text} and ${after.text} overlap` });
      break;
    }
  }
  return problems;
}

export function calendarProblems(input: CalendarInput): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  if (input.time_zone !== undefined && timeZoneName(input.time_zone) === undefined) {
    problems.push({
      path: ["time_zone"],
      message: "is not a known time zone; use an IANA name such as Europe/Berlin or UTC",
    });
  }
  if (input.hours !== undefined) {
    const { hours } = input;
    for (const day of weekdays) problems.push(...dayProblems(day, hours[day] ?? []));
    if (weekdays.every((day) => (hours[day] ?? []).length === 0)) {
      problems.push({ path: ["hours"], message: "must have opening hours on at least one day" });
    }
  }
  if (input.holidays !== undefined) {
    const seen = new Set<string>();
    input.holidays.forEach((holiday, index) => {
      if (!isCalendarDate(holiday)) {
        problems.push({ path: ["holidays", index], message: "must be a date YYYY-MM-DD that exists" });
      } else if (seen.has(holiday)) {
        problems.push({ path: ["holidays", index], message: "is listed twice" });
      }
      seen.add(holiday);
    });
  }
  return problems;
}
