// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { renderWithMantine } from "../test-utils";
import { QueueCards, QueueTable } from "./queue-table";
import { buildTicket } from "./ticket.fixture";

const now = Date.parse("2026-11-30T12:00:00Z");
const at = (minutes: number) => new Date(now + minutes * 60_000).toISOString();

beforeEach(() => {
  // Only the clock and the interval: Mantine's own timeouts run as usual.
  vi.useFakeTimers({ toFake: ["Date", "setInterval", "clearInterval"] });
  vi.setSystemTime(now);
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const running = buildTicket({
  ticket_number: "T-20261130-0001",
  first_response_due_at: at(130),
  resolution_due_at: at(72 * 60),
  sla: { first_response: "ok", resolution: "ok", next_due_at: at(130) },
});
const breached = buildTicket({
  id: "00000000-0000-4000-8000-0000000000ab",
  ticket_number: "T-20261130-0002",
  first_response_due_at: at(-65),
  resolution_due_at: at(60),
  sla: { first_response: "breached", resolution: "warning", next_due_at: at(-65) },
});
const paused = buildTicket({
  id: "00000000-0000-4000-8000-0000000000ac",
  ticket_number: "T-20261130-0003",
  status: "pending",
  first_response_due_at: at(-600),
  resolution_due_at: at(600),
  sla: { first_response: "met", resolution: "paused", next_due_at: null },
});

function props(onSort = vi.fn()) {
  return {
    tickets: [running, breached, paused],
    categoryLabels: new Map<string, string>(),
    ordering: "-created_at",
    onSort,
    selected: new Set<string>(),
    onSelect: vi.fn(),
    cursor: -1,
  };
}

function slaOf(number: string) {
  return document.querySelector(`[data-ticket="${number}"] [data-kind="sla"]`);
}

describe("the queue's SLA column", () => {
  test("shows each ticket's time left: counting down, overdue in red, paused in gray", () => {
    renderWithMantine(
      <MemoryRouter>
        <QueueTable {...props()} />
      </MemoryRouter>,
    );
    expect(screen.getByRole("columnheader", { name: /SLA/ })).toBeTruthy();
    expect(slaOf(running.ticket_number)?.textContent).toBe("2 h 10 m");
    expect(slaOf(running.ticket_number)?.getAttribute("title")).toMatch(/^First response due /);
    expect(slaOf(breached.ticket_number)?.textContent).toBe("Overdue 1 h 5 m");
    expect(slaOf(breached.ticket_number)?.getAttribute("data-color")).toBe("red");
    expect(slaOf(paused.ticket_number)?.textContent).toBe("Paused");
    expect(slaOf(paused.ticket_number)?.getAttribute("data-color")).toBe("gray");
  });

  test("counts down as time passes, without a new fetch", () => {
    renderWithMantine(
      <MemoryRouter>
        <QueueTable {...props()} />
      </MemoryRouter>,
    );
    act(() => vi.advanceTimersByTime(60_000));
    expect(slaOf(running.ticket_number)?.textContent).toBe("2 h 9 m");
    act(() => vi.advanceTimersByTime(2 * 3600_000 + 9 * 60_000));
    expect(slaOf(running.ticket_number)?.textContent).toBe("Overdue < 1 m");
    expect(slaOf(running.ticket_number)?.getAttribute("data-tone")).toBe("breached");
  });

  test("a due date set by hand says so; one that follows the SLA does not", () => {
    const byHand = buildTicket({ ...running, due_date: at(600), due_date_set_by_hand: true });
    renderWithMantine(
      <MemoryRouter>
        <QueueTable {...props()} tickets={[byHand, { ...breached, due_date: at(60) }]} />
      </MemoryRouter>,
    );
    expect(document.querySelector(`[data-ticket="${byHand.ticket_number}"]`)?.textContent).toContain(
      "set by hand",
    );
    expect(document.querySelector(`[data-ticket="${breached.ticket_number}"]`)?.textContent).not.toContain(
      "set by hand",
    );
  });

  test("its header sorts by the next SLA due time, soonest first", () => {
    const onSort = vi.fn();
    renderWithMantine(
      <MemoryRouter>
        <QueueTable {...props(onSort)} />
      </MemoryRouter>,
    );
    const header = screen.getByRole("columnheader", { name: /SLA/ });
    fireEvent.click(within(header).getByRole("button"));
    expect(onSort).toHaveBeenCalledWith("sla_due");
  });

  test("the phone cards show it too", () => {
    renderWithMantine(
      <MemoryRouter>
        <QueueCards {...props()} />
      </MemoryRouter>,
    );
    expect(slaOf(running.ticket_number)?.textContent).toBe("2 h 10 m");
    expect(slaOf(breached.ticket_number)?.textContent).toBe("Overdue 1 h 5 m");
    expect(slaOf(paused.ticket_number)?.textContent).toBe("Paused");
  });
});
