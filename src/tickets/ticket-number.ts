/**
 * Ticket numbers: T-YYYYMMDD-NNNN, dated by the day of creation in the configured time zone.
 * The per-day counter lives in the database (ticket_counters); these are the pure parts.
 */

export const ticketNumberPattern = /^T-\d{8}-\d{4,}$/i;

const dayFormatters = new Map<string, Intl.DateTimeFormat>();
const clockFormatters = new Map<string, Intl.DateTimeFormat>();

function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    dayFormatters.set(timeZone, formatter);
  }
  return formatter;
}

function clockFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = clockFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    clockFormatters.set(timeZone, formatter);
  }
  return formatter;
}

function partsOf(formatter: Intl.DateTimeFormat, date: Date): Record<string, number> {
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(date)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return parts;
}

const pad = (value: number | undefined, width: number) => String(value ?? 0).padStart(width, "0");

/** The calendar day (YYYY-MM-DD) of an instant in a time zone: 23:30 UTC is already tomorrow in Asia/Bangkok. */
export function ticketDay(date: Date, timeZone: string): string {
  const p = partsOf(dayFormatter(timeZone), date);
  return `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)}`;
}

/** T-YYYYMMDD-0001; past 9999 the counter simply widens (T-20251119-10000). */
export function formatTicketNumber(day: string, n: number): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`Invalid ticket day ${day}`);
  if (!Number.isInteger(n) || n < 1) throw new Error(`Invalid ticket counter ${n}`);
  return `T-${day.replaceAll("-", "")}-${String(n).padStart(4, "0")}`;
}

/** How far a time zone's wall clock is ahead of UTC at an instant, in ms. */
function zoneOffsetMs(instant: Date, timeZone: string): number {
  const p = partsOf(clockFormatter(timeZone), instant);
  const wall = Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour, p.minute, p.second);
  return wall - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant a calendar day (YYYY-MM-DD) begins in a time zone (used for date-only filters). */
export function startOfDay(day: string, timeZone: string): Date {
  const [year, month, date] = day.split("-").map(Number);
  const midnightAsUtc = Date.UTC(year ?? 0, (month ?? 1) - 1, date ?? 1);
  // Two passes settle the offset when a DST change lies between the guess and the answer.
  let instant = midnightAsUtc - zoneOffsetMs(new Date(midnightAsUtc), timeZone);
  instant = midnightAsUtc - zoneOffsetMs(new Date(instant), timeZone);
  return new Date(instant);
}
