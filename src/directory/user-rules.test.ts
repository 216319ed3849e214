import { describe, expect, it } from "vitest";
import type { Actor } from "../server/context.js";
import { ConflictError } from "../shared/errors.js";
import { checkOwnAccountChange } from "./user-rules.js";

const admin: Actor = {
  id: "01900000-0000-7000-8000-000000000001",
  name: "Ada",
  email: "ada@example.com",
  role: "admin",
  team_id: null,
  via: "token",
  session_id: null,
};
const otherId = "01900000-0000-7000-8000-000000000002";

describe("checkOwnAccountChange", () => {
  it("refuses an admin deactivating or demoting themselves", () => {
    expect(() => checkOwnAccountChange(admin, admin.id, { is_active: false })).toThrow(ConflictError);
    expect(() => checkOwnAccountChange(admin, admin.id, { role: "agent" })).toThrow(/own admin role/);
  });

  it("allows every other change to oneself, and anything to others", () => {
    expect(() =>
      checkOwnAccountChange(admin, admin.id, { name: "A", role: "admin", is_active: true, team_id: null }),
    ).not.toThrow();
    expect(() => checkOwnAccountChange(admin, otherId, { role: "agent", is_active: false })).not.toThrow();
  });
});
