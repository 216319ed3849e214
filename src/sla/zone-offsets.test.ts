import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ZoneOffsets } from "./zone-offsets.js";

const HOUR = 3_600_000;

const DAY = 24 * HOUR;
const formats = new Map<string, Intl.DateTimeFormat>();

/** The offset as Intl names it ("GMT+05:30"), a second reading independent of the date-time fields. */
function namedOffset(timeZone: string, instant: number): number {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
    formats.set(timeZone, format);
  }
  const name = format.formatToParts(instant).find((part) => part.type === "timeZoneName")?.value;
  const match = /^GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(name ?? "");
  if (!match) throw new Error(`unexpected offset name ${name}`);
  const [, sign, hours = "0", minutes = "0", seconds = "0"] = match;
  return (sign === "-" ? -1 : 1) * ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000;
}

describe("ZoneOffsets", () => {
  it("finds Berlin's spring-forward at 01:00 UTC to the second", () => {
    const berlin = new ZoneOffsets("Europe/Berlin");
    expect(berlin.spanAt(Date.parse("2026-03-29T00:59:59.999Z"))).toEqual({
      start: Date.parse("2026-03-29T00:00Z"),
      end: Date.parse("2026-03-29T01:00Z"),
      offset: HOUR,
    });
    expect(berlin.spanAt(Date.parse("2026-03-29T01:00Z"))).toEqual({
      start: Date.parse("2026-03-29T01:00Z"),
      end: Date.parse("2026-03-30T00:00Z"),
      offset: 2 * HOUR,
    });
  });

  it("keeps a day whole when the change falls exactly on the next UTC midnight (Asia/Jerusalem)", () => {
    const jerusalem = new ZoneOffsets("Asia/Jerusalem");
    expect(jerusalem.spanAt(Date.parse("2026-03-26T23:59:59Z"))).toEqual({
      start: Date.parse("2026-03-26T00:00Z"),
      end: Date.parse("2026-03-27T00:00Z"),
      offset: 2 * HOUR,
    });
    expect(jerusalem.spanAt(Date.parse("2026-03-27T00:00Z")).offset).toBe(3 * HOUR);
  });

  it("agrees with the offset Intl names, in every zone, at any instant", () => {
    const zones = Intl.supportedValuesOf("timeZone");
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(1950, 0, 1), max: Date.UTC(2040, 0, 1) }),
        (timeZone, instant) => {
          const span = new ZoneOffsets(timeZone).spanAt(instant);
          expect(span.start).toBeLessThanOrEqual(instant);
          expect(span.end).toBeGreaterThan(instant);
          expect(span.offset).toBe(namedOffset(timeZone, instant));
          expect(span.offset).toBe(namedOffset(timeZone, span.start));
          expect(span.offset).toBe(namedOffset(timeZone, span.end - 1));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("finds every change of a year at the instant Intl changes its offset", () => {
    const zones = [
      "Australia/Lord_Howe",
      "Pacific/Chatham",
      "America/Sao_Paulo",
      "Europe/London",
      "Africa/Casablanca",
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2035, 0, 1) }),
        (timeZone, from) => {
          const zone = new ZoneOffsets(timeZone);
          let span = zone.spanAt(from);
          while (span.end < from + 366 * DAY) {
            const next = zone.spanAt(span.end);
            expect(next.start).toBe(span.end);
            if (next.offset !== span.offset) {
              expect(namedOffset(timeZone, next.start - 1000)).toBe(span.offset);
              expect(namedOffset(timeZone, next.start)).toBe(next.offset);
            }
            span = next;
          }
        },
      ),
      { numRuns: 15 },
    );
  });

  it("throws a RangeError for a zone Intl does not know", () => {
    expect(() => new ZoneOffsets("Mars/Olympus_Mons")).toThrow(RangeError);
  });
});
