import { describe, expect, it } from "vitest";
import { at, buildCalendar, everyDay, officeHours, on } from "./business-time.fixtures.js";
import {
  addBusinessMinutes,
  businessMinutesBetween,
  CalendarError,
  compileCalendar,
  isOpenAt,
} from "./business-time.js";
import { alwaysOpenCalendar } from "./calendar.js";

const allDay = { from: "00:00", to: "24:00" };

describe("compileCalendar", () => {
  it("refuses a week without opening hours", () => {
    expect(() => compileCalendar(buildCalendar())).toThrow(CalendarError);
    expect(() => compileCalendar(buildCalendar())).toThrow(/no opening hours in the week/);
  });

  it("refuses a zone Intl does not know", () => {
    expect(() => compileCalendar(officeHours("Europe/Atlantis"))).toThrow(
      /Unknown time zone "Europe\/Atlantis"/,
    );
  });

  it.each([
    ["9:00", "17:00"],
    ["09:00", "24:30"],
    ["09:60", "17:00"],
    ["17:00", "09:00"],
    ["09:00", "09:00"],
  ])("refuses the interval %s–%s", (from, to) => {
    expect(() => compileCalendar(buildCalendar({ hours: { monday: [{ from, to }] } }))).toThrow(
      CalendarError,
    );
  });

  it.each(["2026-02-30", "2026-1-05", "05.01.2026"])("refuses the holiday %s", (holiday) => {
    expect(() => compileCalendar(officeHours("UTC", [holiday]))).toThrow(/not a date/);
  });

  it("counts overlapping intervals once", () => {
    const cal = compileCalendar(
      buildCalendar({
        hours: {
          monday: [
            { from: "11:00", to: "13:00" },
            { from: "09:00", to: "12:00" },
          ],
        },
      }),
    );
    expect(businessMinutesBetween(cal, at("2026-01-12T00:00Z"), at("2026-01-13T00:00Z"))).toBe(240);
  });

  it("marks 24×7 without holidays as always open, in any zone", () => {
    expect(compileCalendar(alwaysOpenCalendar).alwaysOpen).toBe(true);
    const berlin = buildCalendar({ timeZone: "Europe/Berlin", hours: on(everyDay, allDay) });
    expect(compileCalendar(berlin).alwaysOpen).toBe(true);
    expect(compileCalendar({ ...berlin, holidays: ["2026-12-25"] }).alwaysOpen).toBe(false);
  });
});

describe("9–17 Monday to Friday in Europe/Berlin", () => {
  const cal = compileCalendar(officeHours("Europe/Berlin"));

  it("carries Friday 16:00 + 2 h over the weekend to Monday 10:00", () => {
    expect(addBusinessMinutes(cal, at("2026-01-16T16:00+01:00"), 120)).toEqual(at("2026-01-19T10:00+01:00"));
    // The same across the spring-forward weekend: Monday's 10:00 is summer time.
    expect(addBusinessMinutes(cal, at("2026-03-27T16:00+01:00"), 120)).toEqual(at("2026-03-30T10:00+02:00"));
  });

  it("skips holidays", () => {
    const easter = compileCalendar(officeHours("Europe/Berlin", ["2026-04-03", "2026-04-06"]));
    expect(addBusinessMinutes(easter, at("2026-04-02T16:00+02:00"), 120)).toEqual(
      at("2026-04-07T10:00+02:00"),
    );
    expect(businessMinutesBetween(easter, at("2026-04-02T00:00+02:00"), at("2026-04-08T00:00+02:00"))).toBe(
      960,
    );
  });

  it("starts counting on Saturday at Monday's opening", () => {
    expect(addBusinessMinutes(cal, at("2026-01-17T10:00+01:00"), 60)).toEqual(at("2026-01-19T10:00+01:00"));
  });

  it("returns the start unchanged for 0 minutes, open or closed", () => {
    expect(addBusinessMinutes(cal, at("2026-01-17T10:00+01:00"), 0)).toEqual(at("2026-01-17T10:00+01:00"));
    expect(addBusinessMinutes(cal, at("2026-01-19T10:00+01:00"), 0)).toEqual(at("2026-01-19T10:00+01:00"));
  });

  it("ends a target used up at closing time at the closing, not at the next opening", () => {
    expect(addBusinessMinutes(cal, at("2026-01-19T09:00+01:00"), 480)).toEqual(at("2026-01-19T17:00+01:00"));
    expect(addBusinessMinutes(cal, at("2026-01-19T09:00+01:00"), 481)).toEqual(at("2026-01-20T09:01+01:00"));
  });

  it("rounds fractional minutes to the millisecond", () => {
    const monday = at("2026-01-19T09:00+01:00");
    expect(addBusinessMinutes(cal, monday, 0.5).getTime() - monday.getTime()).toBe(30_000);
    expect(addBusinessMinutes(cal, monday, 1 / 3).getTime() - monday.getTime()).toBe(20_000);
    expect(addBusinessMinutes(cal, monday, 0.00001).getTime() - monday.getTime()).toBe(1);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, 1e9])("refuses %s minutes", (minutes) => {
    expect(() => addBusinessMinutes(cal, at("2026-01-19T09:00+01:00"), minutes)).toThrow(RangeError);
  });

  it("measures [from, to), in fractions of a minute, and nothing backwards", () => {
    expect(businessMinutesBetween(cal, at("2026-01-19T00:00+01:00"), at("2026-01-26T00:00+01:00"))).toBe(
      2400,
    );
    expect(
      businessMinutesBetween(cal, at("2026-01-19T16:59:30+01:00"), at("2026-01-20T09:00:15+01:00")),
    ).toBe(0.75);
    expect(businessMinutesBetween(cal, at("2026-01-19T12:00+01:00"), at("2026-01-19T12:00+01:00"))).toBe(0);
    expect(businessMinutesBetween(cal, at("2026-01-19T12:00+01:00"), at("2026-01-19T11:00+01:00"))).toBe(0);
  });

  it("is open from the opening up to, not at, the closing", () => {
    expect(isOpenAt(cal, at("2026-01-19T09:00+01:00"))).toBe(true);
    expect(isOpenAt(cal, at("2026-01-19T16:59:59.999+01:00"))).toBe(true);
    expect(isOpenAt(cal, at("2026-01-19T17:00+01:00"))).toBe(false);
    expect(isOpenAt(cal, at("2026-01-17T12:00+01:00"))).toBe(false);
    const holiday = compileCalendar(officeHours("Europe/Berlin", ["2026-01-19"]));
    expect(isOpenAt(holiday, at("2026-01-19T12:00+01:00"))).toBe(false);
  });
});

