import { Badge } from "@mantine/core";
import type { Schemas } from "../api/client";
import type { TimeLeft, TimeLeftTone } from "./time-left";

export type TicketStatus = Schemas["Ticket"]["status"];
export type TicketPriority = Schemas["Ticket"]["priority"];

/** The seed admin's colours, in shades dark enough for white text (WCAG AA). */
export const badgeHex = {
  red: "#c92a2a",
  orange: "#c2410c",
  blue: "#1864ab",
  purple: "#6741d9",
  green: "#237032",
  gray: "#495057",
} as const;
export type BadgeColor = keyof typeof badgeHex;

export const statusColor: Record<TicketStatus, BadgeColor> = {
  new: "red",
  assigned: "orange",
  in_progress: "blue",
  pending: "purple",
  resolved: "green",
  closed: "gray",
};

export const priorityColor: Record<TicketPriority, BadgeColor> = {
  low: "gray",
  medium: "blue",
  high: "orange",
  urgent: "red",
};

export const statusLabel: Record<TicketStatus, string> = {
  new: "New",
  assigned: "Assigned",
  in_progress: "In progress",
  pending: "Pending",
  resolved: "Resolved",
  closed: "Closed",
};

export const priorityLabel: Record<TicketPriority, string> = {
  low: "Low",
  medium: "Medium",
  high: "High",
  urgent: "Urgent",
};

export const statuses = Object.keys(statusLabel) as TicketStatus[];
export const priorities = Object.keys(priorityLabel) as TicketPriority[];

function ColorBadge({
  color,
  label,
  kind,
  ...rest
}: {
  color: BadgeColor;
  label: string;
  kind: string;
  tt?: "none";
  title?: string;
  "data-tone"?: string;
}) {
  return (
    <Badge
      color={badgeHex[color]}
      autoContrast={false}
      c="white"
      data-color={color}
      data-kind={kind}
      radius="sm"
      {...rest}
    >
      {label}
    </Badge>
  );
}

export function StatusBadge({ status }: { status: TicketStatus }) {
  return <ColorBadge color={statusColor[status]} label={statusLabel[status]} kind="status" />;
}

export function PriorityBadge({ priority }: { priority: TicketPriority }) {
  return <ColorBadge color={priorityColor[priority]} label={priorityLabel[priority]} kind="priority" />;
}

export function OverdueBadge() {
  return <ColorBadge color="red" label="Overdue" kind="overdue" />;
}

/** The SLA tones that need attention, filled; a clock running in time and a target met are outlined. */
export const timeLeftColor: Partial<Record<TimeLeftTone, BadgeColor>> = {
  breached: "red",
  warning: "orange",
  paused: "gray",
};

/** An SLA's time left ("2 h 10 m", "Overdue 1 h 5 m", "Paused", "Met"); nothing when there is no SLA. */
export function TimeLeftBadge({ left, title }: { left: TimeLeft; title?: string }) {
  if (left.tone === "none") return null;
  const color = timeLeftColor[left.tone];
  // Mixed case: "2 H 10 M" in capitals reads worse than the time as written.
  if (color)
    return (
      <ColorBadge color={color} label={left.label} kind="sla" tt="none" title={title} data-tone={left.tone} />
    );
  return (
    <Badge
      variant="outline"
      color="gray.6"
      c="dark.7"
      tt="none"
      radius="sm"
      data-kind="sla"
      data-tone={left.tone}
      title={title}
    >
      {left.label}
    </Badge>
  );
}
