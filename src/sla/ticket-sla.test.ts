import { describe, expect, it } from "vitest";
import { officeHours } from "./business-time.fixtures.js";
import { compileCalendar } from "./business-time.js";
import { alwaysOpenCalendar } from "./calendar.js";
import {
  dueAnnouncements,
  newTicketSla,
  type SlaTargets,
  slaAfterChange,
  slaStates,
  type TicketSla,
} from "./ticket-sla.js";

const minute = 60_000;
const alwaysOpen: SlaTargets = {
  firstResponseMinutes: 60,
  resolutionMinutes: 240,
  calendar: compileCalendar(alwaysOpenCalendar),
};
const created = new Date("2026-12-07T09:00:00Z");
const plus = (minutes: number, from = created) => new Date(from.getTime() + minutes * minute);

function ticket(overrides: Partial<TicketSla> = {}, targets = alwaysOpen): TicketSla {
  const base = {
    status: "new" as const,
    created_at: created,
    first_response_at: null,
    resolved_at: null,
    sla_resolution_started_at: null,
    sla_paused_minutes: 0,
    sla_first_response_notice: null,
    sla_resolution_notice: null,
    due_date: null,
  };
  const sla = newTicketSla(base, targets);
  return {
    ...base,
    first_response_due_at: sla.first_response_due_at ?? null,
    resolution_due_at: sla.resolution_due_at ?? null,
    sla_paused_at: sla.sla_paused_at ?? null,
    due_date: sla.due_date ?? null,
    due_date_manual: sla.due_date_manual,
    ...overrides,
  };
}

describe("ticket SLA", () => {
  it("gives a new ticket both due times, a due date that follows the resolution, and a wake-up at 80%", () => {
    const sla = newTicketSla({ status: "new", created_at: created, due_date: null }, alwaysOpen);
    expect(sla.first_response_due_at).toEqual(plus(60));
    expect(sla.resolution_due_at).toEqual(plus(240));
    expect(sla.due_date).toEqual(plus(240));
    expect(sla.due_date_manual).toBe(false);
    expect(sla.sla_next_check_at).toEqual(plus(48));
    expect(sla.sla_next_due_at).toEqual(plus(60));
  });

  it("keeps a due date set by hand", () => {
    const byHand = plus(10_000);
    const sla = newTicketSla({ status: "new", created_at: created, due_date: byHand }, alwaysOpen);
    expect(sla.due_date).toBeUndefined();
    expect(sla.due_date_manual).toBe(true);
  });

  it("counts in business hours: a Friday afternoon ticket's resolution is due on Monday", () => {
    const office: SlaTargets = { ...alwaysOpen, calendar: compileCalendar(officeHours("Europe/Berlin")) };
    const friday = new Date("2026-12-04T15:00:00Z"); // 16:00 in Berlin; the office closes at 17:00
    const sla = newTicketSla({ status: "new", created_at: friday, due_date: null }, office);
    expect(sla.first_response_due_at).toEqual(new Date("2026-12-04T16:00:00Z")); // Fri 17:00 Berlin
    expect(sla.resolution_due_at).toEqual(new Date("2026-12-07T11:00:00Z")); // Mon 12:00 Berlin
  });

  it("pauses the resolution clock while pending and pushes it back by the paused time", () => {
    const t = ticket({ first_response_at: plus(10), status: "in_progress" });
    const paused = slaAfterChange(t, { ...t, status: "pending" }, alwaysOpen, plus(30));
    expect(paused.sla_paused_at).toEqual(plus(30));
    expect(paused.sla_next_due_at).toBeNull();
    expect(paused.sla_next_check_at).toBeNull();
    const pending = { ...t, ...paused, status: "pending" as const } as TicketSla;
    expect(slaStates(pending, plus(1_000)).resolution).toBe("paused");
    const resumed = slaAfterChange(pending, { ...pending, status: "in_progress" }, alwaysOpen, plus(130));
    expect(resumed.sla_paused_minutes).toBe(100);
    expect(resumed.resolution_due_at).toEqual(plus(340));
    expect(resumed.due_date).toEqual(plus(340));
  });

  it("starts a new resolution target on a reopen", () => {
    const t = ticket({ first_response_at: plus(10), status: "resolved", resolved_at: plus(100) });
    const reopened = slaAfterChange(
      t,
      { ...t, status: "in_progress", resolved_at: null },
      alwaysOpen,
      plus(1_000),
    );
    expect(reopened.sla_resolution_started_at).toEqual(plus(1_000));
    expect(reopened.resolution_due_at).toEqual(plus(1_240));
  });

  it("recomputes both targets from creation on a priority change, and keeps a standing breach", () => {
    const t = ticket({ sla_first_response_notice: "breached" });
    const urgent: SlaTargets = { ...alwaysOpen, firstResponseMinutes: 30, resolutionMinutes: 120 };
    const changed = slaAfterChange(t, t, urgent, plus(90));
    expect(changed.first_response_due_at).toEqual(plus(30));
    expect(changed.resolution_due_at).toEqual(plus(120));
    // Still past the first response's new due time: not announced again.
    expect(changed.sla_first_response_notice).toBe("breached");
    const lower: SlaTargets = { ...alwaysOpen, firstResponseMinutes: 480, resolutionMinutes: 2_880 };
    expect(slaAfterChange(t, t, lower, plus(90)).sla_first_response_notice).toBeNull();
  });

  it("announces a warning at 80% and a breach at 100%, each once", () => {
    let t = ticket();
    expect(dueAnnouncements(t, alwaysOpen, plus(47)).announcements).toEqual([]);
    const warned = dueAnnouncements(t, alwaysOpen, plus(48));
    expect(warned.announcements).toEqual([{ target: "first_response", type: "sla_warning" }]);
    t = { ...t, ...warned.patch } as TicketSla;
    expect(warned.patch.sla_next_check_at).toEqual(plus(60));
    expect(slaStates(t, plus(50)).first_response).toBe("warning");
    expect(dueAnnouncements(t, alwaysOpen, plus(55)).announcements).toEqual([]);
    const breached = dueAnnouncements(t, alwaysOpen, plus(60));
    expect(breached.announcements).toEqual([{ target: "first_response", type: "sla_breached" }]);
    t = { ...t, ...breached.patch } as TicketSla;
    expect(dueAnnouncements(t, alwaysOpen, plus(61)).announcements).toEqual([]);
    expect(slaStates(t, plus(61)).first_response).toBe("breached");
  });

  it("skips the warning of a target found already breached", () => {
    const found = dueAnnouncements(ticket(), alwaysOpen, plus(300));
    expect(found.announcements).toEqual([
      { target: "first_response", type: "sla_breached" },
      { target: "resolution", type: "sla_breached" },
    ]);
    expect(found.patch.sla_next_check_at).toBeNull();
  });

  it("calls a target met when reached in time and breached when late", () => {
    const onTime = ticket({ first_response_at: plus(59), status: "resolved", resolved_at: plus(200) });
    expect(slaStates(onTime, plus(10_000))).toEqual({ first_response: "met", resolution: "met" });
    const late = ticket({ first_response_at: plus(61), status: "closed", resolved_at: plus(241) });
    expect(slaStates(late, plus(10_000))).toEqual({ first_response: "breached", resolution: "breached" });
  });
});
