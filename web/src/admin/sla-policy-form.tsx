import { Alert, Button, Fieldset, Group, NumberInput, Select, Stack, Switch } from "@mantine/core";
import { type FormEvent, useState } from "react";
import type { RequestBody, Schemas } from "../api/client";
import { formErrors } from "../components/form-errors";
import { formatMinutes } from "./format-minutes";

export type SlaPolicy = Schemas["SlaPolicy"];
export type NewSlaPolicy = RequestBody<"/api/v1/sla-policies", "post">;
export type SlaPolicyChange = RequestBody<"/api/v1/sla-policies/{id}", "patch">;
type Priority = SlaPolicy["priority"];
type Option = { value: string; label: string };

export const priorities: { value: Priority; label: string }[] = [
  { value: "urgent", label: "Urgent" },
  { value: "high", label: "High" },
  { value: "medium", label: "Medium" },
  { value: "low", label: "Low" },
];

const shownFields = [
  "priority",
  "team_id",
  "first_response_minutes",
  "resolution_minutes",
  "calendar_id",
  "escalation.notify_team_admins",
  "escalation.raise_priority",
  "escalation.move_to_team_id",
];

type Props = {
  teams: Option[];
  calendars: Option[];
  onCancel: () => void;
} & (
  | { policy: null; onSave: (body: NewSlaPolicy) => Promise<unknown> }
  | { policy: SlaPolicy; onSave: (body: SlaPolicyChange) => Promise<unknown> }
);

const minutesOf = (value: string | number) => (typeof value === "number" ? value : Number(value));

/**
 * Create or edit an SLA policy: targets in business minutes (shown in hours too), the calendar they count in,
 * and what happens at a breach. A team-less policy is the fallback of every team: its priority and team stay.
 */
export function SlaPolicyForm(props: Props) {
  const { policy, teams, calendars, onCancel } = props;
  const [form, setForm] = useState(() => ({
    priority: policy?.priority ?? ("high" as Priority),
    team_id: policy?.team?.id ?? null,
    first_response_minutes: policy?.first_response_minutes ?? 240,
    resolution_minutes: policy?.resolution_minutes ?? 1440,
    calendar_id: policy?.calendar.id ?? calendars[0]?.value ?? null,
    notify_team_admins: policy?.escalation.notify_team_admins ?? true,
    raise_priority: policy?.escalation.raise_priority ?? false,
    move_to_team_id: policy?.escalation.move_to_team?.id ?? null,
  }));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<typeof form>) => setForm((current) => ({ ...current, ...change }));
  const { fieldError, alert } = formErrors(error, (field) => shownFields.includes(field));
  const fallback = policy?.is_fallback ?? false;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const common = {
      first_response_minutes: form.first_response_minutes,
      resolution_minutes: form.resolution_minutes,
      ...(form.calendar_id ? { calendar_id: form.calendar_id } : {}),
      escalation: {
        notify_team_admins: form.notify_team_admins,
        raise_priority: form.raise_priority,
        move_to_team_id: form.move_to_team_id,
      },
    };
    setBusy(true);
    setError(null);
    try {
      if (props.policy === null)
        await props.onSave({ priority: form.priority, team_id: form.team_id, ...common });
      // The fallback's priority and team are not the form's to change (the server would refuse them).
      else
        await props.onSave(fallback ? common : { priority: form.priority, team_id: form.team_id, ...common });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-label={policy ? "Edit SLA policy" : "New SLA policy"}>
      <Stack gap="sm">
        <Group grow align="start" wrap="wrap">
          <Select
            label="Priority"
            required
            allowDeselect={false}
            disabled={fallback}
            data={priorities}
            value={form.priority}
            error={fieldError("priority")}
            onChange={(value) => value && set({ priority: value as Priority })}
          />
          <Select
            label="Team"
            description={fallback ? "Every team without its own policy" : undefined}
            placeholder="Every team"
            clearable
            disabled={fallback}
            data={teams}
            value={form.team_id}
            error={fieldError("team_id")}
            onChange={(team_id) => set({ team_id })}
          />
        </Group>
        <Group grow align="start" wrap="wrap">
          <NumberInput
            label="First response (minutes)"
            description={`${formatMinutes(form.first_response_minutes || 0)} of business time`}
            required
            min={1}
            allowDecimal={false}
            value={form.first_response_minutes}
            error={fieldError("first_response_minutes")}
            onChange={(value) => set({ first_response_minutes: minutesOf(value) })}
          />
          <NumberInput
            label="Resolution (minutes)"
            description={`${formatMinutes(form.resolution_minutes || 0)} of business time`}
            required
            min={1}
            allowDecimal={false}
            value={form.resolution_minutes}
            error={fieldError("resolution_minutes")}
            onChange={(value) => set({ resolution_minutes: minutesOf(value) })}
          />
        </Group>
        <Select
          label="Business calendar"
          description="The hours the targets count in"
          allowDeselect={false}
          data={calendars}
          value={form.calendar_id}
          error={fieldError("calendar_id")}
          onChange={(calendar_id) => calendar_id && set({ calendar_id })}
        />
        <Fieldset legend="When a target is breached" variant="default">
          <Stack gap="sm">
            <Switch
              label="Notify the team's admins"
              checked={form.notify_team_admins}
              error={fieldError("escalation.notify_team_admins")}
              onChange={(e) => set({ notify_team_admins: e.currentTarget.checked })}
            />
            <Switch
              label="Raise the priority one step"
              checked={form.raise_priority}
              error={fieldError("escalation.raise_priority")}
              onChange={(e) => set({ raise_priority: e.currentTarget.checked })}
            />
            <Select
              label="Move the ticket to team"
              placeholder="Keep its team"
              clearable
              data={teams}
              value={form.move_to_team_id}
              error={fieldError("escalation.move_to_team_id")}
              onChange={(move_to_team_id) => set({ move_to_team_id })}
            />
          </Stack>
        </Fieldset>
        {alert && (
          <Alert color="red" role="alert" p="xs">
            {alert}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={busy}>
            {policy ? "Save policy" : "Create policy"}
          </Button>
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
