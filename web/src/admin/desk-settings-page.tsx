import { Alert, Button, Group, NumberInput, Paper, Stack, Switch, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, type Schemas, unwrap } from "../api/client";
import { useUser } from "../app/use-user";
import { formErrors } from "../components/form-errors";
import { QueryState } from "../components/query-state";

const key = ["settings"];
type Settings = Schemas["Settings"];

/** Auto-close: a number of days, or never (the switch off sends null). */
export function AutoCloseForm({
  settings,
  canEdit,
  onSave,
}: {
  settings: Settings;
  canEdit: boolean;
  onSave: (body: { auto_close_after_days: number | null }) => Promise<unknown>;
}) {
  const [enabled, setEnabled] = useState(settings.auto_close_after_days !== null);
  const [days, setDays] = useState<number | string>(settings.auto_close_after_days ?? 4);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const { fieldError, alert } = formErrors(error, (field) => field === "auto_close_after_days");

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // An emptied field is sent as it is (not as "never"), so the server says what is wrong with it.
      await onSave({ auto_close_after_days: enabled ? (days === "" ? 0 : Number(days)) : null });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Auto-close">
      <Stack gap="sm">
        <Switch
          label="Close resolved tickets automatically"
          description="When the customer has not replied for the number of days below; off: never"
          checked={enabled}
          disabled={!canEdit}
          onChange={(e) => setEnabled(e.currentTarget.checked)}
        />
        {enabled && (
          <NumberInput
            label="Days without a reply"
            description="1 to 365"
            min={1}
            max={365}
            allowDecimal={false}
            maw={200}
            disabled={!canEdit}
            value={days}
            error={fieldError("auto_close_after_days")}
            onChange={setDays}
          />
        )}
        {alert && (
          <Alert color="red" role="alert" p="xs">
            {alert}
          </Alert>
        )}
        {canEdit && (
          <Group>
            <Button type="submit" loading={busy}>
              Save settings
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}

/** Admin: the desk-wide settings of SPEC §7 (auto-close). */
export function DeskSettingsPage() {
  const { abilities } = useUser();
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: key, queryFn: () => unwrap(api.GET("/api/v1/settings")) });

  async function save(body: { auto_close_after_days: number | null }) {
    const saved = await unwrap(api.PATCH("/api/v1/settings", { body }));
    queryClient.setQueryData(key, saved);
    notifications.show({ color: "green", message: "Settings saved" });
  }

  return (
    <Stack>
      <Title order={1} size="h2">
        Desk settings
      </Title>
      <Paper withBorder p="md" component="section" aria-labelledby="auto-close-heading" maw={560}>
        <Title order={2} size="h4" id="auto-close-heading">
          Auto-close
        </Title>
        <Text fz="sm" c="gray.7" mb="sm">
          Resolved tickets are closed by the system when nobody has replied for a while; a reply reopens them
          before that.
        </Text>
        <QueryState query={settings}>
          {(data) => (
            <AutoCloseForm
              key={data.updated_at}
              settings={data}
              canEdit={abilities.manage_settings}
              onSave={save}
            />
          )}
        </QueryState>
      </Paper>
    </Stack>
  );
}
