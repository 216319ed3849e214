import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addBusinessMinutes,
  businessMinutesBetween,
  type CompiledCalendar,
  compileCalendar,
  isOpenAt,
} from "./business-time.js";
import { type BusinessCalendar, type OpeningInterval, type WeeklyHours, weekdays } from "./calendar.js";

const MINUTE = 60_000;
const DAY = 86_400_000;
const zones = [
  "Asia/Kolkata",
  "Australia/Lord_Howe",
  "Pacific/Chatham",
  "America/Sao_Paulo",
  "Europe/London",
  "Europe/Berlin",
  "America/New_York",
  "UTC",
];

/** Days on which a zone's offset changes (2024–2030), read with Intl alone, to aim instants at DST days. */
function changeDays(timeZone: string): number[] {
  const format = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
  const offset = (day: number) =>
    format.formatToParts(day * DAY).find((part) => part.type === "timeZoneName")?.value;
  const days: number[] = [];
  for (let day = Date.UTC(2024, 0, 1) / DAY; day < Date.UTC(2031, 0, 1) / DAY; day++) {
    if (offset(day) !== offset(day + 1)) days.push(day);
  }
  return days;
}
const dstDays = new Map(zones.map((zone) => [zone, changeDays(zone)]));

const clock = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

/** A day's intervals from cut points; midnight and the small hours (where DST happens) come up often. */
const dayHours = fc
  .uniqueArray(fc.oneof(fc.integer({ min: 0, max: 1440 }), fc.constantFrom(0, 60, 120, 150, 180, 1440)), {
    maxLength: 6,
  })
  .map((cuts) => {
    const sorted = [...cuts].sort((a, b) => a - b);
    const intervals: OpeningInterval[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) {
      intervals.push({ from: clock(sorted[i] ?? 0), to: clock(sorted[i + 1] ?? 0) });
    }
    return intervals;
  });

/** Weekly hours with at least four open hours, so that a target of days is reached within weeks, not years. */
const weeklyHours: fc.Arbitrary<WeeklyHours> = fc
  .record({
    monday: dayHours,
    tuesday: dayHours,
    wednesday: dayHours,
    thursday: dayHours,
    friday: dayHours,
    saturday: dayHours,
    sunday: dayHours,
  })
  .filter((hours) => weeklyOpenMinutes(hours) >= 240);

function weeklyOpenMinutes(hours: WeeklyHours): number {
  const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));
  return weekdays
    .flatMap((day) => hours[day])
    .reduce((sum, interval) => sum + minutes(interval.to) - minutes(interval.from), 0);
}

/** A zone, and an instant (whole ms) either anywhere in 2024–2030 or within a day of one of its DST days. */
const zoneAndInstant = fc.constantFrom(...zones).chain((timeZone) => {
  const near = dstDays.get(timeZone) ?? [];
  const anywhere = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2030, 11, 1) });
  if (near.length === 0) return fc.tuple(fc.constant(timeZone), anywhere);
  const nearChange = fc
    .tuple(fc.constantFrom(...near), fc.integer({ min: -DAY, max: DAY }))
    .map(([day, offset]) => day * DAY + offset);
  return fc.tuple(fc.constant(timeZone), fc.oneof(anywhere, nearChange));
});

/** Holidays as days after the instant's UTC date, so that they fall where the arithmetic walks. */
const holidayOffsets = fc.uniqueArray(fc.integer({ min: -1, max: 40 }), { maxLength: 12 });

type Case = { calendar: BusinessCalendar; cal: CompiledCalendar; start: Date };
const cases: fc.Arbitrary<Case> = fc
  .tuple(zoneAndInstant, weeklyHours, holidayOffsets)
  .map(([[timeZone, instant], hours, offsets]) => {
    const startDay = Math.floor(instant / DAY);
    const holidays = offsets.map((offset) => new Date((startDay + offset) * DAY).toISOString().slice(0, 10));
    const calendar = { timeZone, hours, holidays };
    return { calendar, cal: compileCalendar(calendar), start: new Date(instant) };
  });

// Up to a week and a half of round-the-clock time: many weeks of a sparse calendar.
const wholeMinutes = fc.integer({ min: 0, max: 15_000 });
const anyMinutes = fc.oneof(wholeMinutes, fc.double({ min: 0, max: 15_000, noNaN: true }));

