import { describe, expect, it } from "vitest";
import { ForbiddenError, InvalidTransitionError, ValidationError } from "../shared/errors.js";
import {
  decideNewTicket,
  decideTicketChange,
  diffTicket,
  editTags,
  maxTags,
  type TicketState,
} from "./ticket-rules.js";

const now = new Date("2026-11-23T12:00:00Z");
const admin = { role: "admin" as const };
const agent = { role: "agent" as const };
const tech = "team-tech";
const finance = "team-finance";
const alice = { id: "user-alice", team_id: finance };
const bob = { id: "user-bob", team_id: null };

function buildTicket(overrides: Partial<TicketState> = {}): TicketState {
  return {
    status: "new",
    resolved_at: null,
    closed_at: null,
    reopened_count: 0,
    subject: "Printer on fire",
    description: "Smoke everywhere",
    priority: "medium",
    category: "technical",
    contact_id: null,
    assigned_to: null,
    assigned_team: tech,
    due_date: null,
    tags: ["hardware"],
    ...overrides,
  };
}

describe("decideNewTicket (routing and assignment at creation)", () => {
  const technical = { key: "technical", default_team_id: tech };
  const general = { key: "general", default_team_id: null };

  it("routes a ticket without a team to its category's default team", () => {
    expect(decideNewTicket({ category: technical, assigned_team: null, assignee: null })).toEqual({
      status: "new",
      assigned_team: tech,
    });
  });

  it("keeps a hand-chosen team", () => {
    expect(
      decideNewTicket({ category: technical, assigned_team: finance, assignee: null }).assigned_team,
    ).toBe(finance);
  });

  it("leaves the team empty when the category routes nowhere and nobody is assigned", () => {
    expect(
      decideNewTicket({ category: general, assigned_team: null, assignee: null }).assigned_team,
    ).toBeNull();
  });

  it("makes an assigned ticket `assigned` and fills an empty team from the assignee", () => {
    expect(decideNewTicket({ category: general, assigned_team: null, assignee: alice })).toEqual({
      status: "assigned",
      assigned_team: finance,
    });
    // Routing comes first: the category's team is kept over the assignee's.
    expect(decideNewTicket({ category: technical, assigned_team: null, assignee: alice }).assigned_team).toBe(
      tech,
    );
  });
});

