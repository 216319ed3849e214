import { describe, expect, it } from "vitest";
import { formatTicketNumber, startOfDay, ticketDay, ticketNumberPattern } from "./ticket-number.js";

describe("ticketDay", () => {
  it("dates a ticket by the configured time zone, not by UTC", () => {
    const lateEvening = new Date("2025-11-19T23:30:00Z");
    expect(ticketDay(lateEvening, "UTC")).toBe("2025-11-19");
    expect(ticketDay(lateEvening, "Asia/Bangkok")).toBe("2025-11-20");
    expect(ticketDay(new Date("2025-11-20T03:00:00Z"), "America/Los_Angeles")).toBe("2025-11-19");
  });

  it("changes day exactly at local midnight", () => {
    // Bangkok is UTC+7 all year: 17:00 UTC is midnight there.
    expect(ticketDay(new Date("2025-12-31T16:59:59.999Z"), "Asia/Bangkok")).toBe("2025-12-31");
    expect(ticketDay(new Date("2025-12-31T17:00:00Z"), "Asia/Bangkok")).toBe("2026-01-01");
  });
});

describe("formatTicketNumber", () => {
  it("pads the counter to four digits", () => {
    expect(formatTicketNumber("2025-11-19", 1)).toBe("T-20251119-0001");
    expect(formatTicketNumber("2025-11-19", 42)).toBe("T-20251119-0042");
    expect(formatTicketNumber("2025-11-19", 9999)).toBe("T-20251119-9999");
  });

  it("widens past 9999 instead of wrapping", () => {
    expect(formatTicketNumber("2025-11-19", 10000)).toBe("T-20251119-10000");
    expect(formatTicketNumber("2025-11-19", 123456)).toBe("T-20251119-123456");
  });

  it("refuses counters and days that cannot be numbers", () => {
    expect(() => formatTicketNumber("2025-11-19", 0)).toThrow();
    expect(() => formatTicketNumber("2025-11-19", 1.5)).toThrow();
    expect(() => formatTicketNumber("20251119", 1)).toThrow();
  });

  it("produces numbers the ticket-number pattern accepts, in any case", () => {
    expect(ticketNumberPattern.test(formatTicketNumber("2025-11-19", 10000))).toBe(true);
    expect(ticketNumberPattern.test("t-20251119-0001")).toBe(true);
    expect(ticketNumberPattern.test("T-2025111-0001")).toBe(false);
    expect(ticketNumberPattern.test("T-20251119-001")).toBe(false);
  });
});

describe("startOfDay", () => {
  it("is local midnight in the time zone", () => {
    expect(startOfDay("2026-11-20", "UTC").toISOString()).toBe("2026-11-20T00:00:00.000Z");
    expect(startOfDay("2026-11-20", "Asia/Bangkok").toISOString()).toBe("2026-11-19T17:00:00.000Z");
    expect(startOfDay("2026-11-20", "America/New_York").toISOString()).toBe("2026-11-20T05:00:00.000Z");
    expect(startOfDay("2026-07-20", "America/New_York").toISOString()).toBe("2026-07-20T04:00:00.000Z");
  });

  it("follows a DST change on that very day", () => {
    // Europe/Berlin switches to summer time at 02:00 on 2026-03-29; midnight is still UTC+1.
    expect(startOfDay("2026-03-29", "Europe/Berlin").toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(startOfDay("2026-03-30", "Europe/Berlin").toISOString()).toBe("2026-03-29T22:00:00.000Z");
  });

  it("is the day ticketDay gives back", () => {
    for (const zone of [
      "UTC",
      "Asia/Bangkok",
      "America/Los_Angeles",
      "Pacific/Kiritimati",
      "Pacific/Pago_Pago",
    ]) {
      const start = startOfDay("2026-11-23", zone);
      expect(ticketDay(start, zone)).toBe("2026-11-23");
      expect(ticketDay(new Date(start.getTime() - 1), zone)).toBe("2026-11-22");
    }
  });
});