describe("DST days follow the wall clock (Europe/Berlin, 2026)", () => {
  const sundays = (...intervals: { from: string; to: string }[]) =>
    compileCalendar(buildCalendar({ timeZone: "Europe/Berlin", hours: { sunday: intervals } }));

  it("gives 00:00–24:00 23 hours on the spring-forward Sunday and 25 on the fall-back one", () => {
    const cal = sundays(allDay);
    expect(businessMinutesBetween(cal, at("2026-03-28T12:00+01:00"), at("2026-03-30T12:00+02:00"))).toBe(
      23 * 60,
    );
    expect(businessMinutesBetween(cal, at("2026-10-24T12:00+02:00"), at("2026-10-26T12:00+01:00"))).toBe(
      25 * 60,
    );
    expect(addBusinessMinutes(cal, at("2026-03-28T12:00+01:00"), 23 * 60)).toEqual(
      at("2026-03-30T00:00+02:00"),
    );
    expect(addBusinessMinutes(cal, at("2026-10-24T12:00+02:00"), 25 * 60)).toEqual(
      at("2026-10-26T00:00+01:00"),
    );
    expect(addBusinessMinutes(cal, at("2026-03-28T12:00+01:00"), 180)).toEqual(at("2026-03-29T04:00+02:00"));
  });

  it("gives 01:00–04:00 two real hours in spring and four in autumn", () => {
    const cal = sundays({ from: "01:00", to: "04:00" });
    expect(businessMinutesBetween(cal, at("2026-03-28T12:00+01:00"), at("2026-03-30T12:00+02:00"))).toBe(120);
    expect(addBusinessMinutes(cal, at("2026-03-28T12:00+01:00"), 60)).toEqual(at("2026-03-29T03:00+02:00"));
    expect(addBusinessMinutes(cal, at("2026-03-28T12:00+01:00"), 120)).toEqual(at("2026-03-29T04:00+02:00"));

    expect(businessMinutesBetween(cal, at("2026-10-24T12:00+02:00"), at("2026-10-26T12:00+01:00"))).toBe(240);
    expect(addBusinessMinutes(cal, at("2026-10-24T12:00+02:00"), 60)).toEqual(at("2026-10-25T02:00+02:00"));
    // The repeated hour: 02:00 comes twice, and the second one is 120 minutes into the interval.
    expect(addBusinessMinutes(cal, at("2026-10-24T12:00+02:00"), 120)).toEqual(at("2026-10-25T02:00+01:00"));
    expect(addBusinessMinutes(cal, at("2026-10-24T12:00+02:00"), 240)).toEqual(at("2026-10-25T04:00+01:00"));
  });

  it("never opens an hour the clock skips, and opens a repeated hour twice", () => {
    const cal = sundays({ from: "02:00", to: "03:00" });
    expect(businessMinutesBetween(cal, at("2026-03-28T12:00+01:00"), at("2026-03-30T12:00+02:00"))).toBe(0);
    expect(addBusinessMinutes(cal, at("2026-03-28T12:00+01:00"), 1)).toEqual(at("2026-04-05T02:01+02:00"));
    expect(businessMinutesBetween(cal, at("2026-10-24T12:00+02:00"), at("2026-10-26T12:00+01:00"))).toBe(120);
  });

  it("starts an interval whose opening the clock skips at the next time that exists", () => {
    const cal = sundays({ from: "02:30", to: "05:00" });
    expect(addBusinessMinutes(cal, at("2026-03-28T12:00+01:00"), 1)).toEqual(at("2026-03-29T03:01+02:00"));
    expect(isOpenAt(cal, at("2026-03-29T01:59+01:00"))).toBe(false);
    expect(isOpenAt(cal, at("2026-03-29T03:00+02:00"))).toBe(true);
  });

  it("keeps 09:00–17:00 at 8 hours", () => {
    const cal = sundays({ from: "09:00", to: "17:00" });
    expect(businessMinutesBetween(cal, at("2026-03-29T00:00+01:00"), at("2026-03-30T00:00+02:00"))).toBe(480);
    expect(businessMinutesBetween(cal, at("2026-10-25T00:00+02:00"), at("2026-10-26T00:00+01:00"))).toBe(480);
  });
});

