import {
  ActionIcon,
  Alert,
  Button,
  Fieldset,
  Group,
  Input,
  Select,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { type FormEvent, useMemo, useState } from "react";
import type { RequestBody, Schemas } from "../api/client";
import { formErrors } from "../components/form-errors";

export type Calendar = Schemas["BusinessCalendar"];
export type NewCalendar = RequestBody<"/api/v1/business-calendars", "post">;
type Week = Calendar["hours"];
type Weekday = keyof Week;

export const weekdays: { key: Weekday; label: string }[] = [
  { key: "monday", label: "Monday" },
  { key: "tuesday", label: "Tuesday" },
  { key: "wednesday", label: "Wednesday" },
  { key: "thursday", label: "Thursday" },
  { key: "friday", label: "Friday" },
  { key: "saturday", label: "Saturday" },
  { key: "sunday", label: "Sunday" },
];

const officeWeek: Week = {
  monday: [{ from: "09:00", to: "17:00" }],
  tuesday: [{ from: "09:00", to: "17:00" }],
  wednesday: [{ from: "09:00", to: "17:00" }],
  thursday: [{ from: "09:00", to: "17:00" }],
  friday: [{ from: "09:00", to: "17:00" }],
  saturday: [],
  sunday: [],
};

/** The zones this browser knows (the server checks against the same IANA list), UTC first. */
function timeZoneOptions(current: string | undefined): string[] {
  const zones = ["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")];
  return current && !zones.includes(current) ? [current, ...zones] : zones;
}

const dayPattern = weekdays.map((d) => d.key).join("|");
/** The fields this form shows an error under; any other detail the server names goes in the alert. */
const shownHere = (field: string) =>
  ["name", "time_zone", "hours", "holidays"].includes(field) ||
  new RegExp(`^hours\\.(${dayPattern})(\\.\\d+(\\.(from|to))?)?$`).test(field) ||
  /^holidays\.\d+$/.test(field);

type Props = {
  calendar: Calendar | null;
  onSave: (body: NewCalendar) => Promise<unknown>;
  onCancel: () => void;
};

/**
 * Create or edit a business calendar: its zone, each weekday's opening intervals ("HH:MM", 24:00 for
 * midnight at the end of a day) and its holidays. The server checks it all (overlaps, reversed intervals,
 * dates that do not exist) and its answer names the input each problem belongs under.
 */
