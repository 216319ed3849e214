import { describe, expect, it } from "vitest";
import { changesTicketFields, macroProblems, ticketChangeOf } from "./macro-actions.js";

const agent = { id: "user-agnes" };

describe("a macro's actions as a ticket change", () => {
  it("names fields as a PATCH does, with 'current_user' the agent applying it", () => {
    expect(
      ticketChangeOf(
        {
          status: "pending",
          priority: "high",
          team_id: null,
          assignee: "current_user",
          add_tags: ["vip"],
          remove_tags: [],
        },
        agent,
      ),
    ).toEqual({
      input: { status: "pending", priority: "high", assigned_team: null, assigned_to: "user-agnes" },
      tags: { add_tags: ["vip"] },
    });
    expect(ticketChangeOf({ assignee: { user_id: "user-sam" } }, agent).input).toEqual({
      assigned_to: "user-sam",
    });
    expect(ticketChangeOf({ assignee: null }, agent).input).toEqual({ assigned_to: null });
  });

  it("leaves the ticket's fields alone for a macro that only writes a reply", () => {
    const change = ticketChangeOf({ comment: { text: "Thanks!", is_internal: false } }, agent);
    expect(change).toEqual({ input: {}, tags: {} });
    expect(changesTicketFields(change)).toBe(false);
    expect(changesTicketFields(ticketChangeOf({ remove_tags: ["x"] }, agent))).toBe(true);
  });
});

describe("macroProblems", () => {
  const found = { team_found: "team-x", assignee_name: "Sam", assignee_active: true };

  it("is empty while the team and user a macro names are there", () => {
    expect(macroProblems({ ...found, actions: { team_id: "team-x", assignee: { user_id: "u" } } })).toEqual(
      [],
    );
    // Clearing the team, unassigning and "current_user" name nobody.
    expect(
      macroProblems({
        team_found: null,
        assignee_name: null,
        assignee_active: null,
        actions: { team_id: null, assignee: "current_user" },
      }),
    ).toEqual([]);
  });

  it("names a deleted team and a deactivated user by the macro's fields", () => {
    expect(
      macroProblems({
        team_found: null,
        assignee_name: "Sam",
        assignee_active: false,
        actions: { team_id: "team-x", assignee: { user_id: "u" } },
      }),
    ).toEqual([
      { field: "actions.team_id", message: "the team no longer exists" },
      { field: "actions.assignee.user_id", message: "Sam is deactivated" },
    ]);
  });
});
