import { Select, Stack, TagsInput, Text, TextInput } from "@mantine/core";
import type { RequestBody, Schemas } from "../api/client";
import { asOptions, useAgents, useCategories, useCompanyContacts, useTeams } from "../api/lookups";
import { priorities, priorityLabel, statuses, statusLabel } from "../components/badges";
import { CcInput, ccSuggestions } from "../components/cc-input";
import { formatExact } from "../components/relative-time";

export type TicketChange = RequestBody<"/api/v1/tickets/{id}", "patch">;

const closedStatuses = ["resolved", "closed"];

/** "2026-11-30T17:00" in the browser's zone, for a datetime-local input. */
function toLocalInput(iso: string | null): string {
  if (!iso) return "";
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

function hours(value: number | null): string {
  return value === null ? "—" : `${value} h`;
}

/** Every field of the ticket, saved as soon as it changes; read-only without abilities.update. */
export function TicketSidePanel({
  ticket,
  onChange,
}: {
  ticket: Schemas["Ticket"];
  onChange: (change: TicketChange) => void;
}) {
  const categories = useCategories();
  const teams = useTeams();
  const agents = useAgents();
  const contacts = useCompanyContacts(ticket.company.id);
  const readOnly = !ticket.abilities.update;
  const isClosed = closedStatuses.includes(ticket.status);
  const statusOptions = statuses.map((s) => ({
    value: s,
    label: statusLabel[s],
    // Leaving resolved/closed is a reopen: offered only when the API says this caller may.
    disabled: isClosed && !closedStatuses.includes(s) && !ticket.abilities.reopen,
  }));

  return (
    <Stack gap="xs">
      <Select
        label="Status"
        data={statusOptions}
        value={ticket.status}
        allowDeselect={false}
        disabled={readOnly}
        onChange={(status) => status && onChange({ status: status as TicketChange["status"] })}
      />
      <Select
        label="Priority"
        data={priorities.map((p) => ({ value: p, label: priorityLabel[p] }))}
        value={ticket.priority}
        allowDeselect={false}
        disabled={readOnly}
        onChange={(priority) => priority && onChange({ priority: priority as TicketChange["priority"] })}
      />
      <Select
        label="Category"
        data={(categories.data?.results ?? []).map((c) => ({ value: c.key, label: c.label }))}
        value={ticket.category}
        allowDeselect={false}
        disabled={readOnly}
        onChange={(category) => category && onChange({ category })}
      />
      <Select
        label="Team"
        placeholder="No team"
        data={asOptions(teams.data?.results)}
        value={ticket.assigned_team?.id ?? null}
        clearable
        disabled={readOnly}
        onChange={(team) => onChange({ assigned_team: team })}
      />
      <Select
        label="Assignee"
        placeholder="Unassigned"
        data={asOptions(agents.data?.results)}
        value={ticket.assigned_to?.id ?? null}
        searchable
        clearable
        disabled={readOnly}
        onChange={(user) => onChange({ assigned_to: user })}
      />
      <Select
        label="Contact"
        placeholder="No contact"
        data={asOptions(contacts.data?.results)}
        value={ticket.contact?.id ?? null}
        searchable
        clearable
        disabled={readOnly}
        onChange={(contact) => onChange({ contact_id: contact })}
      />
      <CcInput
        description="Copied on the agents' replies by mail"
        value={ticket.cc}
        suggestions={ccSuggestions(contacts.data?.results, [ticket.contact?.email])}
        disabled={readOnly}
        onChange={(cc) => onChange({ cc })}
      />
      <TextInput
        label="Due date"
        description={
          ticket.due_date_set_by_hand
            ? "Set by hand; clear it to follow the SLA again"
            : ticket.resolution_due_at
              ? "Follows the SLA's resolution due time"
              : undefined
        }
        type="datetime-local"
        disabled={readOnly}
        key={ticket.due_date ?? "none"}
        defaultValue={toLocalInput(ticket.due_date)}
        onBlur={(e) => {
          const value = e.currentTarget.value;
          const iso = value ? new Date(value).toISOString() : null;
          if (iso !== ticket.due_date) onChange({ due_date: iso });
        }}
      />
      <TagsInput
        label="Tags"
        value={ticket.tags}
        disabled={readOnly}
        placeholder="Add a tag and press Enter"
        onChange={(tags) => onChange({ tags })}
        clearable
      />
      <Stack gap={2} mt="xs" aria-label="Times">
        <Text fz="sm">
          <strong>Company:</strong> {ticket.company.name}
        </Text>
        <Text fz="sm">
          <strong>Created:</strong> {formatExact(ticket.created_at)} by {ticket.created_by?.name ?? "—"}
        </Text>
        <Text fz="sm">
          <strong>First response:</strong> {hours(ticket.first_response_time_hours)}
        </Text>
        <Text fz="sm">
          <strong>Resolution:</strong> {hours(ticket.resolution_time_hours)}
        </Text>
        {ticket.reopened_count > 0 && (
          <Text fz="sm">
            <strong>Reopened:</strong> {ticket.reopened_count}×
          </Text>
        )}
      </Stack>
    </Stack>
  );
}