export function CalendarForm({ calendar, onSave, onCancel }: Props) {
  const [name, setName] = useState(calendar?.name ?? "");
  const [timeZone, setTimeZone] = useState(calendar?.time_zone ?? "UTC");
  const [hours, setHours] = useState<Week>(calendar?.hours ?? officeWeek);
  const [holidays, setHolidays] = useState<string[]>(calendar?.holidays ?? []);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const zones = useMemo(() => timeZoneOptions(calendar?.time_zone), [calendar?.time_zone]);
  const { fieldError, alert } = formErrors(error, shownHere);

  const setDay = (day: Weekday, intervals: Week[Weekday]) =>
    setHours((week) => ({ ...week, [day]: intervals }));
  const setInterval = (day: Weekday, index: number, change: Partial<Week[Weekday][number]>) =>
    setDay(
      day,
      hours[day].map((interval, i) => (i === index ? { ...interval, ...change } : interval)),
    );

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSave({ name, time_zone: timeZone, hours, holidays });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={calendar ? `Edit calendar ${calendar.name}` : "New business calendar"}
    >
      <Stack gap="sm">
        <TextInput
          label="Name"
          required
          value={name}
          error={fieldError("name")}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <Select
          label="Time zone"
          description="Opening hours and holidays are in this zone"
          searchable
          allowDeselect={false}
          data={zones}
          value={timeZone}
          error={fieldError("time_zone")}
          onChange={(zone) => zone && setTimeZone(zone)}
        />
        <Fieldset legend="Opening hours" variant="default">
          <Stack gap="xs">
            <Text fz="xs" c="gray.7">
              HH:MM, 24:00 for the end of the day. A night shift is two intervals: 22:00–24:00, then
              00:00–06:00 the next day.
            </Text>
            {fieldError("hours") && <Input.Error>{fieldError("hours")}</Input.Error>}
            {weekdays.map(({ key: day, label }) => (
              <Stack key={day} gap={4} data-day={day}>
                <Group gap="xs" justify="space-between">
                  <Text fz="sm" fw={600}>
                    {label}
                  </Text>
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    aria-label={`Add opening hours on ${label}`}
                    onClick={() => setDay(day, [...hours[day], { from: "09:00", to: "17:00" }])}
                  >
                    Add hours
                  </Button>
                </Group>
                {hours[day].length === 0 && (
                  <Text fz="xs" c="gray.7">
                    Closed
                  </Text>
                )}
                {hours[day].map((interval, index) => {
                  const at = `hours.${day}.${index}`;
                  const position = hours[day].length > 1 ? ` (${index + 1})` : "";
                  return (
                    // biome-ignore lint/suspicious/noArrayIndexKey: intervals have no identity but their place
                    <Group key={index} gap="xs" align="start" wrap="nowrap">
                      <TextInput
                        size="xs"
                        w={90}
                        aria-label={`${label} opens${position}`}
                        placeholder="09:00"
                        value={interval.from}
                        error={fieldError(`${at}.from`)}
                        onChange={(e) => setInterval(day, index, { from: e.currentTarget.value })}
                      />
                      <Text fz="sm" pt={4} aria-hidden>
                        –
                      </Text>
                      <TextInput
                        size="xs"
                        w={90}
                        aria-label={`${label} closes${position}`}
                        placeholder="17:00"
                        value={interval.to}
                        // A reversed or empty interval is named by its place; it is mended at its end.
                        error={fieldError(`${at}.to`) ?? fieldError(at)}
                        onChange={(e) => setInterval(day, index, { to: e.currentTarget.value })}
                      />
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        mt={2}
                        aria-label={`Remove ${label} hours${position}`}
                        onClick={() =>
                          setDay(
                            day,
                            hours[day].filter((_, i) => i !== index),
                          )
                        }
                      >
                        ×
                      </ActionIcon>
                    </Group>
                  );
                })}
                {fieldError(`hours.${day}`) && <Input.Error>{fieldError(`hours.${day}`)}</Input.Error>}
              </Stack>
            ))}
          </Stack>
        </Fieldset>
        <Fieldset legend="Holidays" variant="default">
          <Stack gap="xs">
            <Text fz="xs" c="gray.7">
              Whole days closed, YYYY-MM-DD.
            </Text>
            {fieldError("holidays") && <Input.Error>{fieldError("holidays")}</Input.Error>}
            {holidays.map((holiday, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: holidays being typed have no identity but their place
              <Group key={index} gap="xs" align="start" wrap="nowrap">
                <TextInput
                  size="xs"
                  w={140}
                  aria-label={`Holiday ${index + 1}`}
                  placeholder="2026-12-25"
                  value={holiday}
                  error={fieldError(`holidays.${index}`)}
                  onChange={(e) => {
                    const value = e.currentTarget.value;
                    setHolidays((days) => days.map((d, i) => (i === index ? value : d)));
                  }}
                />
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  mt={2}
                  aria-label={`Remove holiday ${index + 1}`}
                  onClick={() => setHolidays((days) => days.filter((_, i) => i !== index))}
                >
                  ×
                </ActionIcon>
              </Group>
            ))}
            <div>
              <Button size="compact-xs" variant="subtle" onClick={() => setHolidays((days) => [...days, ""])}>
                Add holiday
              </Button>
            </div>
          </Stack>
        </Fieldset>
        {alert && (
          <Alert color="red" role="alert" p="xs">
            {alert}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={busy}>
            {calendar ? "Save calendar" : "Create calendar"}
          </Button>
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
