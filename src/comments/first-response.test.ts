import { describe, expect, it } from "vitest";
import { firstResponseAt } from "./first-response.js";

const at = new Date("2026-11-23T10:00:00Z");
const open = { first_response_at: null };

describe("first response rule", () => {
  it("is the time of the first public comment by an agent or an admin", () => {
    expect(firstResponseAt(open, { is_internal: false, author: { role: "agent" }, created_at: at })).toEqual(
      at,
    );
    expect(firstResponseAt(open, { is_internal: false, author: { role: "admin" }, created_at: at })).toEqual(
      at,
    );
  });

  it("never counts internal notes", () => {
    expect(
      firstResponseAt(open, { is_internal: true, author: { role: "agent" }, created_at: at }),
    ).toBeNull();
  });

  it("never counts the customer's own messages", () => {
    expect(firstResponseAt(open, { is_internal: false, author: null, created_at: at })).toBeNull();
    expect(
      firstResponseAt(open, { is_internal: false, author: { role: "contact" }, created_at: at }),
    ).toBeNull();
  });

  it("is set once: a later reply does not move it", () => {
    const answered = { first_response_at: new Date("2026-11-22T08:00:00Z") };
    expect(
      firstResponseAt(answered, { is_internal: false, author: { role: "agent" }, created_at: at }),
    ).toBeNull();
  });
});
