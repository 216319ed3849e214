import { CalendarError, type CompiledCalendar, type DaySpan } from "./compile-calendar.js";

export { CalendarError, type CompiledCalendar, compileCalendar } from "./compile-calendar.js";

/**
 * Business time (SPEC §7): due times and elapsed business time over a compiled calendar. Pure functions of
 * the calendar and instants; the only outside state is the zone's offset cache (zone-offsets.ts).
 *
 * What counts: a real instant is open when its wall clock in the calendar's zone (date and time of day)
 * falls in an opening of that weekday and the date is not a holiday. Business time is the real time spent
 * in open instants. So on DST days 09:00–17:00 stays 8 hours, 00:00–24:00 is 23 or 25, an hour the clock
 * skips is never open, an hour it repeats counts both times, and a night shift written as Mon 22:00–24:00
 * plus Tue 00:00–06:00 runs on without a break. A 24×7 calendar is continuous real time in every zone: its
 * DST day has 23 or 25 business hours like any other clock-driven count.
 *
 * Precision: a Date holds milliseconds, so a number of minutes is rounded to the nearest millisecond and a
 * measured duration is exact to the millisecond (whole minutes stay whole).
 */

const MINUTE = 60_000;
const DAY = 86_400_000;
const YEAR = 365.25 * DAY;
/** add() gives up after this much calendar time without an opening (holidays closing every one of them). */
const MAX_CLOSED_SPAN = 10 * YEAR;
/** Far above any SLA target, low enough that a walk over it stays well under a second. */
export const MAX_BUSINESS_MINUTES = 10 * 365 * 24 * 60;
/** A measured span over a century is refused rather than walked day by day. */
const MAX_MEASURED_SPAN = 100 * YEAR;
const NO_SPANS: readonly DaySpan[] = [];

/**
 * The instant at which `minutes` of business time have passed since `start`: the earliest instant t ≥ start
 * with businessMinutesBetween(start, t) = minutes. Hence
 * - 0 minutes returns `start` unchanged, open or not;
 * - from a closed instant the count starts at the next opening;
 * - a target that is used up exactly at a closing returns that closing (09:00 + 8 h in a 9–17 calendar is
 *   17:00 the same day), not the next opening;
 * - add(add(s, a), b) equals add(s, a + b) for all a, b ≥ 0 (whole milliseconds).
 * Throws a RangeError for negative, non-finite or absurd (> MAX_BUSINESS_MINUTES) minutes, and a
 * CalendarError when holidays leave no opening for ten years.
 */
export function addBusinessMinutes(cal: CompiledCalendar, start: Date, minutes: number): Date {
  if (!Number.isFinite(minutes) || minutes < 0 || minutes > MAX_BUSINESS_MINUTES) {
    throw new RangeError(`Business minutes must be between 0 and ${MAX_BUSINESS_MINUTES}, not ${minutes}`);
  }
  let need = Math.round(minutes * MINUTE);
  let at = instantOf(start);
  if (need === 0) return new Date(at);
  if (cal.alwaysOpen) return dateOf(at + need);
  let lastOpen = at;
  for (;;) {
    const { end, offset } = cal.zone.spanAt(at);
    const open = openMsInWallClock(cal, at + offset, end + offset);
    if (open >= need) return dateOf(reachInWallClock(cal, at + offset, need) - offset);
    if (open > 0) lastOpen = end;
    else if (end - lastOpen > MAX_CLOSED_SPAN) {
      throw new CalendarError(
        `No opening hours for ten years after ${new Date(lastOpen).toISOString()} in this calendar (are they all holidays?)`,
      );
    }
    need -= open;
    at = end;
  }
}

/** Business minutes in [from, to); 0 when `to` is not after `from`. Fractional, exact to the millisecond. */
export function businessMinutesBetween(cal: CompiledCalendar, from: Date, to: Date): number {
  const last = instantOf(to);
  let at = instantOf(from);
  if (last <= at) return 0;
  if (last - at > MAX_MEASURED_SPAN) throw new RangeError("Business time is measured over at most a century");
  if (cal.alwaysOpen) return (last - at) / MINUTE;
  let total = 0;
  while (at < last) {
    const { end, offset } = cal.zone.spanAt(at);
    const until = Math.min(end, last);
    total += openMsInWallClock(cal, at + offset, until + offset);
    at = until;
  }
  return total / MINUTE;
}

/** Whether the calendar is open at `instant` (an opening's start is open, its end is not). */
export function isOpenAt(cal: CompiledCalendar, instant: Date): boolean {
  const at = instantOf(instant);
  if (cal.alwaysOpen) return true;
  const wall = at + cal.zone.spanAt(at).offset;
  const day = Math.floor(wall / DAY);
  if (cal.holidays.has(day)) return false;
  const time = wall - day * DAY;
  return spansOn(cal, day).some((span) => span.from <= time && time < span.to);
}

/**
 * Open ms in the wall-clock range [from, to) (ms since 1970-01-01 as read on the zone's clock). Callers pass a
 * range within one stretch of constant offset, where wall clock and real time advance together.
 */
function openMsInWallClock(cal: CompiledCalendar, from: number, to: number): number {
  let total = 0;
  for (let day = Math.floor(from / DAY); day * DAY < to; day++) {
    if (cal.holidays.has(day)) continue;
    const midnight = day * DAY;
    for (const span of spansOn(cal, day)) {
      const open = Math.min(midnight + span.to, to) - Math.max(midnight + span.from, from);
      if (open > 0) total += open;
    }
  }
  return total;
}

/** The wall-clock instant at which `need` open ms have passed since `from`; the caller knows they will. */
function reachInWallClock(cal: CompiledCalendar, from: number, need: number): number {
  let left = need;
  for (let day = Math.floor(from / DAY); ; day++) {
    if (cal.holidays.has(day)) continue;
    const midnight = day * DAY;
    for (const span of spansOn(cal, day)) {
      const opens = Math.max(midnight + span.from, from);
      const open = midnight + span.to - opens;
      if (open <= 0) continue;
      if (open >= left) return opens + left;
      left -= open;
    }
  }
}

function spansOn(cal: CompiledCalendar, day: number): readonly DaySpan[] {
  // 1970-01-01 was a Thursday: index 3 with Monday first.
  return cal.openByWeekday[(((day + 3) % 7) + 7) % 7] ?? NO_SPANS;
}

function instantOf(date: Date): number {
  const at = date.getTime();
  if (Number.isNaN(at)) throw new RangeError("Invalid Date");
  return at;
}

function dateOf(at: number): Date {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) throw new RangeError("The due time lies beyond the range of Date");
  return date;
}
