import { describe, expect, test } from "vitest";
import { formatSpan, runningTarget, type TicketSlaFields, targetTimeLeft, timeLeft } from "./time-left";

const now = Date.parse("2026-11-30T12:00:00Z");
const at = (minutesFromNow: number) => new Date(now + minutesFromNow * 60_000).toISOString();

function ticket(
  change: Partial<TicketSlaFields["sla"]> & Partial<Omit<TicketSlaFields, "sla">>,
): TicketSlaFields {
  const { first_response_due_at = at(130), resolution_due_at = at(3 * 24 * 60), ...sla } = change;
  return {
    first_response_due_at,
    resolution_due_at,
    sla: { first_response: "ok", resolution: "ok", next_due_at: first_response_due_at, ...sla },
  };
}

describe("formatSpan", () => {
  test("minutes, hours and minutes, then days and hours; whole minutes rounded down", () => {
    expect(formatSpan(45 * 60_000)).toBe("45 m");
    expect(formatSpan(130 * 60_000)).toBe("2 h 10 m");
    expect(formatSpan(8 * 3600_000)).toBe("8 h");
    expect(formatSpan(8 * 3600_000 - 1000)).toBe("7 h 59 m");
    expect(formatSpan((3 * 24 + 4) * 3600_000 + 59 * 60_000)).toBe("3 d 4 h");
    expect(formatSpan(2 * 24 * 3600_000)).toBe("2 d");
    expect(formatSpan(24 * 3600_000 - 60_000)).toBe("23 h 59 m");
    expect(formatSpan(59_000)).toBe("< 1 m");
    expect(formatSpan(-65 * 60_000)).toBe("1 h 5 m");
  });
});

describe("the queue's time left", () => {
  test("the first response counts down while it is due", () => {
    expect(timeLeft(ticket({}), now)).toEqual({ label: "2 h 10 m", tone: "ok", target: "first_response" });
  });

  test("a warning shows in the warning tone", () => {
    const t = ticket({ first_response_due_at: at(45), first_response: "warning" });
    expect(timeLeft(t, now)).toEqual({ label: "45 m", tone: "warning", target: "first_response" });
  });

  test("past the due time: overdue, red, whether or not the server has announced the breach yet", () => {
    const due = at(-65);
    expect(timeLeft(ticket({ first_response_due_at: due, first_response: "breached" }), now)).toMatchObject({
      label: "Overdue 1 h 5 m",
      tone: "breached",
    });
    expect(timeLeft(ticket({ first_response_due_at: due, first_response: "warning" }), now)).toMatchObject({
      label: "Overdue 1 h 5 m",
      tone: "breached",
    });
  });

  test("breached by the server's clock although not past by this one: breached", () => {
    const t = ticket({ first_response_due_at: at(1), first_response: "breached" });
    expect(timeLeft(t, now)).toMatchObject({ label: "Breached", tone: "breached" });
  });

  test("once the first response is given, the resolution counts, in days for long spans", () => {
    const resolution = at((3 * 24 + 4) * 60 + 20);
    const t = ticket({ first_response: "met", resolution_due_at: resolution, next_due_at: resolution });
    expect(runningTarget(t)).toBe("resolution");
    expect(timeLeft(t, now)).toEqual({ label: "3 d 4 h", tone: "ok", target: "resolution" });
  });

  test("a first response given late does not keep counting: the resolution does", () => {
    const resolution = at(600);
    const t = ticket({
      first_response_due_at: at(-30),
      first_response: "breached",
      resolution_due_at: resolution,
      next_due_at: resolution,
    });
    expect(timeLeft(t, now)).toEqual({ label: "10 h", tone: "ok", target: "resolution" });
  });

  test("pending: the resolution is paused", () => {
    const t = ticket({ first_response: "met", resolution: "paused", next_due_at: null });
    expect(timeLeft(t, now)).toEqual({ label: "Paused", tone: "paused", target: "resolution" });
  });

  test("pending before any response: the first response still counts, as the queue sorts it", () => {
    const t = ticket({ resolution: "paused" });
    expect(timeLeft(t, now)).toMatchObject({ label: "2 h 10 m", target: "first_response" });
  });

  test("done: met, or breached when a target was missed", () => {
    const done = { first_response: "met", resolution: "met", next_due_at: null } as const;
    expect(timeLeft(ticket(done), now)).toEqual({ label: "Met", tone: "met", target: null });
    expect(timeLeft(ticket({ ...done, resolution: "breached" }), now)).toMatchObject({
      label: "Breached",
      tone: "breached",
    });
    expect(timeLeft(ticket({ ...done, first_response: "breached" }), now).tone).toBe("breached");
  });

  test("a ticket older than SLAs says nothing", () => {
    const t = ticket({ first_response_due_at: null, resolution_due_at: null, next_due_at: null });
    expect(timeLeft(t, now)).toEqual({ label: "", tone: "none", target: null });
  });
});

describe("one target on the ticket page", () => {
  test("running, stopped, paused and without a due time", () => {
    expect(targetTimeLeft(at(130), "ok", true, now)).toEqual({ label: "2 h 10 m", tone: "ok" });
    expect(targetTimeLeft(at(-5), "breached", true, now)).toEqual({ label: "Overdue 5 m", tone: "breached" });
    expect(targetTimeLeft(at(-5), "met", false, now)).toEqual({ label: "Met", tone: "met" });
    expect(targetTimeLeft(at(-5), "breached", false, now)).toEqual({ label: "Breached", tone: "breached" });
    expect(targetTimeLeft(at(60), "paused", false, now)).toEqual({ label: "Paused", tone: "paused" });
    expect(targetTimeLeft(null, "ok", true, now)).toEqual({ label: "", tone: "none" });
  });
});
