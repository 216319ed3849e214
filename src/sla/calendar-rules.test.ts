import { describe, expect, it } from "vitest";
import { type CalendarInput, calendarProblems, isCalendarDate, timeZoneName } from "./calendar-rules.js";

const nineToFive = { from: "09:00", to: "17:00" };
const fields = (input: CalendarInput) => calendarProblems(input).map((p) => p.path.join("."));

describe("calendarProblems", () => {
  it("accepts a sound calendar: touching intervals, 24:00, a night shift split at midnight, holidays", () => {
    expect(
      calendarProblems({
        time_zone: "Europe/Berlin",
        hours: {
          monday: [
            { from: "13:00", to: "17:00" },
            { from: "09:00", to: "13:00" },
          ],
          tuesday: [{ from: "22:00", to: "24:00" }],
          wednesday: [{ from: "00:00", to: "06:00" }],
          sunday: [],
        },
        holidays: ["2026-12-25", "2028-02-29"],
      }),
    ).toEqual([]);
    expect(calendarProblems({ time_zone: "UTC" })).toEqual([]);
    expect(calendarProblems({})).toEqual([]);
  });

  it("names an unknown time zone, and refuses UTC offsets", () => {
    for (const zone of ["Mars/Olympus", "", "+01:00", "Europe/Berlin ", "GMT+1"])
      expect(fields({ time_zone: zone }), zone).toEqual(["time_zone"]);
  });

  it("names the end of an interval that is not HH:MM between 00:00 and 24:00", () => {
    expect(fields({ hours: { monday: [{ from: "9:00", to: "17:00" }] } })).toEqual(["hours.monday.0.from"]);
    expect(fields({ hours: { monday: [{ from: "09:00", to: "24:01" }] } })).toEqual(["hours.monday.0.to"]);
    expect(fields({ hours: { friday: [{ from: "24:00", to: "25:00" }] } })).toEqual(["hours.friday.0.to"]);
    expect(fields({ hours: { monday: [{ from: "noon", to: "09:60" }] } })).toEqual([
      "hours.monday.0.from",
      "hours.monday.0.to",
      // With its only interval unusable, Monday counts as open: no "no hours" on top.
    ]);
  });

  it("names a reversed or empty interval by its index", () => {
    const reversed = calendarProblems({
      hours: {
        monday: [
          { from: "08:00", to: "09:00" },
          { from: "17:00", to: "09:00" },
        ],
      },
    });
    expect(reversed.map((p) => p.path.join("."))).toEqual(["hours.monday.1"]);
    expect(reversed[0]?.message).toContain("split a night shift at midnight");
    expect(fields({ hours: { tuesday: [{ from: "09:00", to: "09:00" }] } })).toEqual(["hours.tuesday.0"]);
  });

  it("names the day whose intervals overlap", () => {
    const overlap = calendarProblems({
      hours: {
        thursday: [
          { from: "12:00", to: "18:00" },
          { from: "08:00", to: "12:30" },
        ],
      },
    });
    expect(overlap).toEqual([
      { path: ["hours", "thursday"], message: "08:00–12:30 and 12:00–18:00 overlap" },
    ]);
    expect(fields({ hours: { monday: [nineToFive, nineToFive] } })).toEqual(["hours.monday"]);
  });

  it("refuses a week without any opening hours", () => {
    expect(fields({ hours: {} })).toEqual(["hours"]);
    expect(fields({ hours: { monday: [], sunday: [] } })).toEqual(["hours"]);
  });

  it("names each holiday that is no real date, and each one listed twice", () => {
    expect(
      fields({ holidays: ["2026-02-30", "tomorrow", "2026-12-25", "2026-12-25", "2027-02-29", "2026-1-01"] }),
    ).toEqual(["holidays.0", "holidays.1", "holidays.3", "holidays.4", "holidays.5"]);
  });

  it("reports every problem at once", () => {
    expect(
      fields({ time_zone: "Nowhere", hours: { monday: [{ from: "10:00", to: "09:00" }] }, holidays: ["x"] }),
    ).toEqual(["time_zone", "hours.monday.0", "holidays.0"]);
  });
});

describe("timeZoneName", () => {
  it("spells a zone as Intl does, keeps aliases Intl accepts, and refuses the rest", () => {
    expect(timeZoneName("europe/berlin")).toBe("Europe/Berlin");
    expect(timeZoneName("utc")).toBe("UTC");
    expect(timeZoneName("Asia/Calcutta")).toBe("Asia/Calcutta");
    expect(timeZoneName("America/Argentina/Buenos_Aires")).toBe("America/Argentina/Buenos_Aires");
    expect(timeZoneName("-05:00")).toBeUndefined();
    expect(timeZoneName("Not/AZone")).toBeUndefined();
  });
});

describe("isCalendarDate", () => {
  it("knows month lengths and leap years", () => {
    expect(["2024-02-29", "2026-01-31", "2026-12-31", "0001-01-01"].map(isCalendarDate)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(
      ["2026-02-29", "2100-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "26-01-01"].map(isCalendarDate),
    ).toEqual([false, false, false, false, false, false]);
  });
});
