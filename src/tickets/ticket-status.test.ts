import { describe, expect, it } from "vitest";
import { ForbiddenError } from "../shared/errors.js";
import { type StatusState, transitionStatus } from "./ticket-status.js";

const now = new Date("2026-11-23T12:00:00Z");
const earlier = new Date("2026-11-20T09:00:00Z");
const admin = { role: "admin" as const };
const agent = { role: "agent" as const };

const state = (overrides: Partial<StatusState> = {}): StatusState => ({
  status: "in_progress",
  resolved_at: null,
  closed_at: null,
  reopened_count: 0,
  ...overrides,
});

describe("transitionStatus", () => {
  it("keeps everything when the status does not change", () => {
    const resolved = state({ status: "resolved", resolved_at: earlier });
    expect(transitionStatus(resolved, "resolved", agent, now)).toBe(resolved);
  });

  it("stamps resolved_at when a ticket is resolved", () => {
    expect(transitionStatus(state(), "resolved", agent, now)).toEqual(
      state({ status: "resolved", resolved_at: now }),
    );
  });

  it("stamps closed_at, and resolved_at when it was empty, when a ticket is closed", () => {
    expect(transitionStatus(state(), "closed", agent, now)).toEqual(
      state({ status: "closed", resolved_at: now, closed_at: now }),
    );
    expect(
      transitionStatus(state({ status: "resolved", resolved_at: earlier }), "closed", agent, now),
    ).toEqual(state({ status: "closed", resolved_at: earlier, closed_at: now }));
  });

  it("keeps the original resolution time when a closed ticket goes back to resolved", () => {
    const closed = state({ status: "closed", resolved_at: earlier, closed_at: earlier });
    expect(transitionStatus(closed, "resolved", admin, now)).toEqual(
      state({ status: "resolved", resolved_at: earlier, closed_at: null }),
    );
  });

  it("reopens a resolved ticket: clears both stamps and counts the reopen", () => {
    for (const to of ["new", "assigned", "in_progress", "pending"] as const) {
      const resolved = state({ status: "resolved", resolved_at: earlier, reopened_count: 2 });
      expect(transitionStatus(resolved, to, agent, now)).toEqual({
        status: to,
        resolved_at: null,
        closed_at: null,
        reopened_count: 3,
      });
    }
  });

  it("lets only admins reopen a closed ticket", () => {
    const closed = state({ status: "closed", resolved_at: earlier, closed_at: earlier });
    expect(() => transitionStatus(closed, "in_progress", agent, now)).toThrow(ForbiddenError);
    expect(transitionStatus(closed, "in_progress", admin, now)).toEqual(
      state({ status: "in_progress", reopened_count: 1 }),
    );
  });

  it("moves between active statuses without touching the stamps", () => {
    expect(transitionStatus(state({ status: "new" }), "pending", agent, now)).toEqual(
      state({ status: "pending" }),
    );
  });
});
