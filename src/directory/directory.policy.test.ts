import { describe, expect, it } from "vitest";
import type { Actor } from "../server/context.js";
import { ForbiddenError } from "../shared/errors.js";
import { authorize, can, type DirectoryAbility } from "./directory.policy.js";

const actor = (role: Actor["role"]): Actor => ({
  id: "01900000-0000-7000-8000-000000000001",
  name: "Someone",
  email: "someone@example.com",
  role,
  team_id: null,
  via: "session",
  session_id: null,
});

describe("directory policy", () => {
  const adminOnly: DirectoryAbility[] = [
    "team.create",
    "team.update",
    "team.delete",
    "category.create",
    "category.update",
    "category.delete",
    "user.create",
    "user.update",
    "user.reset_password",
  ];
  const staff: DirectoryAbility[] = [
    "directory.read",
    "company.create",
    "company.update",
    "company.delete",
    "contact.create",
    "contact.update",
    "contact.delete",
  ];

  it("keeps users, teams and categories to admins", () => {
    for (const ability of adminOnly) {
      expect(can(actor("admin"), ability), ability).toBe(true);
      expect(can(actor("agent"), ability), ability).toBe(false);
    }
    expect(() => authorize(actor("agent"), "category.delete")).toThrow(ForbiddenError);
    expect(() => authorize(actor("agent"), "category.delete")).toThrow("Only admins may delete categories");
    expect(() => authorize(actor("agent"), "user.reset_password")).toThrow("reset other users' passwords");
  });

  it("lets agents read everything and keep companies and contacts", () => {
    for (const ability of staff) {
      expect(can(actor("agent"), ability), ability).toBe(true);
      expect(can(actor("admin"), ability), ability).toBe(true);
    }
  });
});
