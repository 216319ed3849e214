import { Badge } from "@mantine/core";
import type { Schemas } from "../api/client";

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

function ColorBadge({ color, label, kind }: { color: BadgeColor; label: string; kind: string }) {
  return (
    <Badge
      color={badgeHex[color]}
      autoContrast={false}
      c="white"
      data-color={color}
      data-kind={kind}
      radius="sm"
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
