import { Group, Text } from "@mantine/core";
import type { Schemas } from "../api/client";
import { TimeLeftBadge } from "./badges";
import { formatExact } from "./relative-time";
import { targetLabel, timeLeft } from "./time-left";
import { useNow } from "./use-now";

/**
 * A ticket's SLA time left at `now`, with the running target's due time on hover. `labelled`: preceded by
 * "SLA" where no column header says what the time is (the phone cards, the ticket page's header).
 */
export function SlaTimeLeft({
  ticket,
  now,
  labelled = false,
}: {
  ticket: Schemas["Ticket"];
  now: number;
  labelled?: boolean;
}) {
  const left = timeLeft(ticket, now);
  if (left.tone === "none") return null;
  const due = ticket.sla.next_due_at;
  const title = left.target && due ? `${targetLabel[left.target]} due ${formatExact(due)}` : undefined;
  const badge = <TimeLeftBadge left={left} title={title} />;
  if (!labelled) return badge;
  return (
    <Group gap={4} wrap="nowrap">
      <Text span fz="xs" c="gray.7">
        SLA
      </Text>
      {badge}
    </Group>
  );
}

/** The same on its own clock, counting down every 30 s (for one ticket: a list shares one clock). */
export function LiveSlaTimeLeft({ ticket }: { ticket: Schemas["Ticket"] }) {
  const now = useNow(30_000);
  return <SlaTimeLeft ticket={ticket} now={now} labelled />;
}
