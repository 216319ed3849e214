const QUARTER_HOUR = 15 * 60_000;

/**
 * Hands out ticket numbers T-YYYYMMDD-NNNN for tickets created in time order, dated in the
 * configured time zone and continuing each day's existing counter, so tickets created later
 * through the app carry on without a gap.
 */
export class DemoTicketNumbers {
  private readonly format: Intl.DateTimeFormat;
  private readonly counters: Map<string, number>;
  private readonly touched = new Set<string>();
  // Every time zone in use today is offset by a multiple of 15 minutes, so a quarter hour is one day.
  private cachedQuarter = Number.NaN;
  private cachedDay = "";

  constructor(timeZone: string, existing: ReadonlyMap<string, number> = new Map()) {
    this.format = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    this.counters = new Map(existing);
  }

  /** The calendar day (YYYY-MM-DD) of an instant in the time zone. */
  day(at: Date): string {
    const quarter = Math.floor(at.getTime() / QUARTER_HOUR);
    if (quarter !== this.cachedQuarter) {
      this.cachedQuarter = quarter;
      this.cachedDay = this.format.format(at);
    }
    return this.cachedDay;
  }

  next(createdAt: Date): string {
    const day = this.day(createdAt);
    const n = (this.counters.get(day) ?? 0) + 1;
    this.counters.set(day, n);
    this.touched.add(day);
    return `T-${day.replaceAll("-", "")}-${String(n).padStart(4, "0")}`;
  }

  /** The last number of every day that got new tickets, for ticket_counters. */
  changedCounters(): { day: string; last: number }[] {
    return [...this.touched].sort().map((day) => ({ day, last: this.counters.get(day) ?? 0 }));
  }
}
