/**
 * A business calendar (SPEC §7) as the API writes it and the time arithmetic reads it: a time zone,
 * weekly opening hours as wall-clock intervals in that zone, and holidays (whole days in that zone).
 *
 * Decisions:
 * - An interval is `from` < `to`, both "HH:MM", `to` may be "24:00". An interval never wraps past
 *   midnight; a night shift is written as two intervals (Mon 22:00–24:00, Tue 00:00–06:00), which the
 *   arithmetic treats as one continuous stretch. A reversed interval is a validation error.
 * - Intervals of one day may not overlap (touching is fine: 09:00–12:00 and 12:00–17:00).
 * - A holiday closes the whole calendar day (in the calendar's zone), including the part of a night
 *   shift that falls on it.
 * - Wall-clock hours follow the zone's clock on DST days: 09:00–17:00 stays 8 hours; 00:00–24:00 is 23
 *   or 25 hours; a time that does not exist (02:30 on a spring-forward night) starts at the next one.
 */
export const weekdays = [
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
] as const;
export type Weekday = (typeof weekdays)[number];

/** "HH:MM" (00:00–24:00). */
export type ClockTime = string;
export type OpeningInterval = { from: ClockTime; to: ClockTime };
export type WeeklyHours = Record<Weekday, readonly OpeningInterval[]>;

export type BusinessCalendar = {
  /** An IANA zone name, e.g. "Europe/Berlin". */
  timeZone: string;
  hours: WeeklyHours;
  /** "YYYY-MM-DD" dates in the calendar's zone. */
  holidays: readonly string[];
};

/** The default calendar: every minute counts (24×7). */
export const alwaysOpenCalendar: BusinessCalendar = {
  timeZone: "UTC",
  // Object.fromEntries types its keys as string; every weekday is there.
  hours: Object.fromEntries(
    weekdays.map((day) => [day, [{ from: "00:00", to: "24:00" }]]),
  ) as unknown as WeeklyHours,
  holidays: [],
};
