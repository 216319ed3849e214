import { Alert, Button, Group, Paper, Stack, TextInput } from "@mantine/core";
import { useState } from "react";
import { api, errorMessage, type Schemas, unwrap } from "../api/client";

/** Creates a contact at the chosen company without leaving the ticket form. */
export function NewContactForm({
  companyId,
  onCreated,
  onCancel,
}: {
  companyId: string;
  onCreated: (contact: Schemas["Contact"]) => void;
  onCancel: () => void;
}) {
  const [form, setForm] = useState({ name: "", email: "", phone: "" });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function save() {
    setBusy(true);
    setError(null);
    try {
      const body = { company_id: companyId, name: form.name, email: form.email, phone: form.phone || null };
      onCreated(await unwrap(api.POST("/api/v1/contacts", { body })));
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder p="sm" bg="gray.0" role="group" aria-label="New contact">
      <Stack gap="xs">
        <TextInput
          label="Contact name"
          required
          value={form.name}
          onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
        />
        <TextInput
          label="Contact email"
          type="email"
          required
          value={form.email}
          onChange={(e) => setForm({ ...form, email: e.currentTarget.value })}
        />
        <TextInput
          label="Contact phone"
          value={form.phone}
          onChange={(e) => setForm({ ...form, phone: e.currentTarget.value })}
        />
        {error && (
          <Alert color="red" role="alert" p="xs">
            {error}
          </Alert>
        )}
        <Group gap="xs">
          <Button size="xs" onClick={() => void save()} loading={busy}>
            Save contact
          </Button>
          <Button size="xs" variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
