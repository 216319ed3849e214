import {
  Alert,
  Button,
  Code,
  Fieldset,
  Group,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { type FormEvent, useState } from "react";
import { ApiError, errorMessage, type RequestBody, type Schemas } from "../api/client";
import { priorities, priorityLabel, statuses, statusLabel } from "../components/badges";

export type Macro = Schemas["Macro"];
export type NewMacro = RequestBody<"/api/v1/macros", "post">;
type MacroActions = NewMacro["actions"];
export type Placeholder = { name: string; description: string };
type Option = { value: string; label: string };

type CommentKind = "none" | "reply" | "note";
// Select values for the choices that are not a team or a user.
const noTeam = "none";
const nobody = "none";
const currentUser = "current_user";

function initialState(macro: Macro | null) {
  const actions = macro?.actions ?? {};
  const { assignee, comment } = actions;
  return {
    name: macro?.name ?? "",
    description: macro?.description ?? "",
    is_active: macro?.is_active ?? true,
    status: actions.status ?? null,
    priority: actions.priority ?? null,
    team: actions.team_id === undefined ? null : (actions.team_id ?? noTeam),
    assignee:
      assignee === undefined
        ? null
        : assignee === null
          ? nobody
          : assignee === "current_user"
            ? currentUser
            : assignee.user_id,
    addTags: actions.add_tags ?? [],
    removeTags: actions.remove_tags ?? [],
    comment: (comment ? (comment.is_internal ? "note" : "reply") : "none") as CommentKind,
    text: comment?.text ?? "",
  };
}
type FormState = ReturnType<typeof initialState>;

/** The actions the form holds; a choice left empty leaves that field of the ticket as it is. */
function actionsOf(form: FormState): MacroActions {
  const actions: MacroActions = {};
  if (form.status) actions.status = form.status;
  if (form.priority) actions.priority = form.priority;
  if (form.team) actions.team_id = form.team === noTeam ? null : form.team;
  if (form.assignee)
    actions.assignee =
      form.assignee === nobody
        ? null
        : form.assignee === currentUser
          ? "current_user"
          : { user_id: form.assignee };
  if (form.addTags.length) actions.add_tags = form.addTags;
  if (form.removeTags.length) actions.remove_tags = form.removeTags;
  if (form.comment !== "none") actions.comment = { text: form.text, is_internal: form.comment === "note" };
  return actions;
}

/** Fields the form shows an error under; any other detail the server names goes in the alert. */
const fieldOf: Record<string, string> = {
  name: "name",
  description: "description",
  "actions.status": "status",
  "actions.priority": "priority",
  "actions.team_id": "team",
  "actions.assignee": "assignee",
  "actions.assignee.user_id": "assignee",
  "actions.add_tags": "addTags",
  "actions.remove_tags": "removeTags",
  "actions.comment.text": "text",
};
const formField = (apiField: string) => fieldOf[apiField] ?? fieldOf[apiField.replace(/\.\d+$/, "")];

/** The placeholders a reply may use, as a compact reference beside the text. */
function PlaceholderHelp({ placeholders }: { placeholders: Placeholder[] }) {
  return (
    <Table fz="xs" verticalSpacing={2} aria-label="Placeholders">
      <Table.Tbody>
        {placeholders.map((p) => (
          <Table.Tr key={p.name}>
            <Table.Td style={{ whiteSpace: "nowrap" }}>
              <Code>{`{{${p.name}}}`}</Code>
            </Table.Td>
            <Table.Td>{p.description}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/**
 * Create or edit a macro: what it sets on a ticket, and the reply or note it writes with placeholders. The
 * server checks the placeholders, team and user, and its 400 shows under the field it names.
 */
export function MacroForm({
  macro,
  teams,
  agents,
  placeholders,
  onSave,
  onCancel,
}: {
  macro: Macro | null;
  teams: Option[];
  agents: Option[];
  placeholders: Placeholder[];
  onSave: (body: NewMacro) => Promise<unknown>;
  onCancel: () => void;
}) {
  const [form, setForm] = useState(() => initialState(macro));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<FormState>) => setForm((current) => ({ ...current, ...change }));

  const details = error instanceof ApiError ? error.details : [];
  const fieldError = (field: string) =>
    details
      .filter((d) => formField(d.field) === field)
      .map((d) => d.message)
      .join("; ") || undefined;
  const otherDetails = details.filter((d) => !formField(d.field));
  const alert =
    error instanceof ApiError
      ? [error.message, ...otherDetails.map((d) => `${d.field}: ${d.message}`)].join("; ")
      : error
        ? errorMessage(error)
        : null;

  // A user the macro names who is no longer in the active list still shows, by id, until it is changed.
  const named = form.assignee && ![nobody, currentUser].includes(form.assignee) ? form.assignee : null;
  const assigneeOptions = [
    { value: currentUser, label: "The agent applying it" },
    { value: nobody, label: "Nobody (unassign)" },
    ...agents,
    ...(named && !agents.some((a) => a.value === named)
      ? [{ value: named, label: "A deactivated user" }]
      : []),
  ];
  const teamOptions = [
    { value: noTeam, label: "No team (clear it)" },
    ...teams,
    ...(form.team && form.team !== noTeam && !teams.some((t) => t.value === form.team)
      ? [{ value: form.team, label: "A deleted team" }]
      : []),
  ];

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSave({
        name: form.name,
        description: form.description.trim() || null,
        is_active: form.is_active,
        actions: actionsOf(form),
      });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-label={macro ? `Edit macro ${macro.name}` : "New macro"}>
      <Stack gap="sm">
        <TextInput
          label="Name"
          description="What agents pick, e.g. Password reset"
          required
          value={form.name}
          error={fieldError("name")}
          onChange={(e) => set({ name: e.currentTarget.value })}
        />
        <TextInput
          label="Description"
          description="When to use it"
          value={form.description}
          error={fieldError("description")}
          onChange={(e) => set({ description: e.currentTarget.value })}
        />
        <Switch
          label="Active"
          description="Agents can pick only active macros"
          checked={form.is_active}
          onChange={(e) => set({ is_active: e.currentTarget.checked })}
        />
        <Fieldset legend="Ticket fields (empty: left as they are)" variant="filled">
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="sm">
            <Select
              label="Status"
              placeholder="Leave as is"
              clearable
              data={statuses.map((s) => ({ value: s, label: statusLabel[s] }))}
              value={form.status}
              error={fieldError("status")}
              onChange={(value) => set({ status: value as FormState["status"] })}
            />
            <Select
              label="Priority"
              placeholder="Leave as is"
              clearable
              data={priorities.map((p) => ({ value: p, label: priorityLabel[p] }))}
              value={form.priority}
              error={fieldError("priority")}
              onChange={(value) => set({ priority: value as FormState["priority"] })}
            />
            <Select
              label="Team"
              placeholder="Leave as is"
              clearable
              data={teamOptions}
              value={form.team}
              error={fieldError("team")}
              onChange={(team) => set({ team })}
            />
            <Select
              label="Assignee"
              placeholder="Leave as is"
              clearable
              searchable
              data={assigneeOptions}
              value={form.assignee}
              error={fieldError("assignee")}
              onChange={(assignee) => set({ assignee })}
            />
            <TagsInput
              label="Add tags"
              placeholder="A tag, then Enter"
              value={form.addTags}
              error={fieldError("addTags")}
              onChange={(addTags) => set({ addTags })}
            />
            <TagsInput
              label="Remove tags"
              placeholder="A tag, then Enter"
              value={form.removeTags}
              error={fieldError("removeTags")}
              onChange={(removeTags) => set({ removeTags })}
            />
          </SimpleGrid>
        </Fieldset>
        <Radio.Group
          label="Comment"
          value={form.comment}
          onChange={(value) => set({ comment: value as CommentKind })}
        >
          <Group gap="md" mt={4}>
            <Radio value="none" label="None" />
            <Radio value="reply" label="Public reply (mailed to the contact)" />
            <Radio value="note" label="Internal note" />
          </Group>
        </Radio.Group>
        {form.comment !== "none" && (
          <>
            <Textarea
              label={form.comment === "reply" ? "Reply text" : "Note text"}
              description="Placeholders below are filled in when the macro is applied"
              required
              autosize
              minRows={4}
              value={form.text}
              error={fieldError("text")}
              onChange={(e) => set({ text: e.currentTarget.value })}
            />
            <div>
              <Text fz="xs" fw={600} c="gray.8">
                Placeholders
              </Text>
              <PlaceholderHelp placeholders={placeholders} />
            </div>
          </>
        )}
        {alert && (
          <Alert color="red" role="alert" p="xs">
            {alert}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={busy}>
            {macro ? "Save macro" : "Create macro"}
          </Button>
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
