import { Button, Group, Modal, Stack, Switch, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage, unwrap } from "../api/client";
import { asOptions, useAgents, useTeams } from "../api/lookups";
import { priorityLabel, statusLabel } from "../components/badges";
import { EmptyState, QueryState } from "../components/query-state";
import { type Macro, MacroForm, type NewMacro } from "./macro-form";

const key = ["macros"];

/** One line per action, in the support team's words. */
function describeActions(actions: Macro["actions"], names: Map<string, string>): string[] {
  const lines: string[] = [];
  if (actions.status) lines.push(`Status: ${statusLabel[actions.status]}`);
  if (actions.priority) lines.push(`Priority: ${priorityLabel[actions.priority]}`);
  if (actions.team_id !== undefined)
    lines.push(
      `Team: ${actions.team_id === null ? "none" : (names.get(actions.team_id) ?? "a deleted team")}`,
    );
  const { assignee } = actions;
  if (assignee !== undefined)
    lines.push(
      `Assign: ${
        assignee === null
          ? "nobody"
          : assignee === "current_user"
            ? "the agent applying it"
            : (names.get(assignee.user_id) ?? "a deactivated user")
      }`,
    );
  if (actions.add_tags?.length) lines.push(`Add tags: ${actions.add_tags.join(", ")}`);
  if (actions.remove_tags?.length) lines.push(`Remove tags: ${actions.remove_tags.join(", ")}`);
  if (actions.comment) lines.push(actions.comment.is_internal ? "Internal note" : "Public reply");
  return lines;
}

/** Admin: the macros agents apply to tickets in one step. */
export function MacrosPage() {
  const queryClient = useQueryClient();
  const teams = useTeams();
  const agents = useAgents();
  const [editing, setEditing] = useState<Macro | "new" | null>(null);
  const macros = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET("/api/v1/macros", { params: { query: { limit: 100 } } })),
  });
  const placeholders = useQuery({
    queryKey: ["macros", "placeholders"],
    queryFn: () => unwrap(api.GET("/api/v1/macros/placeholders")),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });
  const failed = (error: Error) =>
    notifications.show({ color: "red", title: "Not saved", message: errorMessage(error) });

  async function create(body: NewMacro) {
    const macro = await unwrap(api.POST("/api/v1/macros", { body }));
    notifications.show({ color: "green", message: `Macro ${macro.name} created` });
    setEditing(null);
    await refresh();
  }
  async function save(id: string, body: NewMacro) {
    const macro = await unwrap(api.PATCH("/api/v1/macros/{id}", { params: { path: { id } }, body }));
    notifications.show({ color: "green", message: `Macro ${macro.name} saved` });
    setEditing(null);
    await refresh();
  }
  const toggle = useMutation({
    mutationFn: ({ id, is_active }: { id: string; is_active: boolean }) =>
      unwrap(api.PATCH("/api/v1/macros/{id}", { params: { path: { id } }, body: { is_active } })),
    onError: failed,
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/macros/{id}", { params: { path: { id } } })),
    onSuccess: () => {
      notifications.show({ color: "green", message: "Macro deleted" });
      return refresh();
    },
    onError: failed,
  });

  const teamOptions = asOptions(teams.data?.results);
  const agentOptions = asOptions(agents.data?.results);
  const names = new Map([...teamOptions, ...agentOptions].map((o) => [o.value, o.label]));
  const form = (macro: Macro | null) => (
    <MacroForm
      macro={macro}
      teams={teamOptions}
      agents={agentOptions}
      placeholders={placeholders.data?.results ?? []}
      onSave={(body) => (macro ? save(macro.id, body) : create(body))}
      onCancel={() => setEditing(null)}
    />
  );
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={1} size="h2">
          Macros
        </Title>
        <Button onClick={() => setEditing("new")}>New macro</Button>
      </Group>
      <Text fz="sm" c="gray.7" maw={720}>
        Agents apply a macro to a ticket (or to several from the queue) to change its fields and write a reply
        or note in one step. Each change is written to the ticket's history like any other.
      </Text>
      <Modal.Root opened={editing !== null} onClose={() => setEditing(null)} size="lg">
        <Modal.Overlay />
        <Modal.Content>
          {/* A div, not Mantine's <header>: inside the dialog axe takes a header for a second page banner. */}
          <Modal.Header component="div">
            <Modal.Title>{editing === "new" ? "New macro" : `Edit ${editing?.name ?? ""}`}</Modal.Title>
            <Modal.CloseButton aria-label="Close" />
          </Modal.Header>
          <Modal.Body>{editing === "new" ? form(null) : editing && form(editing)}</Modal.Body>
        </Modal.Content>
      </Modal.Root>
      <QueryState query={macros}>
        {(data) =>
          data.results.length === 0 ? (
            <EmptyState>No macros yet.</EmptyState>
          ) : (
            <Table.ScrollContainer minWidth={640} type="native">
              <Table fz="sm" aria-label="Macros" verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Macro</Table.Th>
                    <Table.Th>What it does</Table.Th>
                    <Table.Th>Active</Table.Th>
                    <Table.Th>Actions</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.results.map((m) => (
                    <Table.Tr key={m.id} data-macro={m.name}>
                      <Table.Td style={{ overflowWrap: "anywhere" }}>
                        <Text fz="sm" fw={600}>
                          {m.name}
                        </Text>
                        {m.description && (
                          <Text fz="xs" c="gray.7">
                            {m.description}
                          </Text>
                        )}
                        {m.problems.length > 0 && (
                          <Text fz="xs" c="red.9" data-testid="macro-problems">
                            Cannot be applied: {m.problems.map((p) => p.message).join("; ")}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td style={{ overflowWrap: "anywhere" }}>
                        {describeActions(m.actions, names).map((line) => (
                          <Text key={line} fz="xs">
                            {line}
                          </Text>
                        ))}
                      </Table.Td>
                      <Table.Td>
                        <Switch
                          aria-label={`${m.name} is active`}
                          checked={m.is_active}
                          onChange={(e) => toggle.mutate({ id: m.id, is_active: e.currentTarget.checked })}
                        />
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <Button
                            size="compact-xs"
                            variant="default"
                            aria-label={`Edit macro ${m.name}`}
                            onClick={() => setEditing(m)}
                          >
                            Edit
                          </Button>
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            color="red"
                            c="red.9"
                            aria-label={`Delete macro ${m.name}`}
                            onClick={() =>
                              window.confirm(`Delete the macro ${m.name}?`) && remove.mutate(m.id)
                            }
                          >
                            Delete
                          </Button>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
    </Stack>
  );
}
