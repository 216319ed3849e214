// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, test, vi } from "vitest";
import { ApiError } from "../api/client";
import { renderWithMantine } from "../test-utils";
import { type Calendar, CalendarForm } from "./calendar-form";

afterEach(cleanup);

function buildCalendar(overrides: Partial<Calendar> = {}): Calendar {
  const closed: { from: string; to: string }[] = [];
  return {
    id: "00000000-0000-4000-8000-000000000001",
    name: "Berlin office",
    time_zone: "Europe/Berlin",
    hours: {
      monday: [
        { from: "09:00", to: "12:00" },
        { from: "13:00", to: "17:00" },
      ],
      tuesday: [{ from: "09:00", to: "17:00" }],
      wednesday: closed,
      thursday: closed,
      friday: closed,
      saturday: closed,
      sunday: closed,
    },
    holidays: ["2026-12-25"],
    is_default: false,
    created_at: "2026-05-01T10:00:00.000Z",
    updated_at: "2026-05-01T10:00:00.000Z",
    ...overrides,
  };
}

const input = (label: string | RegExp) => screen.getByLabelText(label) as HTMLInputElement;
/** The text of whatever describes an input: Mantine links an input's error to it this way. */
const described = (el: HTMLElement) =>
  (el.getAttribute("aria-describedby") ?? "")
    .split(" ")
    .map((id) => document.getElementById(id)?.textContent)
    .join(" ");

describe("business calendar form", () => {
  test("edits intervals and holidays and sends the whole calendar", async () => {
    const onSave = vi.fn().mockResolvedValue(undefined);
    renderWithMantine(<CalendarForm calendar={buildCalendar()} onSave={onSave} onCancel={vi.fn()} />);
    fireEvent.change(input("Monday closes (2)"), { target: { value: "18:30" } });
    fireEvent.click(screen.getByRole("button", { name: "Remove Tuesday hours" }));
    expect(screen.getAllByText("Closed")).toHaveLength(6);
    fireEvent.click(screen.getByRole("button", { name: "Add opening hours on Saturday" }));
    fireEvent.change(input("Saturday opens"), { target: { value: "10:00" } });
    fireEvent.change(input("Saturday closes"), { target: { value: "24:00" } });
    fireEvent.click(screen.getByRole("button", { name: "Add holiday" }));
    fireEvent.change(input("Holiday 2"), { target: { value: "2026-12-26" } });
    fireEvent.click(screen.getByRole("button", { name: "Save calendar" }));
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    expect(onSave.mock.calls[0]?.[0]).toEqual({
      name: "Berlin office",
      time_zone: "Europe/Berlin",
      hours: {
        monday: [
          { from: "09:00", to: "12:00" },
          { from: "13:00", to: "18:30" },
        ],
        tuesday: [],
        wednesday: [],
        thursday: [],
        friday: [],
        saturday: [{ from: "10:00", to: "24:00" }],
        sunday: [],
      },
      holidays: ["2026-12-25", "2026-12-26"],
    });
  });

  test("a new calendar starts as office hours, Monday to Friday 09:00–17:00, in UTC", async () => {
    const onSave = vi.fn().mockResolvedValue(undefined);
    renderWithMantine(<CalendarForm calendar={null} onSave={onSave} onCancel={vi.fn()} />);
    fireEvent.change(input(/^Name/), { target: { value: "Office" } });
    fireEvent.click(screen.getByRole("button", { name: "Create calendar" }));
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    const body = onSave.mock.calls[0]?.[0];
    expect(body.time_zone).toBe("UTC");
    expect(body.hours.friday).toEqual([{ from: "09:00", to: "17:00" }]);
    expect(body.hours.saturday).toEqual([]);
    expect(body.holidays).toEqual([]);
  });

  test("the server's 400 shows each problem under its input, day or list, and the rest in the alert", async () => {
    const onSave = vi.fn().mockRejectedValue(
      new ApiError(400, "invalid_input", "Invalid time_zone, hours.monday.0.from, …", [
        {
          field: "time_zone",
          message: "is not a known time zone; use an IANA name such as Europe/Berlin or UTC",
        },
        { field: "hours.monday.0.from", message: "must be a time HH:MM from 00:00 to 24:00" },
        { field: "hours.monday.1", message: "is empty: it must end after it starts" },
        { field: "hours.tuesday", message: "09:00–13:00 and 12:00–17:00 overlap" },
        { field: "holidays.0", message: "must be a date YYYY-MM-DD that exists" },
        { field: "hours.someday", message: "Unrecognized key" },
      ]),
    );
    renderWithMantine(<CalendarForm calendar={buildCalendar()} onSave={onSave} onCancel={vi.fn()} />);
    fireEvent.click(screen.getByRole("button", { name: "Save calendar" }));
    const mondayOpens = input("Monday opens (1)");
    await waitFor(() => expect(mondayOpens.getAttribute("aria-invalid")).toBe("true"));
    expect(described(mondayOpens)).toContain("must be a time HH:MM from 00:00 to 24:00");
    expect(described(input("Monday closes (2)"))).toContain("is empty: it must end after it starts");
    expect(input("Monday closes (1)").getAttribute("aria-invalid")).not.toBe("true");
    expect(described(input("Holiday 1"))).toContain("must be a date YYYY-MM-DD that exists");
    // The zone select's listbox carries its label too; the input is the one described by the error.
    const zone = screen.getAllByLabelText("Time zone").find((el) => el.tagName === "INPUT");
    expect(zone && described(zone)).toContain("is not a known time zone");
    const tuesday = document.querySelector('[data-day="tuesday"]');
    expect(tuesday?.textContent).toContain("09:00–13:00 and 12:00–17:00 overlap");
    expect(document.querySelector('[data-day="monday"]')?.textContent).not.toContain("overlap");
    expect(screen.getByRole("alert").textContent).toBe(
      "Invalid time_zone, hours.monday.0.from, …; hours.someday: Unrecognized key",
    );
    expect(input(/^Name/).getAttribute("aria-invalid")).not.toBe("true");
  });

  test("a week without hours is named above the days", async () => {
    const onSave = vi
      .fn()
      .mockRejectedValue(
        new ApiError(400, "invalid_input", "Invalid hours", [
          { field: "hours", message: "must have opening hours on at least one day" },
        ]),
      );
    renderWithMantine(<CalendarForm calendar={buildCalendar()} onSave={onSave} onCancel={vi.fn()} />);
    fireEvent.click(screen.getByRole("button", { name: "Save calendar" }));
    await screen.findByText("must have opening hours on at least one day");
    expect(screen.getByRole("alert").textContent).toBe("Invalid hours");
  });
});
