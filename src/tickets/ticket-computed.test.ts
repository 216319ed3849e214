import { describe, expect, it } from "vitest";
import { computedFields, hoursBetween, isOverdue } from "./ticket-computed.js";

const created = new Date("2026-11-20T08:00:00Z");
const now = new Date("2026-11-23T12:00:00Z");

describe("hoursBetween", () => {
  it("is null until the moment is reached", () => {
    expect(hoursBetween(created, null)).toBeNull();
  });

  it("rounds to two decimals", () => {
    expect(hoursBetween(created, new Date("2026-11-20T09:30:00Z"))).toBe(1.5);
    expect(hoursBetween(created, new Date("2026-11-20T08:20:00Z"))).toBe(0.33);
    expect(hoursBetween(created, new Date("2026-11-20T08:40:00Z"))).toBe(0.67);
    expect(hoursBetween(created, new Date("2026-11-20T08:00:17Z"))).toBe(0);
    expect(hoursBetween(created, new Date("2026-11-22T08:00:00Z"))).toBe(48);
  });
});

describe("isOverdue", () => {
  const past = new Date("2026-11-23T11:59:59Z");
  it("is true when the due date has passed and the ticket is still worked", () => {
    for (const status of ["new", "assigned", "in_progress", "pending"] as const) {
      expect(isOverdue({ due_date: past, status }, now)).toBe(true);
    }
  });

  it("is false for resolved and closed tickets, future due dates and no due date", () => {
    expect(isOverdue({ due_date: past, status: "resolved" }, now)).toBe(false);
    expect(isOverdue({ due_date: past, status: "closed" }, now)).toBe(false);
    expect(isOverdue({ due_date: now, status: "new" }, now)).toBe(false);
    expect(isOverdue({ due_date: new Date("2026-11-24T00:00:00Z"), status: "new" }, now)).toBe(false);
    expect(isOverdue({ due_date: null, status: "new" }, now)).toBe(false);
  });
});

describe("computedFields", () => {
  it("fills every computed field of the representation", () => {
    expect(
      computedFields(
        {
          created_at: created,
          first_response_at: new Date("2026-11-20T10:15:00Z"),
          resolved_at: new Date("2026-11-21T08:00:00Z"),
          due_date: new Date("2026-11-22T00:00:00Z"),
          status: "resolved",
        },
        now,
      ),
    ).toEqual({ first_response_time_hours: 2.25, resolution_time_hours: 24, is_overdue: false });
    expect(
      computedFields(
        { created_at: created, first_response_at: null, resolved_at: null, due_date: null, status: "new" },
        now,
      ),
    ).toEqual({ first_response_time_hours: null, resolution_time_hours: null, is_overdue: false });
  });
});