describe("DST days in America/New_York (2026-03-08 and 2026-11-01)", () => {
  it("carries a Friday target over the spring-forward weekend", () => {
    const cal = compileCalendar(officeHours("America/New_York"));
    expect(addBusinessMinutes(cal, at("2026-03-06T16:00-05:00"), 120)).toEqual(at("2026-03-09T10:00-04:00"));
    expect(addBusinessMinutes(cal, at("2026-10-30T16:00-04:00"), 120)).toEqual(at("2026-11-02T10:00-05:00"));
  });

  it("gives the Sundays 23 and 25 hours, and 01:00–03:00 one hour and three", () => {
    const whole = compileCalendar(
      buildCalendar({ timeZone: "America/New_York", hours: { sunday: [allDay] } }),
    );
    expect(businessMinutesBetween(whole, at("2026-03-07T12:00-05:00"), at("2026-03-09T12:00-04:00"))).toBe(
      1380,
    );
    expect(businessMinutesBetween(whole, at("2026-10-31T12:00-04:00"), at("2026-11-02T12:00-05:00"))).toBe(
      1500,
    );
    const night = compileCalendar(
      buildCalendar({ timeZone: "America/New_York", hours: { sunday: [{ from: "01:00", to: "03:00" }] } }),
    );
    expect(businessMinutesBetween(night, at("2026-03-07T12:00-05:00"), at("2026-03-09T12:00-04:00"))).toBe(
      60,
    );
    expect(businessMinutesBetween(night, at("2026-10-31T12:00-04:00"), at("2026-11-02T12:00-05:00"))).toBe(
      180,
    );
    // 01:00–01:59 comes twice (EDT, then EST): an hour in, the clock reads 01:00 again.
    expect(addBusinessMinutes(night, at("2026-10-31T12:00-04:00"), 60)).toEqual(at("2026-11-01T01:00-05:00"));
    expect(addBusinessMinutes(night, at("2026-10-31T12:00-04:00"), 120)).toEqual(
      at("2026-11-01T02:00-05:00"),
    );
  });
});

describe("a night shift, Monday 22:00–24:00 and Tuesday 00:00–06:00 (Europe/Berlin)", () => {
  const shift = (holidays: string[] = []) =>
    compileCalendar(
      buildCalendar({
        timeZone: "Europe/Berlin",
        hours: { monday: [{ from: "22:00", to: "24:00" }], tuesday: [{ from: "00:00", to: "06:00" }] },
        holidays,
      }),
    );

  it("counts on across midnight", () => {
    const cal = shift();
    expect(addBusinessMinutes(cal, at("2026-01-12T23:00+01:00"), 120)).toEqual(at("2026-01-13T01:00+01:00"));
    expect(addBusinessMinutes(cal, at("2026-01-12T21:00+01:00"), 480)).toEqual(at("2026-01-13T06:00+01:00"));
    expect(businessMinutesBetween(cal, at("2026-01-12T20:00+01:00"), at("2026-01-13T12:00+01:00"))).toBe(480);
    expect(isOpenAt(cal, at("2026-01-13T00:00+01:00"))).toBe(true);
  });

  it("loses the half that falls on a holiday", () => {
    const tuesdayOff = shift(["2026-01-13"]);
    expect(addBusinessMinutes(tuesdayOff, at("2026-01-12T23:00+01:00"), 120)).toEqual(
      at("2026-01-19T23:00+01:00"),
    );
    const mondayOff = shift(["2026-01-12"]);
    expect(
      businessMinutesBetween(mondayOff, at("2026-01-12T20:00+01:00"), at("2026-01-13T12:00+01:00")),
    ).toBe(360);
  });
});

