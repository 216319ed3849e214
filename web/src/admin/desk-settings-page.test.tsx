// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, test, vi } from "vitest";
import { ApiError } from "../api/client";
import { renderWithMantine } from "../test-utils";
import { AutoCloseForm } from "./desk-settings-page";

afterEach(cleanup);

const settings = (days: number | null) => ({
  auto_close_after_days: days,
  updated_at: "2026-05-01T10:00:00.000Z",
});

describe("auto-close form", () => {
  test("turning auto-close off sends null (never), and back on sends the days", async () => {
    const onSave = vi.fn().mockResolvedValue(undefined);
    renderWithMantine(<AutoCloseForm settings={settings(4)} canEdit onSave={onSave} />);
    fireEvent.click(screen.getByLabelText(/^Close resolved tickets automatically/));
    expect(screen.queryByLabelText(/^Days without a reply/)).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Save settings" }));
    await waitFor(() => expect(onSave).toHaveBeenCalledWith({ auto_close_after_days: null }));

    fireEvent.click(screen.getByLabelText(/^Close resolved tickets automatically/));
    fireEvent.change(screen.getByLabelText(/^Days without a reply/), { target: { value: "30" } });
    fireEvent.click(screen.getByRole("button", { name: "Save settings" }));
    await waitFor(() => expect(onSave).toHaveBeenLastCalledWith({ auto_close_after_days: 30 }));
  });

  test("shows the server's message under the days", async () => {
    const onSave = vi
      .fn()
      .mockRejectedValue(
        new ApiError(400, "invalid_input", "Invalid auto_close_after_days", [
          { field: "auto_close_after_days", message: "must be 1 to 365 days, or null for never" },
        ]),
      );
    renderWithMantine(<AutoCloseForm settings={settings(4)} canEdit onSave={onSave} />);
    fireEvent.click(screen.getByRole("button", { name: "Save settings" }));
    const days = screen.getByLabelText(/^Days without a reply/);
    await waitFor(() => expect(days.getAttribute("aria-invalid")).toBe("true"));
    expect(screen.getByText("must be 1 to 365 days, or null for never")).toBeTruthy();
  });

  test("is read-only without the ability to change settings", () => {
    renderWithMantine(<AutoCloseForm settings={settings(null)} canEdit={false} onSave={vi.fn()} />);
    expect((screen.getByLabelText(/^Close resolved tickets automatically/) as HTMLInputElement).checked).toBe(
      false,
    );
    expect(screen.queryByRole("button", { name: "Save settings" })).toBeNull();
  });
});
