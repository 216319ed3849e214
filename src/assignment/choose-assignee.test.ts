import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AssignmentCandidate,
  chooseAssignee,
  mayTakeTicket,
  teamAwaitingAssignee,
} from "./choose-assignee.js";

const now = new Date("2026-11-23T12:00:00Z");
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

/** The team as the next choice reads it: the chosen agent has one more open ticket and goes last. */
function afterAssignment(
  candidates: readonly AssignmentCandidate[],
  choice: { userId: string; at: Date },
): AssignmentCandidate[] {
  return candidates.map((c) =>
    c.id === choice.userId ? { ...c, open_tickets: c.open_tickets + 1, last_auto_assigned_at: choice.at } : c,
  );
}

function agent(overrides: Partial<AssignmentCandidate> & { id: string }): AssignmentCandidate {
  return {
    name: overrides.id,
    is_active: true,
    available: true,
    max_open_tickets: null,
    open_tickets: 0,
    last_auto_assigned_at: null,
    ...overrides,
  };
}

describe("chooseAssignee: round robin", () => {
  it("gives the ticket to the agent auto-assigned longest ago, never-assigned agents first", () => {
    const team = [
      agent({ id: "ana", last_auto_assigned_at: minutesAgo(5) }),
      agent({ id: "ben", last_auto_assigned_at: minutesAgo(30) }),
      agent({ id: "cy", last_auto_assigned_at: null }),
    ];
    expect(chooseAssignee("round_robin", team, now)).toEqual({
      userId: "cy",
      reason: "round robin",
      at: now,
    });
    const withoutCy = team.filter((a) => a.id !== "cy");
    expect(chooseAssignee("round_robin", withoutCy, now)).toMatchObject({ userId: "ben" });
  });

  it("rotates through the team ticket after ticket, whatever their load", () => {
    let team = [
      agent({ id: "b", name: "Ben", open_tickets: 9 }),
      agent({ id: "a", name: "Ana" }),
      agent({ id: "c", name: "Cy", open_tickets: 2 }),
    ];
    const chosen: string[] = [];
    for (let i = 0; i < 6; i++) {
      const choice = chooseAssignee("round_robin", team, now);
      if (!("userId" in choice)) throw new Error(choice.none);
      chosen.push(choice.userId);
      team = afterAssignment(team, choice);
    }
    // Ties (never assigned) go by name; then each goes to the back, even at the same instant.
    expect(chosen).toEqual(["a", "b", "c", "a", "b", "c"]);
  });

  it("breaks a tie of names by id", () => {
    const team = [agent({ id: "2", name: "Sam" }), agent({ id: "1", name: "Sam" })];
    expect(chooseAssignee("round_robin", team, now)).toMatchObject({ userId: "1" });
  });

  it("stamps the chosen agent after the team's latest assignment when another clock ran ahead", () => {
    const ahead = new Date(now.getTime() + 2_000);
    const team = [agent({ id: "a", last_auto_assigned_at: ahead }), agent({ id: "b" })];
    expect(chooseAssignee("round_robin", team, now)).toEqual({
      userId: "b",
      reason: "round robin",
      at: new Date(ahead.getTime() + 1),
    });
  });
});

describe("chooseAssignee: least loaded", () => {
  it("gives the ticket to the agent with the fewest open tickets and says how many", () => {
    const team = [
      agent({ id: "ana", open_tickets: 5 }),
      agent({ id: "ben", open_tickets: 3 }),
      agent({ id: "cy", open_tickets: 4 }),
    ];
    expect(chooseAssignee("least_loaded", team, now)).toEqual({
      userId: "ben",
      reason: "least loaded: 3 open",
      at: now,
    });
  });

  it("breaks a tie by the longest since an auto-assignment, then by name", () => {
    const team = [
      agent({ id: "ana", open_tickets: 2, last_auto_assigned_at: minutesAgo(1) }),
      agent({ id: "ben", open_tickets: 2, last_auto_assigned_at: minutesAgo(10) }),
    ];
    expect(chooseAssignee("least_loaded", team, now)).toMatchObject({ userId: "ben" });
    const same = team.map((a) => ({ ...a, last_auto_assigned_at: minutesAgo(1) }));
    expect(chooseAssignee("least_loaded", same, now)).toMatchObject({ userId: "ana" });
  });
});

