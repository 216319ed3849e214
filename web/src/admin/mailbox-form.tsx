import {
  Alert,
  Button,
  Fieldset,
  Group,
  NumberInput,
  PasswordInput,
  Select,
  Stack,
  Switch,
  TextInput,
} from "@mantine/core";
import { type FormEvent, useState } from "react";
import { ApiError, errorMessage, type RequestBody, type Schemas } from "../api/client";

export type Mailbox = Schemas["Mailbox"];
export type NewMailbox = RequestBody<"/api/v1/mailboxes", "post">;
export type MailboxChange = RequestBody<"/api/v1/mailboxes/{id}", "patch">;

type Props = {
  teams: { value: string; label: string }[];
  onCancel: () => void;
} & (
  | { mailbox: null; onSave: (body: NewMailbox) => Promise<unknown> }
  | { mailbox: Mailbox; onSave: (body: MailboxChange) => Promise<unknown> }
);

function initialState(mailbox: Mailbox | null) {
  return {
    name: mailbox?.name ?? "",
    address: mailbox?.address ?? "",
    team_id: mailbox?.team?.id ?? null,
    is_active: mailbox?.is_active ?? true,
    useImap: mailbox ? mailbox.imap !== null : true,
    host: mailbox?.imap?.host ?? "",
    port: mailbox?.imap?.port ?? 993,
    secure: mailbox?.imap?.secure ?? true,
    user: mailbox?.imap?.user ?? "",
    password: "",
    folder: mailbox?.imap?.folder ?? "INBOX",
  };
}

/** Fields the form shows an error under; any other detail the server names goes in the alert. */
const shownFields = [
  "name",
  "address",
  "team_id",
  "is_active",
  "imap",
  "imap.host",
  "imap.port",
  "imap.secure",
  "imap.user",
  "imap.password",
  "imap.folder",
];

/**
 * Create or edit a mailbox. The IMAP password is write-only: a stored one is never shown, and leaving the
 * field empty when editing keeps it (the server's rule; it says so with a 400 when one is needed).
 */
export function MailboxForm(props: Props) {
  const { mailbox, teams, onCancel } = props;
  const [form, setForm] = useState(() => initialState(mailbox));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<typeof form>) => setForm((current) => ({ ...current, ...change }));
  const storedPassword = Boolean(mailbox?.imap?.has_password);

  const details = error instanceof ApiError ? error.details : [];
  const fieldError = (field: string) => details.find((d) => d.field === field)?.message;
  const otherDetails = details.filter((d) => !shownFields.includes(d.field));
  const alert =
    error instanceof ApiError
      ? [error.message, ...otherDetails.map((d) => `${d.field}: ${d.message}`)].join("; ")
      : error
        ? errorMessage(error)
        : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const imap = {
      host: form.host,
      port: form.port,
      secure: form.secure,
      user: form.user,
      folder: form.folder,
    };
    const common = {
      name: form.name,
      address: form.address,
      team_id: form.team_id,
      is_active: form.is_active,
    };
    setBusy(true);
    setError(null);
    try {
      if (props.mailbox === null)
        await props.onSave({ ...common, imap: form.useImap ? { ...imap, password: form.password } : null });
      else
        await props.onSave({
          ...common,
          imap: form.useImap ? { ...imap, ...(form.password ? { password: form.password } : {}) } : null,
        });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-label={mailbox ? `Edit mailbox ${mailbox.name}` : "New mailbox"}>
      <Stack gap="sm">
        <TextInput
          label="Name"
          description="Shown to agents, e.g. Support"
          required
          value={form.name}
          error={fieldError("name")}
          onChange={(e) => set({ name: e.currentTarget.value })}
        />
        <TextInput
          label="Address"
          description="Mail to this address becomes tickets"
          type="email"
          required
          value={form.address}
          error={fieldError("address")}
          onChange={(e) => set({ address: e.currentTarget.value })}
        />
        <Select
          label="Team"
          description="Team of the tickets this mailbox creates"
          placeholder="By category"
          clearable
          data={teams}
          value={form.team_id}
          error={fieldError("team_id")}
          onChange={(team_id) => set({ team_id })}
        />
        <Switch
          label="Active"
          description="An inactive mailbox is not fetched and refuses mail"
          checked={form.is_active}
          onChange={(e) => set({ is_active: e.currentTarget.checked })}
        />
        <Switch
          label="Fetch mail from an IMAP account"
          description="Off when mail arrives by SMTP only"
          checked={form.useImap}
          error={fieldError("imap")}
          onChange={(e) => set({ useImap: e.currentTarget.checked })}
        />
        {form.useImap && (
          <Fieldset legend="IMAP account" variant="filled">
            <Stack gap="sm">
              <Group grow align="start" gap="xs" wrap="wrap">
                <TextInput
                  label="Host"
                  required
                  miw={180}
                  value={form.host}
                  error={fieldError("imap.host")}
                  onChange={(e) => set({ host: e.currentTarget.value })}
                />
                <NumberInput
                  label="Port"
                  required
                  miw={90}
                  maw={140}
                  min={1}
                  max={65535}
                  allowDecimal={false}
                  value={form.port}
                  error={fieldError("imap.port")}
                  onChange={(value) => set({ port: typeof value === "number" ? value : Number(value) })}
                />
              </Group>
              <Switch
                label="TLS from the start"
                description="Usually on (port 993)"
                checked={form.secure}
                onChange={(e) => set({ secure: e.currentTarget.checked })}
              />
              <TextInput
                label="User"
                required
                autoComplete="off"
                value={form.user}
                error={fieldError("imap.user")}
                onChange={(e) => set({ user: e.currentTarget.value })}
              />
              <PasswordInput
                label="Password"
                required={!storedPassword}
                autoComplete="new-password"
                placeholder={storedPassword ? "stored — leave empty to keep" : undefined}
                value={form.password}
                error={fieldError("imap.password")}
                onChange={(e) => set({ password: e.currentTarget.value })}
              />
              <TextInput
                label="Folder"
                value={form.folder}
                error={fieldError("imap.folder")}
                onChange={(e) => set({ folder: e.currentTarget.value })}
              />
            </Stack>
          </Fieldset>
        )}
        {alert && (
          <Alert color="red" role="alert" p="xs">
            {alert}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={busy}>
            {mailbox ? "Save mailbox" : "Create mailbox"}
          </Button>
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