describe("decideTicketChange", () => {
  it("does nothing when nothing changes", () => {
    const ticket = buildTicket();
    expect(
      decideTicketChange(ticket, { status: "new", subject: ticket.subject, tags: ["hardware"] }, agent, now),
    ).toEqual({ patch: {}, changes: [] });
  });

  it("writes one history entry per changed audited field, with old and new values", () => {
    const due = new Date("2026-12-01T17:00:00Z");
    const { patch, changes } = decideTicketChange(
      buildTicket(),
      {
        priority: "urgent",
        subject: "Printer really on fire",
        due_date: due,
        tags: ["hardware", "fire"],
        category: { key: "billing", default_team_id: finance },
        assigned_team: null,
        contact_id: "contact-1",
        description: "More smoke",
      },
      agent,
      now,
    );
    expect(patch).toEqual({
      priority: "urgent",
      subject: "Printer really on fire",
      due_date: due,
      tags: ["hardware", "fire"],
      category: "billing",
      assigned_team: null,
      contact_id: "contact-1",
      description: "More smoke",
    });
    expect(changes).toEqual([
      { field: "priority", old_value: "medium", new_value: "urgent" },
      { field: "category", old_value: "technical", new_value: "billing" },
      { field: "assigned_team", old_value: tech, new_value: null },
      { field: "contact_id", old_value: null, new_value: "contact-1" },
      { field: "due_date", old_value: null, new_value: "2026-12-01T17:00:00.000Z" },
      { field: "subject", old_value: "Printer on fire", new_value: "Printer really on fire" },
      { field: "tags", old_value: "hardware", new_value: "hardware, fire" },
    ]);
  });

  it("does not record the description (too long for a history line) but saves it", () => {
    const { patch, changes } = decideTicketChange(buildTicket(), { description: "x" }, agent, now);
    expect(patch).toEqual({ description: "x" });
    expect(changes).toEqual([]);
  });

  it("treats the same instant and the same tags as no change", () => {
    const due = new Date("2026-12-01T17:00:00Z");
    const ticket = buildTicket({ due_date: due });
    expect(
      decideTicketChange(ticket, { due_date: new Date(due.getTime()), tags: ["hardware"] }, agent, now)
        .changes,
    ).toEqual([]);
    expect(decideTicketChange(ticket, { tags: [] }, agent, now).changes).toEqual([
      { field: "tags", old_value: "hardware", new_value: null },
    ]);
  });

  describe("adding and removing tags (a macro's)", () => {
    it("adds to and removes from the current tags, writing one history entry", () => {
      const ticket = buildTicket({ tags: ["hardware", "vip"] });
      const { patch, changes } = decideTicketChange(
        ticket,
        { add_tags: ["printer", "hardware"], remove_tags: ["vip", "absent"] },
        agent,
        now,
      );
      expect(patch).toEqual({ tags: ["hardware", "printer"] });
      expect(changes).toEqual([
        { field: "tags", old_value: "hardware, vip", new_value: "hardware, printer" },
      ]);
    });

    it("matches tags as spelled, and changes nothing when there is nothing to do", () => {
      expect(decideTicketChange(buildTicket(), { remove_tags: ["Hardware"] }, agent, now).changes).toEqual(
        [],
      );
      expect(decideTicketChange(buildTicket(), { add_tags: ["hardware"] }, agent, now).patch).toEqual({});
    });

    it(`refuses to go above ${maxTags} tags, but lets a longer list shrink`, () => {
      const many = Array.from({ length: maxTags }, (_, i) => `t${i}`);
      expect(() => editTags(many, ["one-more"], [])).toThrow(ValidationError);
      expect(editTags(many, ["one-more"], ["t0"])).toHaveLength(maxTags);
      expect(editTags([...many, "legacy"], [], ["t0"])).toHaveLength(maxTags);
    });
  });

  describe("status", () => {
    it("records a status change with its timestamps", () => {
      const { patch, changes } = decideTicketChange(
        buildTicket({ status: "in_progress" }),
        { status: "resolved" },
        agent,
        now,
      );
      expect(patch).toEqual({ status: "resolved", resolved_at: now });
      expect(changes).toEqual([{ field: "status", old_value: "in_progress", new_value: "resolved" }]);
    });

    it("reopens a resolved ticket and counts it", () => {
      const resolved = buildTicket({ status: "resolved", resolved_at: now, reopened_count: 1 });
      expect(decideTicketChange(resolved, { status: "in_progress" }, agent, now).patch).toEqual({
        status: "in_progress",
        resolved_at: null,
        reopened_count: 2,
      });
    });

    it("refuses an agent reopening a closed ticket, with a typed error", () => {
      const closed = buildTicket({ status: "closed", resolved_at: now, closed_at: now });
      expect(() => decideTicketChange(closed, { status: "new" }, agent, now)).toThrow(ForbiddenError);
      expect(decideTicketChange(closed, { status: "new" }, admin, now).patch).toMatchObject({
        status: "new",
        closed_at: null,
        resolved_at: null,
        reopened_count: 1,
      });
    });

    it("refuses `assigned` without an assignee (409)", () => {
      expect(() => decideTicketChange(buildTicket(), { status: "assigned" }, agent, now)).toThrow(
        InvalidTransitionError,
      );
      const assigned = buildTicket({ status: "assigned", assigned_to: alice.id });
      expect(() =>
        decideTicketChange(assigned, { status: "assigned", assigned_to: null }, agent, now),
      ).toThrow(InvalidTransitionError);
    });
  });

  describe("assignment", () => {
    it("makes a new ticket `assigned` when someone is assigned", () => {
      const { patch, changes } = decideTicketChange(buildTicket(), { assigned_to: alice }, agent, now);
      expect(patch).toEqual({ assigned_to: alice.id, status: "assigned" });
      expect(changes).toEqual([
        { field: "status", old_value: "new", new_value: "assigned" },
        { field: "assigned_to", old_value: null, new_value: alice.id },
      ]);
    });

    it("makes an `assigned` ticket new again when the assignee is removed", () => {
      const assigned = buildTicket({ status: "assigned", assigned_to: alice.id });
      expect(decideTicketChange(assigned, { assigned_to: null }, agent, now).patch).toEqual({
        assigned_to: null,
        status: "new",
      });
    });

    it("leaves other statuses alone when the assignee changes", () => {
      const working = buildTicket({ status: "in_progress", assigned_to: alice.id });
      expect(decideTicketChange(working, { assigned_to: null }, agent, now).patch).toEqual({
        assigned_to: null,
      });
      expect(decideTicketChange(working, { assigned_to: bob }, agent, now).patch).toEqual({
        assigned_to: bob.id,
      });
    });

    it("lets an explicit status win over the derived one", () => {
      expect(
        decideTicketChange(buildTicket(), { assigned_to: alice, status: "in_progress" }, agent, now).patch,
      ).toEqual({ assigned_to: alice.id, status: "in_progress" });
    });

    it("re-assigning the same person changes nothing", () => {
      const assigned = buildTicket({ status: "assigned", assigned_to: alice.id });
      expect(decideTicketChange(assigned, { assigned_to: alice }, agent, now)).toEqual({
        patch: {},
        changes: [],
      });
    });

    it("fills an empty team with the assignee's team, but never replaces a team", () => {
      const noTeam = buildTicket({ assigned_team: null });
      expect(decideTicketChange(noTeam, { assigned_to: alice }, agent, now).patch).toMatchObject({
        assigned_team: finance,
      });
      expect(decideTicketChange(buildTicket(), { assigned_to: alice }, agent, now).patch).not.toHaveProperty(
        "assigned_team",
      );
      // A team chosen in the same request is kept, even "no team".
      expect(
        decideTicketChange(noTeam, { assigned_to: alice, assigned_team: null }, agent, now).patch,
      ).not.toHaveProperty("assigned_team");
    });
  });

  describe("routing on update", () => {
    it("routes a ticket without a team by its new category", () => {
      const noTeam = buildTicket({ assigned_team: null });
      expect(
        decideTicketChange(noTeam, { category: { key: "billing", default_team_id: finance } }, agent, now)
          .patch,
      ).toEqual({ category: "billing", assigned_team: finance });
    });

    it("keeps the team a ticket already has when its category changes", () => {
      expect(
        decideTicketChange(
          buildTicket(),
          { category: { key: "billing", default_team_id: finance } },
          agent,
          now,
        ).patch,
      ).toEqual({ category: "billing" });
    });
  });
});

describe("diffTicket", () => {
  it("lists audited fields in a fixed order and ignores unaudited ones", () => {
    const before = buildTicket();
    const after = buildTicket({
      status: "pending",
      priority: "low",
      description: "changed",
      reopened_count: 5,
    });
    expect(diffTicket(before, after).map((c) => c.field)).toEqual(["status", "priority"]);
  });
});
