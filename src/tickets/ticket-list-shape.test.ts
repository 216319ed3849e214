import { describe, expect, it } from "vitest";
import { listShape } from "./ticket-list-shape.js";

describe("listShape", () => {
  const now = new Date("2026-12-02T10:00:00Z");

  it("gives lists that differ only in values one shape, and puts the values back", () => {
    const a = listShape({ statuses: ["new", "pending"], assignedTeam: "team-a", overdue: true }, now);
    const b = listShape({ statuses: ["closed", "new"], assignedTeam: "team-b", overdue: true }, now);
    expect(a?.key).toBe(b?.key);
    expect(a?.values).toEqual(["new", "pending", "team-a", now]);
    expect(a?.filtersOf(b?.values ?? [])).toEqual({
      filters: { statuses: ["closed", "new"], assignedTeam: "team-b", overdue: true },
      now,
    });
  });

  it("tells apart everything that changes the SQL text", () => {
    const keys = [
      {},
      { statuses: ["new" as const] },
      { statuses: ["new" as const, "pending" as const] },
      { assignedTeam: "t" },
      { assignedTeam: null },
      { assignedTo: null },
      { open: true },
      { open: false },
      { overdue: true },
      { overdue: false },
      { tag: "vip" },
      { createdAfter: now },
      { createdBefore: now },
    ].map((filters) => listShape(filters, now)?.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("has no shape for a search", () => {
    expect(listShape({ search: "printer" }, now)).toBeUndefined();
  });
});
