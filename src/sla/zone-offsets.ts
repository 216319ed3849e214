const SECOND = 1000;
const DAY = 86_400_000;
/** A cache bound far above any real use (a day per entry), so a long-running server cannot grow it forever. */
const MAX_CACHED_DAYS = 100_000;

/** A stretch of real time in which a zone's UTC offset does not change. */
export type OffsetSpan = {
  /** First instant (ms since the epoch) of the stretch. */
  readonly start: number;
  /** First instant after it. */
  readonly end: number;
  /** Wall clock minus UTC, in ms. */
  readonly offset: number;
};

/**
 * A time zone's UTC offset at any instant, read from Intl (the platform's tz database: no offset tables of
 * our own) and cached per UTC day, because one Intl call costs several microseconds while the business-time
 * walk asks about the same few days again and again.
 *
 * A day's offset is read at its start and at the next day's start; when they differ, the change is found by
 * bisection to the second (tz transitions fall on whole seconds), and the rest of the day is checked the
 * same way. A zone that changed its offset and changed it back within one UTC day would go unseen; the tz
 * database has no such day that we know of.
 */
export class ZoneOffsets {
  private readonly format: Intl.DateTimeFormat;
  private readonly days = new Map<number, readonly OffsetSpan[]>();
  private readonly dayStartOffsets = new Map<number, number>();

  /** Throws a RangeError when Intl does not know the zone. */
  constructor(readonly timeZone: string) {
    this.format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  }

  /** The stretch of constant offset that holds `instant` (ms); it never reaches past the instant's UTC day. */
  spanAt(instant: number): OffsetSpan {
    const day = Math.floor(instant / DAY);
    let spans = this.days.get(day);
    if (!spans) {
      if (this.days.size >= MAX_CACHED_DAYS) this.days.clear();
      spans = this.spansOf(day);
      this.days.set(day, spans);
    }
    for (const span of spans) if (instant < span.end) return span;
    throw new Error(`no offset span holds ${instant} in ${this.timeZone}`);
  }

  /** The offset (ms) at an instant, straight from Intl, uncached. */
  offsetAt(instant: number): number {
    const second = Math.floor(instant / SECOND) * SECOND;
    const fields = wallClockFields(this.format, second);
    const wall = new Date(0);
    // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
    wall.setUTCFullYear(fields[0], fields[1] - 1, fields[2]);
    wall.setUTCHours(fields[3], fields[4], fields[5], 0);
    return wall.getTime() - second;
  }

  private spansOf(day: number): OffsetSpan[] {
    const end = (day + 1) * DAY;
    const offsetAtEnd = this.dayStartOffset(day + 1);
    const spans: OffsetSpan[] = [];
    let start = day * DAY;
    let offset = this.dayStartOffset(day);
    while (offset !== offsetAtEnd) {
      const change = this.firstChange(start, end, offset);
      // The offset changes exactly at the next day's start: this day is uniform.
      if (change === end) break;
      spans.push({ start, end: change, offset });
      start = change;
      offset = this.offsetAt(change);
    }
    spans.push({ start, end, offset });
    return spans;
  }

  private dayStartOffset(day: number): number {
    let offset = this.dayStartOffsets.get(day);
    if (offset === undefined) {
      if (this.dayStartOffsets.size >= MAX_CACHED_DAYS) this.dayStartOffsets.clear();
      offset = this.offsetAt(day * DAY);
      this.dayStartOffsets.set(day, offset);
    }
    return offset;
  }

  /** The first whole second in (from, to] whose offset is not `offset`, given that `to`'s is not. */
  private firstChange(from: number, to: number, offset: number): number {
    let low = from;
    let high = to;
    while (high - low > SECOND) {
      const middle = low + Math.floor((high - low) / (2 * SECOND)) * SECOND;
      if (this.offsetAt(middle) === offset) low = middle;
      else high = middle;
    }
    return high;
  }
}

// "12/31/2026, 23:59:59" in en-US with h23. Parsing format() is about three times faster than formatToParts;
// formatToParts stays as the fallback should a future ICU write the date differently.
const EN_US_DATE_TIME = /^(\d+)\/(\d+)\/(\d+),? (\d+):(\d+):(\d+)$/;

/** Year, month, day, hour, minute, second. */
type WallClock = readonly [number, number, number, number, number, number];

/** The wall clock's fields at `instant`. */
function wallClockFields(format: Intl.DateTimeFormat, instant: number): WallClock {
  const match = EN_US_DATE_TIME.exec(format.format(instant));
  if (match) {
    const [, month, day, year, hour, minute, second] = match.map(Number);
    return [year ?? 0, month ?? 0, day ?? 0, hour ?? 0, minute ?? 0, second ?? 0];
  }
  const parts = new Map(format.formatToParts(instant).map((part) => [part.type, Number(part.value)]));
  const field = (type: Intl.DateTimeFormatPartTypes) => parts.get(type) ?? 0;
  return [field("year"), field("month"), field("day"), field("hour"), field("minute"), field("second")];
}

const zones = new Map<string, ZoneOffsets>();

/** One shared cache per zone: every calendar in the same zone reads the same tz data. */
export function zoneOffsets(timeZone: string): ZoneOffsets {
  let zone = zones.get(timeZone);
  if (!zone) {
    zone = new ZoneOffsets(timeZone);
    zones.set(timeZone, zone);
  }
  return zone;
}
