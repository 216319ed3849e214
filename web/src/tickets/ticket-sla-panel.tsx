import { Badge, Group, Paper, Stack, Text, Title } from "@mantine/core";
import type { Schemas } from "../api/client";
import { type BadgeColor, badgeHex } from "../components/badges";
import { formatExact } from "../components/relative-time";
import {
  type SlaTarget,
  type TimeLeft,
  type TimeLeftTone,
  targetLabel,
  targetTimeLeft,
} from "../components/time-left";
import { useNow } from "../components/use-now";

type Ticket = Schemas["Ticket"];

const doneStatuses: Ticket["status"][] = ["resolved", "closed"];

/** The state each target shows, as of this clock: a running target past its due time is breached. */
const stateOf: Record<Exclude<TimeLeftTone, "none">, { label: string; color: BadgeColor }> = {
  ok: { label: "On track", color: "blue" },
  warning: { label: "Warning", color: "orange" },
  breached: { label: "Breached", color: "red" },
  met: { label: "Met", color: "green" },
  paused: { label: "Paused", color: "gray" },
};

/** Whether a target's clock runs: the first response until it is given, the resolution unless paused or done. */
function running(ticket: Ticket, target: SlaTarget): boolean {
  const done = doneStatuses.includes(ticket.status);
  if (target === "first_response") return ticket.first_response_at === null && !done;
  return !done && ticket.status !== "pending";
}

function detail(left: TimeLeft, target: SlaTarget): string {
  if (left.tone === "ok" || left.tone === "warning") return `${left.label} left`;
  if (left.tone === "breached" && left.label.startsWith("Overdue")) return left.label;
  if (left.tone === "paused") return "Paused while pending: the due time moves back by the time paused";
  if (target === "first_response" && left.tone === "breached") return "Answered late";
  if (left.tone === "breached") return "Resolved late";
  return "";
}

function TargetRow({ ticket, target, now }: { ticket: Ticket; target: SlaTarget; now: number }) {
  const due = target === "first_response" ? ticket.first_response_due_at : ticket.resolution_due_at;
  if (due === null) return null;
  const left = targetTimeLeft(due, ticket.sla[target], running(ticket, target), now);
  const state = left.tone === "none" ? null : stateOf[left.tone];
  const note = detail(left, target);
  return (
    <div data-sla-target={target} data-tone={left.tone}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text fz="sm" fw={600}>
          {targetLabel[target]} due
        </Text>
        {state && (
          <Badge
            color={badgeHex[state.color]}
            autoContrast={false}
            c="white"
            radius="sm"
            data-kind="sla-state"
            data-color={state.color}
          >
            {state.label}
          </Badge>
        )}
      </Group>
      <Text fz="sm">
        <time dateTime={due}>{formatExact(due)}</time>
      </Text>
      {note && (
        <Text fz="sm" c={left.tone === "breached" ? "red.9" : "gray.7"}>
          {note}
        </Text>
      )}
    </div>
  );
}

/**
 * The ticket's SLA targets (SPEC §7): when the first response and the resolution are due, their states, and
 * the time left, counting down every 30 s. Nothing shows on a ticket older than SLAs.
 */
export function TicketSlaPanel({ ticket }: { ticket: Ticket }) {
  const now = useNow(30_000);
  if (ticket.first_response_due_at === null && ticket.resolution_due_at === null) return null;
  return (
    <Paper withBorder p="sm" component="section" aria-label="SLA">
      <Title order={2} size="h5" mb="xs">
        SLA
      </Title>
      <Stack gap="sm">
        <TargetRow ticket={ticket} target="first_response" now={now} />
        <TargetRow ticket={ticket} target="resolution" now={now} />
      </Stack>
    </Paper>
  );
}