describe("chooseAssignee: who is never chosen", () => {
  it("skips unavailable, inactive and full agents, and says why nobody was chosen", () => {
    const away = agent({ id: "away", available: false });
    const gone = agent({ id: "gone", is_active: false });
    const full = agent({ id: "full", max_open_tickets: 2, open_tickets: 2 });
    const over = agent({ id: "over", max_open_tickets: 1, open_tickets: 3 });
    const free = agent({ id: "free", max_open_tickets: 2, open_tickets: 1, last_auto_assigned_at: now });
    for (const mode of ["round_robin", "least_loaded"] as const) {
      expect(chooseAssignee(mode, [away, gone, full, over, free], now)).toMatchObject({ userId: "free" });
      expect(chooseAssignee(mode, [away, gone, full, over], now)).toEqual({
        none: "every available agent has reached their limit of open tickets",
      });
      expect(chooseAssignee(mode, [away, gone], now)).toEqual({ none: "no agent of the team is available" });
      expect(chooseAssignee(mode, [gone], now)).toEqual({ none: "no active agent in the team" });
      expect(chooseAssignee(mode, [], now)).toEqual({ none: "no active agent in the team" });
    }
  });

  it("chooses nobody for a manual team", () => {
    expect(chooseAssignee("manual", [agent({ id: "a" })], now)).toEqual({
      none: "the team assigns its tickets by hand",
    });
  });
});

describe("teamAwaitingAssignee", () => {
  it("names the team of an open ticket nobody is assigned to, and nothing otherwise", () => {
    const waiting = { status: "new" as const, assigned_to: null, assigned_team: "tech" };
    expect(teamAwaitingAssignee(waiting)).toBe("tech");
    expect(teamAwaitingAssignee({ ...waiting, status: "pending" })).toBe("tech");
    expect(teamAwaitingAssignee({ ...waiting, assigned_to: "ana" })).toBeNull();
    expect(teamAwaitingAssignee({ ...waiting, assigned_team: null })).toBeNull();
    expect(teamAwaitingAssignee({ ...waiting, status: "resolved" })).toBeNull();
    expect(teamAwaitingAssignee({ ...waiting, status: "closed" })).toBeNull();
  });
});

describe("chooseAssignee: properties", () => {
  const candidate = fc.record({
    id: fc.uuid(),
    name: fc.constantFrom("Ana", "Ben", "Cy", "Dee"),
    is_active: fc.boolean(),
    available: fc.boolean(),
    max_open_tickets: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
    open_tickets: fc.integer({ min: 0, max: 7 }),
    last_auto_assigned_at: fc.option(
      fc.integer({ min: -10_000, max: 10_000 }).map((s) => new Date(now.getTime() + s * 1_000)),
      { nil: null },
    ),
  });
  const team = fc.uniqueArray(candidate, { maxLength: 8, selector: (c) => c.id });
  const mode = fc.constantFrom("round_robin" as const, "least_loaded" as const);

  it("never chooses an agent who is away, inactive or at their limit, and chooses when someone may take it", () => {
    fc.assert(
      fc.property(mode, team, (m, candidates) => {
        const choice = chooseAssignee(m, candidates, now);
        if ("none" in choice) {
          expect(candidates.some(mayTakeTicket)).toBe(false);
          return;
        }
        const chosen = candidates.find((c) => c.id === choice.userId);
        expect(chosen?.is_active).toBe(true);
        expect(chosen?.available).toBe(true);
        if (chosen?.max_open_tickets != null)
          expect(chosen.open_tickets).toBeLessThan(chosen.max_open_tickets);
        // The chosen agent goes to the back of the rotation.
        for (const c of candidates)
          expect(choice.at.getTime()).toBeGreaterThan(c.last_auto_assigned_at?.getTime() ?? -Infinity);
        if (m === "least_loaded")
          for (const c of candidates.filter(mayTakeTicket))
            expect(chosen?.open_tickets).toBeLessThanOrEqual(c.open_tickets);
      }),
    );
  });

  it("never takes an agent past their limit, however many tickets arrive in a row", () => {
    fc.assert(
      fc.property(mode, team, fc.integer({ min: 1, max: 30 }), (m, start, tickets) => {
        let candidates: AssignmentCandidate[] = start;
        for (let i = 0; i < tickets; i++) {
          const choice = chooseAssignee(m, candidates, now);
          if ("none" in choice) break;
          candidates = afterAssignment(candidates, choice);
        }
        for (const [i, c] of candidates.entries()) {
          const before = start[i];
          if (!before || c.open_tickets === before.open_tickets) continue;
          expect(c.is_active && c.available).toBe(true);
          if (c.max_open_tickets !== null) expect(c.open_tickets).toBeLessThanOrEqual(c.max_open_tickets);
        }
      }),
    );
  });
});
