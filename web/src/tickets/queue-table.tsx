import { Anchor, Checkbox, Group, Paper, Stack, Table, Text, UnstyledButton } from "@mantine/core";
import { Link } from "react-router";
import type { Schemas } from "../api/client";
import { OverdueBadge, PriorityBadge, StatusBadge } from "../components/badges";
import { RelativeTime } from "../components/relative-time";
import { SlaTimeLeft } from "../components/sla-time-left";
import { useNow } from "../components/use-now";

export type Ticket = Schemas["Ticket"];

type Props = {
  tickets: Ticket[];
  categoryLabels: Map<string, string>;
  ordering: string;
  onSort: (field: string) => void;
  selected: Set<string>;
  onSelect: (ids: string[], on: boolean) => void;
  cursor: number;
};

function SortHeader({
  field,
  label,
  ordering,
  onSort,
}: {
  field: string;
  label: string;
  ordering: string;
  onSort: (f: string) => void;
}) {
  const direction = ordering === field ? "ascending" : ordering === `-${field}` ? "descending" : "none";
  return (
    <Table.Th aria-sort={direction}>
      <UnstyledButton onClick={() => onSort(field)} fw={700} fz="sm">
        {label} {direction === "ascending" ? "▲" : direction === "descending" ? "▼" : ""}
      </UnstyledButton>
    </Table.Th>
  );
}

/** The queue at desktop width: one row per ticket, sortable columns, row selection. */
export function QueueTable({ tickets, categoryLabels, ordering, onSort, selected, onSelect, cursor }: Props) {
  const now = useNow(30_000);
  const allSelected = tickets.length > 0 && tickets.every((t) => selected.has(t.id));
  return (
    <Table.ScrollContainer minWidth={0} type="native">
      <Table highlightOnHover verticalSpacing="xs" fz="sm" aria-label="Tickets">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={36}>
              <Checkbox
                aria-label="Select all tickets on this page"
                checked={allSelected}
                indeterminate={!allSelected && tickets.some((t) => selected.has(t.id))}
                onChange={(e) =>
                  onSelect(
                    tickets.map((t) => t.id),
                    e.currentTarget.checked,
                  )
                }
              />
            </Table.Th>
            <SortHeader field="ticket_number" label="Number" ordering={ordering} onSort={onSort} />
            <Table.Th>Subject</Table.Th>
            <SortHeader field="status" label="Status" ordering={ordering} onSort={onSort} />
            <SortHeader field="priority" label="Priority" ordering={ordering} onSort={onSort} />
            <Table.Th>Category</Table.Th>
            <Table.Th>Assignee</Table.Th>
            <SortHeader field="created_at" label="Created" ordering={ordering} onSort={onSort} />
            <SortHeader field="sla_due" label="SLA" ordering={ordering} onSort={onSort} />
            <SortHeader field="due_date" label="Due" ordering={ordering} onSort={onSort} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tickets.map((ticket, index) => (
            <Table.Tr
              key={ticket.id}
              data-ticket={ticket.ticket_number}
              aria-current={index === cursor ? "true" : undefined}
              bg={index === cursor ? "indigo.0" : selected.has(ticket.id) ? "gray.0" : undefined}
            >
              <Table.Td>
                <Checkbox
                  aria-label={`Select ${ticket.ticket_number}`}
                  checked={selected.has(ticket.id)}
                  onChange={(e) => onSelect([ticket.id], e.currentTarget.checked)}
                />
              </Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>
                <Anchor component={Link} to={`/tickets/${ticket.ticket_number}`} fz="sm">
                  {ticket.ticket_number}
                </Anchor>
              </Table.Td>
              <Table.Td style={{ wordBreak: "break-word" }}>
                {ticket.subject}
                <Text fz="xs" c="gray.7">
                  {ticket.company.name}
                </Text>
              </Table.Td>
              <Table.Td>
                <StatusBadge status={ticket.status} />
              </Table.Td>
              <Table.Td>
                <PriorityBadge priority={ticket.priority} />
              </Table.Td>
              <Table.Td>{categoryLabels.get(ticket.category) ?? ticket.category}</Table.Td>
              <Table.Td>
                {ticket.assigned_to?.name ?? (
                  <Text span c="gray.7" fz="sm">
                    Unassigned
                  </Text>
                )}
                {ticket.assigned_team && (
                  <Text fz="xs" c="gray.7">
                    {ticket.assigned_team.name}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <RelativeTime iso={ticket.created_at} />
              </Table.Td>
              <Table.Td>
                <SlaTimeLeft ticket={ticket} now={now} />
              </Table.Td>
              <Table.Td>
                {ticket.is_overdue ? (
                  <OverdueBadge />
                ) : ticket.due_date ? (
                  <RelativeTime iso={ticket.due_date} />
                ) : null}
                {ticket.due_date && ticket.due_date_set_by_hand && (
                  <Text fz="xs" c="gray.7" style={{ whiteSpace: "nowrap" }}>
                    set by hand
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The queue on a phone: one card per ticket, nothing wider than the screen. */
export function QueueCards({ tickets, selected, onSelect, cursor }: Props) {
  const now = useNow(30_000);
  return (
    <Stack gap="xs" role="list" aria-label="Tickets">
      {tickets.map((ticket, index) => (
        <Paper
          key={ticket.id}
          withBorder
          p="sm"
          role="listitem"
          data-ticket={ticket.ticket_number}
          bg={index === cursor ? "indigo.0" : undefined}
        >
          <Group justify="space-between" wrap="nowrap" align="start">
            <Anchor component={Link} to={`/tickets/${ticket.ticket_number}`} fz="sm" fw={600}>
              {ticket.ticket_number}
            </Anchor>
            <Checkbox
              aria-label={`Select ${ticket.ticket_number}`}
              checked={selected.has(ticket.id)}
              onChange={(e) => onSelect([ticket.id], e.currentTarget.checked)}
            />
          </Group>
          <Text fz="sm" style={{ wordBreak: "break-word" }}>
            {ticket.subject}
          </Text>
          <Group gap={6} mt={6}>
            <StatusBadge status={ticket.status} />
            <PriorityBadge priority={ticket.priority} />
            {ticket.is_overdue && <OverdueBadge />}
            <SlaTimeLeft ticket={ticket} now={now} labelled />
          </Group>
          <Text fz="xs" c="gray.7" mt={4}>
            {ticket.company.name} · {ticket.assigned_to?.name ?? "Unassigned"} ·{" "}
            <RelativeTime iso={ticket.created_at} />
          </Text>
        </Paper>
      ))}
    </Stack>
  );
}
