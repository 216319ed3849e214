import { Button, Checkbox, Group, MultiSelect, Select, SimpleGrid, TextInput } from "@mantine/core";
import { asOptions, useCategories, useTeams } from "../api/lookups";
import { priorities, priorityLabel, statuses, statusLabel } from "../components/badges";
import { CompanyPicker } from "../components/company-picker";
import type { QueueFilters } from "./queue-url";

const assigneeOptions = [
  { value: "", label: "Anyone" },
  { value: "me", label: "Me" },
  { value: "none", label: "Unassigned" },
];

type Props = {
  filters: QueueFilters;
  onChange: (change: Partial<QueueFilters>) => void;
  onClear: () => void;
};

/** Every filter of the queue; each change goes straight into the URL. */
export function QueueFiltersPanel({ filters, onChange, onClear }: Props) {
  const categories = useCategories();
  const teams = useTeams();
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 5 }} spacing="sm" verticalSpacing="xs">
      <MultiSelect
        label="Status"
        placeholder={filters.status.length ? undefined : "Any status"}
        data={statuses.map((s) => ({ value: s, label: statusLabel[s] }))}
        value={filters.status}
        onChange={(status) => onChange({ status })}
        clearable
      />
      <MultiSelect
        label="Priority"
        placeholder={filters.priority.length ? undefined : "Any priority"}
        data={priorities.map((p) => ({ value: p, label: priorityLabel[p] }))}
        value={filters.priority}
        onChange={(priority) => onChange({ priority })}
        clearable
      />
      <Select
        label="Category"
        placeholder="Any category"
        data={(categories.data?.results ?? []).map((c) => ({ value: c.key, label: c.label }))}
        value={filters.category || null}
        onChange={(category) => onChange({ category: category ?? "" })}
        clearable
      />
      <Select
        label="Team"
        placeholder="Any team"
        data={[{ value: "none", label: "No team" }, ...asOptions(teams.data?.results)]}
        value={filters.assigned_team || null}
        onChange={(team) => onChange({ assigned_team: team ?? "" })}
        clearable
      />
      <Select
        label="Assignee"
        data={assigneeOptions}
        value={filters.assigned_to}
        onChange={(assignee) => onChange({ assigned_to: assignee ?? "" })}
        allowDeselect={false}
      />
      <CompanyPicker
        label="Company"
        value={filters.company_id || null}
        onChange={(id) => onChange({ company_id: id ?? "" })}
      />
      <TextInput
        label="Created from"
        type="date"
        value={filters.created_after}
        onChange={(e) => onChange({ created_after: e.currentTarget.value })}
      />
      <TextInput
        label="Created before"
        type="date"
        value={filters.created_before}
        onChange={(e) => onChange({ created_before: e.currentTarget.value })}
      />
      <TextInput
        label="Tag"
        placeholder="e.g. vip"
        defaultValue={filters.tag}
        key={filters.tag}
        onBlur={(e) => onChange({ tag: e.currentTarget.value.trim() })}
        onKeyDown={(e) => {
          if (e.key === "Enter") onChange({ tag: e.currentTarget.value.trim() });
        }}
      />
      <Group align="end" gap="md" pb={6}>
        <Checkbox
          label="Overdue only"
          checked={filters.overdue}
          onChange={(e) => onChange({ overdue: e.currentTarget.checked })}
        />
        <Checkbox
          label="Open only"
          checked={filters.open}
          onChange={(e) => onChange({ open: e.currentTarget.checked })}
        />
        <Button variant="subtle" size="xs" onClick={onClear}>
          Clear filters
        </Button>
      </Group>
    </SimpleGrid>
  );
}
