import { Button, Group, Paper, Select, SimpleGrid, Stack, Table, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, errorMessage, type RequestBody, unwrap } from "../api/client";
import { asOptions, useCategories, useTeams } from "../api/lookups";
import { QueryState } from "../components/query-state";

type CategoryChange = RequestBody<"/api/v1/categories/{id}", "patch">;

/** Admin: category labels and the team each category routes new tickets to. */
export function CategoriesPage() {
  const categories = useCategories();
  const teams = useTeams();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ key: "", label: "", default_team_id: null as string | null });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["categories"] });
  const failed = (error: Error) =>
    notifications.show({ color: "red", title: "Not saved", message: errorMessage(error) });
  const create = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/categories", { body: form })),
    onSuccess: () => {
      setForm({ key: "", label: "", default_team_id: null });
      notifications.show({ color: "green", message: "Category created" });
      return refresh();
    },
    onError: failed,
  });
  const update = useMutation({
    mutationFn: ({ id, change }: { id: string; change: CategoryChange }) =>
      unwrap(api.PATCH("/api/v1/categories/{id}", { params: { path: { id } }, body: change })),
    onSuccess: () => {
      notifications.show({ color: "green", message: "Category saved" });
      return refresh();
    },
    onError: failed,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <Stack>
      <Title order={1} size="h2">
        Categories
      </Title>
      <Paper withBorder p="sm" component="form" onSubmit={submit} maw={860}>
        <SimpleGrid cols={{ base: 1, sm: 4 }} spacing="xs">
          <TextInput
            label="Key"
            description="e.g. hardware"
            value={form.key}
            onChange={(e) => setForm({ ...form, key: e.currentTarget.value })}
          />
          <TextInput
            label="Label"
            description="Shown to agents"
            value={form.label}
            onChange={(e) => setForm({ ...form, label: e.currentTarget.value })}
          />
          <Select
            label="Default team"
            description="New tickets go here"
            placeholder="No team"
            clearable
            data={asOptions(teams.data?.results)}
            value={form.default_team_id}
            onChange={(default_team_id) => setForm({ ...form, default_team_id })}
          />
          <Group align="end">
            <Button type="submit" loading={create.isPending}>
              Add category
            </Button>
          </Group>
        </SimpleGrid>
      </Paper>
      <QueryState query={categories}>
        {(data) => (
          <Table fz="sm" aria-label="Categories" maw={860}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Key</Table.Th>
                <Table.Th>Label</Table.Th>
                <Table.Th>Default team</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.results.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td style={{ wordBreak: "break-all" }}>{c.key}</Table.Td>
                  <Table.Td>
                    <TextInput
                      size="xs"
                      aria-label={`Label of ${c.key}`}
                      defaultValue={c.label}
                      key={c.label}
                      onBlur={(e) => {
                        const label = e.currentTarget.value.trim();
                        if (label && label !== c.label) update.mutate({ id: c.id, change: { label } });
                      }}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Select
                      size="xs"
                      aria-label={`Default team of ${c.key}`}
                      placeholder="No team"
                      clearable
                      data={asOptions(teams.data?.results)}
                      value={c.default_team?.id ?? null}
                      onChange={(default_team_id) => update.mutate({ id: c.id, change: { default_team_id } })}
                    />
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
