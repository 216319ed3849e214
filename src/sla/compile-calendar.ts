import { type BusinessCalendar, type OpeningInterval, type Weekday, weekdays } from "./calendar.js";
import { type ZoneOffsets, zoneOffsets } from "./zone-offsets.js";

const MINUTE = 60_000;
const DAY = 86_400_000;

/** A calendar the business-time arithmetic cannot use (no opening hours, unknown zone, malformed data). */
export class CalendarError extends Error {
  override readonly name = "CalendarError";
}

/** An opening within one local day: [from, to) in ms after local midnight. */
export type DaySpan = { readonly from: number; readonly to: number };

/**
 * A business calendar made ready for the arithmetic in business-time.ts: parsed once, then shared by every
 * due-time computation (ticket creation computes two).
 */
export type CompiledCalendar = {
  readonly timeZone: string;
  /**
   * Openings per weekday, Monday first, sorted and merged. A night shift needs no merging across midnight:
   * Monday's 24:00 and Tuesday's 00:00 are the same wall-clock instant, so the walk passes from one to the
   * other without a gap, and a holiday on Tuesday cuts it exactly at midnight (calendar.ts).
   */
  readonly openByWeekday: readonly (readonly DaySpan[])[];
  /** Holidays as local dates counted in days since 1970-01-01 (what `Math.floor(wallClockMs / DAY)` gives). */
  readonly holidays: ReadonlySet<number>;
  /** 24×7 without holidays: every real instant is open, in any zone, so the arithmetic is plain addition. */
  readonly alwaysOpen: boolean;
  readonly zone: ZoneOffsets;
};

/**
 * Checks what the arithmetic relies on (a zone Intl knows, well-formed times and dates, some opening in the
 * week) and precomputes the rest. Overlapping intervals are merged rather than refused: their union is the
 * only sensible reading, and the admin API refuses them anyway.
 */
export function compileCalendar(calendar: BusinessCalendar): CompiledCalendar {
  const openByWeekday = weekdays.map((day) => compileDay(day, calendar.hours[day] ?? []));
  if (openByWeekday.every((spans) => spans.length === 0)) {
    throw new CalendarError(
      "The calendar has no opening hours in the week: no due time could ever be reached",
    );
  }
  const holidays = new Set(calendar.holidays.map(parseHoliday));
  const alwaysOpen =
    holidays.size === 0 &&
    openByWeekday.every((spans) => spans.length === 1 && spans[0]?.from === 0 && spans[0]?.to === DAY);
  return {
    timeZone: calendar.timeZone,
    openByWeekday,
    holidays,
    alwaysOpen,
    zone: zoneFor(calendar.timeZone),
  };
}

function zoneFor(timeZone: string): ZoneOffsets {
  try {
    return zoneOffsets(timeZone);
  } catch (error) {
    if (error instanceof RangeError) throw new CalendarError(`Unknown time zone "${timeZone}"`);
    throw error;
  }
}

function compileDay(day: Weekday, intervals: readonly OpeningInterval[]): DaySpan[] {
  const spans = intervals.map(({ from, to }) => {
    const span = { from: parseClock(from), to: parseClock(to) };
    if (span.to <= span.from)
      throw new CalendarError(`${day} ${from}–${to}: an interval must end after it starts`);
    return span;
  });
  spans.sort((a, b) => a.from - b.from);
  const merged: DaySpan[] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span.from <= last.to)
      merged[merged.length - 1] = { from: last.from, to: Math.max(last.to, span.to) };
    else merged.push(span);
  }
  return merged;
}

/** "HH:MM" (00:00–24:00) as ms after midnight. */
function parseClock(text: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  if (!match || hours > 24 || minutes > 59 || (hours === 24 && minutes > 0)) {
    throw new CalendarError(`"${text}" is not a time of day (HH:MM, 00:00–24:00)`);
  }
  return (hours * 60 + minutes) * MINUTE;
}

/** "YYYY-MM-DD" as days since 1970-01-01. */
function parseHoliday(text: string): number {
  // By the numbers: parsing "YYYY-MM-DDT00:00:00Z" as a Date string cost about 4 µs a holiday.
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const [year, month, day] = [Number(match?.[1]), Number(match?.[2]), Number(match?.[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  // The round trip refuses dates such as 2026-02-30 that Date.UTC would roll over into March.
  if (
    !match ||
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  ) {
    throw new CalendarError(`Holiday "${text}" is not a date (YYYY-MM-DD)`);
  }
  return date.getTime() / DAY;
}
