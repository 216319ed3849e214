// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, test, vi } from "vitest";
import { ApiError } from "../api/client";
import { renderWithMantine } from "../test-utils";
import { type Macro, MacroForm } from "./macro-form";

afterEach(cleanup);

const finance = "00000000-0000-4000-8000-0000000000f1";
const placeholders = [
  { name: "ticket.number", description: "The ticket's number" },
  { name: "contact.first_name", description: "The contact's first name" },
];

function buildMacro(overrides: Partial<Macro> = {}): Macro {
  return {
    id: "00000000-0000-4000-8000-000000000001",
    name: "Refund",
    description: "Billing asks",
    is_active: true,
    actions: {
      status: "pending",
      team_id: finance,
      assignee: "current_user",
      add_tags: ["billing"],
      comment: { text: "Checked {{ticket.number}}", is_internal: true },
    },
    created_by: null,
    problems: [],
    created_at: "2026-05-01T10:00:00.000Z",
    updated_at: "2026-05-01T10:00:00.000Z",
    ...overrides,
  };
}

function renderForm(macro: Macro | null, onSave = vi.fn().mockResolvedValue(undefined)) {
  renderWithMantine(
    <MacroForm
      macro={macro}
      teams={[{ value: finance, label: "Finance" }]}
      agents={[]}
      placeholders={placeholders}
      onSave={onSave}
      onCancel={vi.fn()}
    />,
  );
  return onSave;
}

/** The field labelled so (a Select's and a TagsInput's option lists carry the same label). */
function input(label: RegExp): HTMLInputElement {
  const fields = screen.getAllByLabelText(label).filter((el) => ["INPUT", "TEXTAREA"].includes(el.tagName));
  if (fields.length !== 1) throw new Error(`${fields.length} fields labelled ${label}`);
  return fields[0] as HTMLInputElement;
}
const described = (el: HTMLElement) =>
  (el.getAttribute("aria-describedby") ?? "")
    .split(" ")
    .map((id) => document.getElementById(id)?.textContent)
    .join(" ");

describe("macro form", () => {
  test("a new macro with a public reply sends only the actions chosen", async () => {
    const onSave = renderForm(null);
    expect(screen.queryByRole("table", { name: "Placeholders" })).toBeNull();
    fireEvent.change(input(/^Name/), { target: { value: "Say thanks" } });
    fireEvent.click(screen.getByLabelText(/^Public reply/));
    // The placeholder help shows with the text it is for.
    expect(screen.getByRole("table", { name: "Placeholders" }).textContent).toContain(
      "{{contact.first_name}}",
    );
    fireEvent.change(input(/^Reply text/), { target: { value: "Thanks, {{contact.first_name}}!" } });
    fireEvent.click(screen.getByRole("button", { name: "Create macro" }));
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    expect(onSave.mock.calls[0]?.[0]).toEqual({
      name: "Say thanks",
      description: null,
      is_active: true,
      actions: { comment: { text: "Thanks, {{contact.first_name}}!", is_internal: false } },
    });
  });

  test("editing keeps every action as it was saved", async () => {
    const macro = buildMacro();
    const onSave = renderForm(macro);
    expect(input(/^Note text/).value).toBe("Checked {{ticket.number}}");
    fireEvent.click(screen.getByRole("button", { name: "Save macro" }));
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    expect(onSave.mock.calls[0]?.[0]).toEqual({
      name: "Refund",
      description: "Billing asks",
      is_active: true,
      actions: macro.actions,
    });
  });

  test("clearing the team and unassigning are actions too; choosing no comment drops it", async () => {
    const onSave = renderForm(
      buildMacro({
        actions: { team_id: null, assignee: null, comment: { text: "Bye", is_internal: false } },
      }),
    );
    expect(input(/^Team/).value).toBe("No team (clear it)");
    expect(input(/^Assignee/).value).toBe("Nobody (unassign)");
    fireEvent.click(screen.getByLabelText(/^None/));
    expect(screen.queryByLabelText(/^Reply text/)).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Save macro" }));
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    expect(onSave.mock.calls[0]?.[0].actions).toEqual({ team_id: null, assignee: null });
  });

  test("the server's 400 shows under the fields it names, and the rest in the alert", async () => {
    const onSave = vi.fn().mockRejectedValue(
      new ApiError(400, "invalid_input", "Invalid actions.comment.text", [
        { field: "actions.comment.text", message: "unknown placeholder {{contact.nmae}}" },
        { field: "actions.add_tags.0", message: "must not contain commas" },
        { field: "actions", message: "must have at least one action" },
      ]),
    );
    renderForm(buildMacro(), onSave);
    fireEvent.click(screen.getByRole("button", { name: "Save macro" }));
    const text = input(/^Note text/);
    await waitFor(() => expect(text.getAttribute("aria-invalid")).toBe("true"));
    expect(described(text)).toContain("unknown placeholder {{contact.nmae}}");
    expect(described(input(/^Add tags/))).toContain("must not contain commas");
    expect(input(/^Name/).getAttribute("aria-invalid")).not.toBe("true");
    expect(screen.getByRole("alert").textContent).toBe(
      "Invalid actions.comment.text; actions: must have at least one action",
    );
  });

  test("a team or user gone since the macro was saved still shows, named as such", () => {
    renderForm(
      buildMacro({
        actions: {
          team_id: "00000000-0000-4000-8000-0000000000aa",
          assignee: { user_id: "00000000-0000-4000-8000-0000000000bb" },
        },
      }),
    );
    expect(input(/^Team/).value).toBe("A deleted team");
    expect(input(/^Assignee/).value).toBe("A deactivated user");
  });
});
