// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "../api/client";
import { formatExact } from "../components/relative-time";
import { renderWithMantine } from "../test-utils";
import { buildTicket } from "./ticket.fixture";
import { TicketSidePanel } from "./ticket-side-panel";
import { TicketSlaPanel } from "./ticket-sla-panel";

const now = Date.parse("2026-11-30T12:00:00Z");
const at = (minutes: number) => new Date(now + minutes * 60_000).toISOString();

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date", "setInterval", "clearInterval"] });
  vi.setSystemTime(now);
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function target(name: "first_response" | "resolution") {
  const row = document.querySelector(`[data-sla-target="${name}"]`) as HTMLElement;
  return {
    text: row.textContent ?? "",
    state: row.querySelector("[data-kind='sla-state']")?.textContent,
    tone: row.getAttribute("data-tone"),
  };
}

describe("the ticket page's SLA", () => {
  test("a new ticket: both targets due, the first response counting down", () => {
    renderWithMantine(
      <TicketSlaPanel
        ticket={buildTicket({
          first_response_due_at: at(8 * 60),
          resolution_due_at: at(72 * 60),
          sla: { first_response: "ok", resolution: "ok", next_due_at: at(8 * 60) },
        })}
      />,
    );
    expect(screen.getByRole("region", { name: "SLA" })).toBeTruthy();
    expect(target("first_response")).toEqual({
      text: `First response dueOn track${formatExact(at(8 * 60))}8 h left`,
      state: "On track",
      tone: "ok",
    });
    expect(target("resolution").text).toContain("3 d left");
  });

  test("answered, pending and overdue: met, paused, breached", () => {
    renderWithMantine(
      <TicketSlaPanel
        ticket={buildTicket({
          status: "pending",
          first_response_at: at(-120),
          first_response_due_at: at(-60),
          resolution_due_at: at(600),
          sla: { first_response: "breached", resolution: "paused", next_due_at: null },
        })}
      />,
    );
    expect(target("first_response")).toMatchObject({ state: "Breached", tone: "breached" });
    expect(target("first_response").text).toContain("Answered late");
    expect(target("resolution")).toMatchObject({ state: "Paused", tone: "paused" });
    cleanup();
    renderWithMantine(
      <TicketSlaPanel
        ticket={buildTicket({
          status: "in_progress",
          first_response_at: at(-300),
          first_response_due_at: at(-200),
          resolution_due_at: at(-65),
          sla: { first_response: "met", resolution: "warning", next_due_at: at(-65) },
        })}
      />,
    );
    expect(target("first_response")).toMatchObject({ state: "Met", tone: "met" });
    // The server said warning at the last fetch; the clock has since passed the due time.
    expect(target("resolution")).toMatchObject({ state: "Breached", tone: "breached" });
    expect(target("resolution").text).toContain("Overdue 1 h 5 m");
  });

  test("a ticket older than SLAs shows no SLA section", () => {
    renderWithMantine(<TicketSlaPanel ticket={buildTicket()} />);
    expect(screen.queryByRole("region", { name: "SLA" })).toBeNull();
  });
});

describe("the due date", () => {
  function renderPanel(change: Parameters<typeof buildTicket>[0]) {
    vi.spyOn(api, "GET").mockResolvedValue({
      data: { count: 0, results: [] },
      response: new Response(null, { status: 200 }),
    } as never);
    renderWithMantine(
      <QueryClientProvider client={new QueryClient()}>
        <TicketSidePanel ticket={buildTicket(change)} onChange={() => {}} />
      </QueryClientProvider>,
    );
    return screen.getByLabelText("Due date");
  }

  test("set by hand says so", () => {
    const input = renderPanel({ due_date: at(600), due_date_set_by_hand: true, resolution_due_at: at(900) });
    const description = document.getElementById(input.getAttribute("aria-describedby") ?? "");
    expect(description?.textContent).toBe("Set by hand; clear it to follow the SLA again");
  });

  test("otherwise it follows the SLA", () => {
    const input = renderPanel({ due_date: at(900), due_date_set_by_hand: false, resolution_due_at: at(900) });
    const description = document.getElementById(input.getAttribute("aria-describedby") ?? "");
    expect(description?.textContent).toBe("Follows the SLA's resolution due time");
  });
});
