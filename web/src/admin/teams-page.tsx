import { Button, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, errorMessage, type Schemas, unwrap } from "../api/client";
import { useTeams } from "../api/lookups";
import { QueryState } from "../components/query-state";
import { RelativeTime } from "../components/relative-time";

type Assignment = Schemas["Team"]["assignment"];

/** How a team's unassigned tickets get an assignee (SPEC §7); only available agents under their cap. */
export const assignmentModes: { value: Assignment; label: string }[] = [
  { value: "manual", label: "Manual" },
  { value: "round_robin", label: "Round robin" },
  { value: "least_loaded", label: "Least loaded" },
];

export function TeamsPage() {
  const teams = useTeams();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const done = (message: string) => () => {
    notifications.show({ color: "green", message });
    return queryClient.invalidateQueries({ queryKey: ["teams"] });
  };
  const failed = (error: Error) =>
    notifications.show({ color: "red", title: "Not saved", message: errorMessage(error) });
  const create = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/teams", { body: { name } })),
    onSuccess: () => {
      setName("");
      return done("Team created")();
    },
    onError: failed,
  });
  const rename = useMutation({
    mutationFn: ({ id, name: newName }: { id: string; name: string }) =>
      unwrap(api.PATCH("/api/v1/teams/{id}", { params: { path: { id } }, body: { name: newName } })),
    onSuccess: done("Team renamed"),
    onError: failed,
  });
  const reassign = useMutation({
    mutationFn: ({ id, assignment }: { id: string; assignment: Assignment }) =>
      unwrap(api.PATCH("/api/v1/teams/{id}", { params: { path: { id } }, body: { assignment } })),
    onSuccess: done("Assignment saved"),
    onError: failed,
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/teams/{id}", { params: { path: { id } } })),
    onSuccess: done("Team deleted"),
    onError: failed,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <Stack>
      <Title order={1} size="h2">
        Teams
      </Title>
      <Paper withBorder p="sm" component="form" onSubmit={submit} maw={480}>
        <Group align="end" gap="xs">
          <TextInput
            label="New team name"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            style={{ flex: 1 }}
          />
          <Button type="submit" loading={create.isPending}>
            Add team
          </Button>
        </Group>
      </Paper>
      <Text fz="sm" c="gray.7" maw={720}>
        Assignment: manual leaves new tickets for agents to pick; round robin gives them to the team's
        available agents in turn; least loaded to the available agent with the fewest open tickets. Nobody
        gets more than their maximum of open tickets (Admin → Users).
      </Text>
      <QueryState query={teams}>
        {(data) => (
          <Table fz="sm" aria-label="Teams" maw={860}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Assignment</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.results.map((team) => (
                <Table.Tr key={team.id}>
                  <Table.Td>
                    <TextInput
                      size="xs"
                      aria-label={`Name of team ${team.name}`}
                      defaultValue={team.name}
                      key={team.name}
                      onBlur={(e) => {
                        const value = e.currentTarget.value.trim();
                        if (value && value !== team.name) rename.mutate({ id: team.id, name: value });
                      }}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Select
                      size="xs"
                      w={150}
                      aria-label={`Assignment of team ${team.name}`}
                      allowDeselect={false}
                      data={assignmentModes}
                      value={team.assignment}
                      onChange={(value) =>
                        value &&
                        value !== team.assignment &&
                        reassign.mutate({ id: team.id, assignment: value as Assignment })
                      }
                    />
                  </Table.Td>
                  <Table.Td>
                    <RelativeTime iso={team.created_at} />
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      c="red.9"
                      aria-label={`Delete team ${team.name}`}
                      onClick={() =>
                        window.confirm(`Delete the ${team.name} team?`) && remove.mutate(team.id)
                      }
                    >
                      Delete
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryState>
    </Stack>
  );
}