describe("24×7", () => {
  it("is plain arithmetic in UTC", () => {
    const cal = compileCalendar(alwaysOpenCalendar);
    expect(addBusinessMinutes(cal, at("2026-01-17T10:00Z"), 90)).toEqual(at("2026-01-17T11:30Z"));
    expect(addBusinessMinutes(cal, at("2026-01-17T10:00Z"), 2.5)).toEqual(at("2026-01-17T10:02:30Z"));
    expect(businessMinutesBetween(cal, at("2026-01-17T10:00Z"), at("2026-01-18T10:00:30Z"))).toBe(1440.5);
    expect(isOpenAt(cal, at("2026-01-17T03:00Z"))).toBe(true);
  });

  it("is continuous real time in a DST zone: the spring-forward day has 23 business hours", () => {
    const hours = on(everyDay, allDay);
    const berlin = compileCalendar(buildCalendar({ timeZone: "Europe/Berlin", hours }));
    // An unrelated holiday sends the same calendar through the day-by-day walk instead of plain arithmetic.
    const walked = compileCalendar(
      buildCalendar({ timeZone: "Europe/Berlin", hours, holidays: ["2026-12-25"] }),
    );
    for (const cal of [berlin, walked]) {
      expect(businessMinutesBetween(cal, at("2026-03-29T00:00+01:00"), at("2026-03-30T00:00+02:00"))).toBe(
        1380,
      );
      expect(businessMinutesBetween(cal, at("2026-10-25T00:00+02:00"), at("2026-10-26T00:00+01:00"))).toBe(
        1500,
      );
      // 24 real hours after Saturday noon the wall clock reads 13:00.
      expect(addBusinessMinutes(cal, at("2026-03-28T12:00+01:00"), 1440)).toEqual(
        at("2026-03-29T13:00+02:00"),
      );
    }
    expect(businessMinutesBetween(walked, at("2026-12-24T00:00+01:00"), at("2026-12-27T00:00+01:00"))).toBe(
      2880,
    );
  });
});

describe("holidays closing every opening", () => {
  // Open on Mondays only, and every Monday from 2026-01-05 on is a holiday for `years` years.
  const mondaysOff = (years: number) => {
    const holidays = Array.from({ length: Math.ceil(years * 52.2) }, (_, week) =>
      new Date(Date.UTC(2026, 0, 5 + 7 * week)).toISOString().slice(0, 10),
    );
    return compileCalendar(buildCalendar({ hours: { monday: [{ from: "09:00", to: "17:00" }] }, holidays }));
  };

  it("give up after ten years with a CalendarError, quickly", () => {
    const cal = mondaysOff(12);
    const started = performance.now();
    expect(() => addBusinessMinutes(cal, at("2026-01-01T00:00Z"), 60)).toThrow(CalendarError);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("are waited out when they end sooner", () => {
    const cal = mondaysOff(5);
    expect(addBusinessMinutes(cal, at("2026-01-01T00:00Z"), 60)).toEqual(at("2031-01-06T10:00Z"));
  });
});

describe("limits", () => {
  it("refuses to measure over a century", () => {
    const cal = compileCalendar(officeHours("UTC"));
    expect(() => businessMinutesBetween(cal, at("1990-01-01T00:00Z"), at("2100-01-01T00:00Z"))).toThrow(
      RangeError,
    );
  });

  it("refuses an Invalid Date", () => {
    const cal = compileCalendar(officeHours("UTC"));
    expect(() => addBusinessMinutes(cal, new Date(Number.NaN), 1)).toThrow(RangeError);
    expect(() => businessMinutesBetween(cal, new Date(Number.NaN), new Date())).toThrow(RangeError);
    expect(() => isOpenAt(compileCalendar(alwaysOpenCalendar), new Date(Number.NaN))).toThrow(RangeError);
  });
});
