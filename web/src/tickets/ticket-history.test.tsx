// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, screen } from "@testing-library/react";
import { afterEach, describe, expect, test, vi } from "vitest";
import { api, type Schemas } from "../api/client";
import { formatExact } from "../components/relative-time";
import { renderWithMantine } from "../test-utils";
import { describeEvent, TicketHistory } from "./ticket-history";

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const ticketId = "00000000-0000-4000-8000-0000000000aa";
const due = "2026-11-30T17:00:00.000Z";
let nextId = 0;

function event(change: Partial<Schemas["TicketEvent"]>): Schemas["TicketEvent"] {
  nextId += 1;
  return {
    id: `00000000-0000-4000-8000-${String(nextId).padStart(12, "0")}`,
    ticket_id: ticketId,
    type: "created",
    field: null,
    old_value: null,
    new_value: null,
    actor: null,
    created_at: "2026-11-30T16:00:00.000Z",
    ...change,
  };
}

describe("the ticket's history in words", () => {
  test("SLA warnings and breaches name the target and its due time", () => {
    expect(describeEvent(event({ type: "sla_warning", field: "first_response", new_value: due }))).toBe(
      `SLA warning: first response due at ${formatExact(due)}`,
    );
    expect(describeEvent(event({ type: "sla_breached", field: "resolution", new_value: due }))).toBe(
      `SLA breached: resolution, was due at ${formatExact(due)}`,
    );
    expect(describeEvent(event({ type: "sla_breached", field: "resolution", new_value: null }))).toBe(
      "SLA breached: resolution",
    );
  });

  test("auto-assignment says why it chose, or why it could not", () => {
    expect(
      describeEvent(
        event({ type: "auto_assigned", field: "assigned_to", new_value: "least loaded: 3 open" }),
      ),
    ).toBe("assigned it automatically (least loaded: 3 open)");
    expect(
      describeEvent(
        event({ type: "auto_assignment_skipped", new_value: "no agent of the team is available" }),
      ),
    ).toBe("could not assign it automatically: no agent of the team is available");
  });

  test("the sweep's events are the System's: SLA notices, auto-close and escalation", async () => {
    vi.spyOn(api, "GET").mockResolvedValue({
      data: {
        count: 3,
        results: [
          event({ type: "sla_warning", field: "first_response", new_value: due }),
          event({ type: "sla_breached", field: "first_response", new_value: due }),
          event({ type: "field_changed", field: "status", old_value: "resolved", new_value: "closed" }),
        ],
      },
      response: new Response(null, { status: 200 }),
    } as never);
    renderWithMantine(
      <QueryClientProvider client={new QueryClient()}>
        <TicketHistory ticketId={ticketId} />
      </QueryClientProvider>,
    );
    const items = await screen.findAllByRole("listitem");
    // Each entry without its relative time ("3 hours ago"), which depends on today.
    const words = (item: HTMLElement) =>
      (item.textContent ?? "").replace(item.querySelector("time")?.textContent ?? "", "").trim();
    expect(items.map(words)).toEqual([
      `System SLA warning: first response due at ${formatExact(due)}`,
      `System SLA breached: first response, was due at ${formatExact(due)}`,
      "System changed status from resolved to closed",
    ]);
  });
});
