import { describe, expect, it } from "vitest";
import { ticketStatuses } from "../db/schema.js";
import { ForbiddenError } from "../shared/errors.js";
import { authorizeTicket, ticketAbilities } from "./ticket.policy.js";

const admin = { role: "admin" as const };
const agent = { role: "agent" as const };

describe("ticket policy", () => {
  it("lets agents work every ticket that is not closed", () => {
    for (const status of ticketStatuses.filter((s) => s !== "closed")) {
      expect(ticketAbilities(agent, { status })).toMatchObject({ update: true, comment: true, upload: true });
    }
  });

  it("makes a closed ticket read-only for agents but not for admins", () => {
    expect(ticketAbilities(agent, { status: "closed" })).toEqual({
      update: false,
      comment: true,
      upload: true,
      reopen: false,
      delete: false,
    });
    expect(ticketAbilities(admin, { status: "closed" })).toEqual({
      update: true,
      comment: true,
      upload: true,
      reopen: true,
      delete: true,
    });
  });

  it("offers reopen only on resolved or (for admins) closed tickets", () => {
    expect(ticketAbilities(agent, { status: "resolved" }).reopen).toBe(true);
    expect(ticketAbilities(agent, { status: "in_progress" }).reopen).toBe(false);
    expect(ticketAbilities(admin, { status: "new" }).reopen).toBe(false);
  });

  it("lets only admins delete", () => {
    for (const status of ticketStatuses) {
      expect(ticketAbilities(agent, { status }).delete).toBe(false);
      expect(ticketAbilities(admin, { status }).delete).toBe(true);
    }
  });

  it("authorizes with the same rules, throwing ForbiddenError", () => {
    expect(() => authorizeTicket(agent, "delete", { status: "new" })).toThrow(ForbiddenError);
    expect(() => authorizeTicket(agent, "update", { status: "closed" })).toThrow(/closed/);
    expect(() => authorizeTicket(agent, "update", { status: "resolved" })).not.toThrow();
    expect(() => authorizeTicket(admin, "delete", { status: "closed" })).not.toThrow();
  });
});
