// @vitest-environment happy-dom
import { cleanup, screen } from "@testing-library/react";
import { afterEach, describe, expect, test } from "vitest";
import { renderWithMantine } from "../test-utils";
import { badgeHex, OverdueBadge, PriorityBadge, StatusBadge, TimeLeftBadge } from "./badges";

afterEach(cleanup);

function contrast(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  const [r, g, b] = [n >> 16, (n >> 8) & 255, n & 255].map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return 1.05 / (luminance + 0.05);
}

describe("ticket badges use the seed admin's colours", () => {
  test.each([
    ["new", "New", "red"],
    ["assigned", "Assigned", "orange"],
    ["in_progress", "In progress", "blue"],
    ["pending", "Pending", "purple"],
    ["resolved", "Resolved", "green"],
    ["closed", "Closed", "gray"],
  ] as const)("status %s reads %s in %s", (status, label, color) => {
    renderWithMantine(<StatusBadge status={status} />);
    const badge = screen.getByText(label).closest("[data-kind='status']");
    expect(badge?.getAttribute("data-color")).toBe(color);
    expect((badge as HTMLElement).style.getPropertyValue("--badge-bg").toLowerCase()).toBe(badgeHex[color]);
  });

  test.each([
    ["low", "Low", "gray"],
    ["medium", "Medium", "blue"],
    ["high", "High", "orange"],
    ["urgent", "Urgent", "red"],
  ] as const)("priority %s reads %s in %s", (priority, label, color) => {
    renderWithMantine(<PriorityBadge priority={priority} />);
    const badge = screen.getByText(label).closest("[data-kind='priority']");
    expect(badge?.getAttribute("data-color")).toBe(color);
  });

  test("the overdue badge is red", () => {
    renderWithMantine(<OverdueBadge />);
    expect(screen.getByText("Overdue").closest("[data-kind]")?.getAttribute("data-color")).toBe("red");
  });

  test.each([
    [{ label: "Overdue 1 h 5 m", tone: "breached" }, "red"],
    [{ label: "45 m", tone: "warning" }, "orange"],
    [{ label: "Paused", tone: "paused" }, "gray"],
  ] as const)("the SLA's %o is a filled %s badge", (left, color) => {
    renderWithMantine(<TimeLeftBadge left={left} />);
    const badge = screen.getByText(left.label).closest("[data-kind='sla']");
    expect(badge?.getAttribute("data-color")).toBe(color);
    expect(badge?.getAttribute("data-tone")).toBe(left.tone);
  });

  test("an SLA in time or met is outlined, and no SLA shows nothing", () => {
    renderWithMantine(<TimeLeftBadge left={{ label: "2 h 10 m", tone: "ok" }} title="First response due" />);
    const badge = screen.getByText("2 h 10 m").closest("[data-kind='sla']");
    expect(badge?.getAttribute("data-tone")).toBe("ok");
    expect(badge?.getAttribute("title")).toBe("First response due");
    cleanup();
    const { container } = renderWithMantine(<TimeLeftBadge left={{ label: "", tone: "none" }} />);
    expect(container.querySelector("[data-kind='sla']")).toBeNull();
  });

  test("every badge colour keeps white text readable (WCAG AA 4.5:1)", () => {
    for (const hex of Object.values(badgeHex)) expect(contrast(hex)).toBeGreaterThanOrEqual(4.5);
  });
});
