import { Alert, Button, Code, Group, Paper, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, errorMessage, unwrap } from "../api/client";
import { QueryState } from "../components/query-state";
import { RelativeTime } from "../components/relative-time";

/** Your API tokens for integrations; a new token's secret is shown once. */
export function ApiTokensPage() {
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [secret, setSecret] = useState<string | null>(null);
  const tokens = useQuery({ queryKey: ["api-tokens"], queryFn: () => unwrap(api.GET("/api/v1/api-tokens")) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["api-tokens"] });
  const failed = (error: Error) => notifications.show({ color: "red", message: errorMessage(error) });
  const create = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/api-tokens", { body: { name } })),
    onSuccess: (token) => {
      setSecret(token.token);
      setName("");
      return refresh();
    },
    onError: failed,
  });
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/api-tokens/{id}", { params: { path: { id } } })),
    onSuccess: refresh,
    onError: failed,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <Stack>
      <Title order={1} size="h2">
        API tokens
      </Title>
      <Text fz="sm">
        Integrations send a token as <Code>Authorization: Bearer &lt;token&gt;</Code>. Tokens act as you.
      </Text>
      <Paper withBorder p="sm" component="form" onSubmit={submit} maw={480}>
        <Group align="end" gap="xs">
          <TextInput
            label="Token name"
            placeholder="e.g. CRM sync"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            style={{ flex: 1 }}
          />
          <Button type="submit" loading={create.isPending}>
            Create token
          </Button>
        </Group>
      </Paper>
      {secret && (
        <Alert color="green" title="Copy your new token now" role="status">
          <Text fz="sm">It will not be shown again.</Text>
          <Code block style={{ wordBreak: "break-all", whiteSpace: "pre-wrap" }}>
            {secret}
          </Code>
        </Alert>
      )}
      <QueryState query={tokens}>
        {(data) =>
          data.results.length === 0 ? (
            <Text c="gray.7">No tokens yet.</Text>
          ) : (
            <Table fz="sm" aria-label="API tokens" maw={720}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>Last used</Table.Th>
                  <Table.Th>Actions</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.results.map((t) => (
                  <Table.Tr key={t.id}>
                    <Table.Td style={{ wordBreak: "break-word" }}>{t.name}</Table.Td>
                    <Table.Td>
                      <RelativeTime iso={t.created_at} />
                    </Table.Td>
                    <Table.Td>{t.last_used_at ? <RelativeTime iso={t.last_used_at} /> : "Never"}</Table.Td>
                    <Table.Td>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        c="red.9"
                        aria-label={`Revoke ${t.name}`}
                        onClick={() => revoke.mutate(t.id)}
                      >
                        Revoke
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )
        }
      </QueryState>
    </Stack>
  );
}