describe("business time, over random calendars, zones and instants", () => {
  it("measures back what it added: exactly for whole minutes, to the millisecond otherwise", () => {
    fc.assert(
      fc.property(cases, anyMinutes, ({ cal, start }, minutes) => {
        const due = addBusinessMinutes(cal, start, minutes);
        expect(businessMinutesBetween(cal, start, due)).toBe(Math.round(minutes * MINUTE) / MINUTE);
        expect(Math.abs(businessMinutesBetween(cal, start, due) - minutes)).toBeLessThanOrEqual(0.5 / MINUTE);
      }),
      { numRuns: 300 },
    );
  });

  it("returns the earliest such instant, and one in open time", () => {
    fc.assert(
      fc.property(cases, fc.integer({ min: 1, max: 15_000 }), ({ cal, start }, minutes) => {
        const due = addBusinessMinutes(cal, start, minutes);
        const justBefore = new Date(due.getTime() - 1);
        expect(businessMinutesBetween(cal, start, justBefore)).toBeLessThan(minutes);
        expect(isOpenAt(cal, justBefore)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("gives later or equal due times for more minutes", () => {
    fc.assert(
      fc.property(cases, anyMinutes, anyMinutes, ({ cal, start }, a, b) => {
        const [less, more] = a <= b ? [a, b] : [b, a];
        expect(addBusinessMinutes(cal, start, less).getTime()).toBeLessThanOrEqual(
          addBusinessMinutes(cal, start, more).getTime(),
        );
      }),
      { numRuns: 200 },
    );
  });

  it("adds in steps as in one: add(add(s, a), b) = add(s, a + b)", () => {
    fc.assert(
      fc.property(cases, wholeMinutes, wholeMinutes, ({ cal, start }, a, b) => {
        expect(addBusinessMinutes(cal, addBusinessMinutes(cal, start, a), b)).toEqual(
          addBusinessMinutes(cal, start, a + b),
        );
      }),
      { numRuns: 200 },
    );
  });

  it("measures a span as the sum of its parts", () => {
    fc.assert(
      fc.property(
        cases,
        fc.integer({ min: 0, max: 20 * DAY }),
        fc.integer({ min: 0, max: 20 * DAY }),
        ({ cal, start }, a, b) => {
          const middle = new Date(start.getTime() + a);
          const end = new Date(middle.getTime() + b);
          const parts = businessMinutesBetween(cal, start, middle) + businessMinutesBetween(cal, middle, end);
          expect(parts).toBeCloseTo(businessMinutesBetween(cal, start, end), 9);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("agrees with reading the wall clock minute by minute", () => {
    fc.assert(
      fc.property(cases, fc.integer({ min: 0, max: 2 * 24 * 60 }), ({ calendar, cal, start }, minutes) => {
        const from = Math.floor(start.getTime() / MINUTE) * MINUTE;
        const to = from + minutes * MINUTE;
        let open = 0;
        for (let at = from; at < to; at += MINUTE) if (openOnTheWallClock(calendar, at)) open += 1;
        expect(businessMinutesBetween(cal, new Date(from), new Date(to))).toBe(open);
      }),
      { numRuns: 25 },
    );
  });
});

const wallClocks = new Map<string, Intl.DateTimeFormat>();

/**
 * The definition, read straight off Intl (date, weekday and time in the zone), without the arithmetic's day
 * numbers or offset cache. Every zone in the list has whole-minute offsets, so a minute is open or closed whole.
 */
function openOnTheWallClock(calendar: BusinessCalendar, instant: number): boolean {
  let format = wallClocks.get(calendar.timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: calendar.timeZone,
      hourCycle: "h23",
      weekday: "long",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    wallClocks.set(calendar.timeZone, format);
  }
  const parts = new Map(format.formatToParts(instant).map((part) => [part.type, part.value]));
  const date = `${parts.get("year")}-${parts.get("month")}-${parts.get("day")}`;
  if (calendar.holidays.includes(date)) return false;
  const time = `${parts.get("hour")}:${parts.get("minute")}`;
  const weekday = weekdays.find((day) => day === parts.get("weekday")?.toLowerCase());
  if (!weekday) throw new Error(`unexpected weekday ${parts.get("weekday")}`);
  // "HH:MM" strings compare in time order.
  return calendar.hours[weekday].some((interval) => interval.from <= time && time < interval.to);
}
