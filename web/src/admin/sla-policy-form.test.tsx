// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, test, vi } from "vitest";
import { ApiError } from "../api/client";
import { renderWithMantine } from "../test-utils";
import { type SlaPolicy, SlaPolicyForm } from "./sla-policy-form";

afterEach(cleanup);

const calendar = { id: "00000000-0000-4000-8000-0000000000c1", name: "24×7" };
const teams = [{ value: "00000000-0000-4000-8000-0000000000t1", label: "Tech" }];

function buildPolicy(overrides: Partial<SlaPolicy> = {}): SlaPolicy {
  return {
    id: "00000000-0000-4000-8000-000000000001",
    priority: "urgent",
    team: null,
    first_response_minutes: 60,
    resolution_minutes: 240,
    calendar,
    escalation: { notify_team_admins: true, raise_priority: false, move_to_team: null },
    is_fallback: true,
    created_at: "2026-05-01T10:00:00.000Z",
    updated_at: "2026-05-01T10:00:00.000Z",
    ...overrides,
  };
}

const field = (label: RegExp) =>
  screen.getAllByLabelText(label).find((el) => el.tagName === "INPUT") as HTMLInputElement;

describe("SLA policy form", () => {
  test("a team-less policy keeps its priority and team: both locked and not sent", async () => {
    const onSave = vi.fn().mockResolvedValue(undefined);
    renderWithMantine(
      <SlaPolicyForm
        policy={buildPolicy()}
        teams={teams}
        calendars={[{ value: calendar.id, label: calendar.name }]}
        onSave={onSave}
        onCancel={vi.fn()}
      />,
    );
    expect(field(/^Priority/).disabled).toBe(true);
    expect(field(/^Team/).disabled).toBe(true);
    expect(screen.getByText("1 h of business time")).toBeTruthy();
    fireEvent.change(field(/^Resolution/), { target: { value: "300" } });
    await screen.findByText("5 h of business time");
    fireEvent.click(screen.getByRole("button", { name: "Save policy" }));
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    expect(onSave.mock.calls[0]?.[0]).toEqual({
      first_response_minutes: 60,
      resolution_minutes: 300,
      calendar_id: calendar.id,
      escalation: { notify_team_admins: true, raise_priority: false, move_to_team_id: null },
    });
  });

  test("shows the server's messages under the targets", async () => {
    const onSave = vi
      .fn()
      .mockRejectedValue(
        new ApiError(400, "invalid_input", "Invalid resolution_minutes", [
          { field: "resolution_minutes", message: "must be at least the first response target (60 minutes)" },
        ]),
      );
    renderWithMantine(
      <SlaPolicyForm policy={null} teams={teams} calendars={[]} onSave={onSave} onCancel={vi.fn()} />,
    );
    fireEvent.click(screen.getByRole("button", { name: "Create policy" }));
    const resolution = field(/^Resolution/);
    await waitFor(() => expect(resolution.getAttribute("aria-invalid")).toBe("true"));
    expect(screen.getByText("must be at least the first response target (60 minutes)")).toBeTruthy();
    expect(field(/^First response/).getAttribute("aria-invalid")).not.toBe("true");
    expect(screen.getByRole("alert").textContent).toBe("Invalid resolution_minutes");
  });
});
