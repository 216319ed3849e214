import { Alert, Button, Group, Modal, Stack, Switch, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage, type Schemas, unwrap } from "../api/client";
import { asOptions, useTeams } from "../api/lookups";
import { EmptyState, QueryState } from "../components/query-state";
import { RelativeTime } from "../components/relative-time";
import { type Mailbox, type MailboxChange, MailboxForm, type NewMailbox } from "./mailbox-form";

const key = ["mailboxes"];

type TestResult = { mailbox: string; folder: string; result: Schemas["MailboxTest"] };

/** What the IMAP login test found, read out to screen readers as it arrives. */
function TestResultAlert({ test, onClose }: { test: TestResult; onClose: () => void }) {
  const { result } = test;
  return result.ok ? (
    <Alert
      color="green"
      role="status"
      title={`${test.mailbox}: the connection works`}
      withCloseButton
      closeButtonLabel="Dismiss test result"
      onClose={onClose}
    >
      {result.messages ?? 0} messages in {test.folder}. IDLE: {result.idle ? "yes" : "no (polled every 30 s)"}
    </Alert>
  ) : (
    <Alert
      color="red"
      role="alert"
      title={`${test.mailbox}: the connection failed`}
      withCloseButton
      closeButtonLabel="Dismiss test result"
      onClose={onClose}
    >
      {result.reason ?? "The server gave no reason"}
    </Alert>
  );
}

/** Admin: the addresses mail arrives at, their team, and the IMAP account each one watches. */
export function MailboxesPage() {
  const queryClient = useQueryClient();
  const teams = useTeams();
  const [editing, setEditing] = useState<Mailbox | "new" | null>(null);
  const [test, setTest] = useState<TestResult | null>(null);
  const mailboxes = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET("/api/v1/mailboxes", { params: { query: { limit: 100 } } })),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });
  const failed = (error: Error) =>
    notifications.show({ color: "red", title: "Not saved", message: errorMessage(error) });

  async function create(body: NewMailbox) {
    const mailbox = await unwrap(api.POST("/api/v1/mailboxes", { body }));
    notifications.show({ color: "green", message: `Mailbox ${mailbox.name} created` });
    setEditing(null);
    await refresh();
  }
  async function save(id: string, body: MailboxChange) {
    const mailbox = await unwrap(api.PATCH("/api/v1/mailboxes/{id}", { params: { path: { id } }, body }));
    notifications.show({ color: "green", message: `Mailbox ${mailbox.name} saved` });
    setEditing(null);
    await refresh();
  }
  const toggle = useMutation({
    mutationFn: ({ id, is_active }: { id: string; is_active: boolean }) =>
      unwrap(api.PATCH("/api/v1/mailboxes/{id}", { params: { path: { id } }, body: { is_active } })),
    onError: failed,
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/mailboxes/{id}", { params: { path: { id } } })),
    onSuccess: () => {
      notifications.show({ color: "green", message: "Mailbox deleted" });
      return refresh();
    },
    onError: failed,
  });
  const check = useMutation({
    mutationFn: (mailbox: Mailbox) =>
      unwrap(api.POST("/api/v1/mailboxes/{id}/test", { params: { path: { id: mailbox.id } } })),
    onMutate: () => setTest(null),
    onSuccess: (result, mailbox) =>
      setTest({ mailbox: mailbox.name, folder: mailbox.imap?.folder ?? "the folder", result }),
    onError: (error) =>
      notifications.show({ color: "red", title: "Could not test", message: errorMessage(error) }),
    // A test that logs in clears or sets the mailbox's last error.
    onSettled: refresh,
  });

  const teamOptions = asOptions(teams.data?.results);
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={1} size="h2">
          Mailboxes
        </Title>
        <Button onClick={() => setEditing("new")}>New mailbox</Button>
      </Group>
      <Text fz="sm" c="gray.7" maw={720}>
        Mail sent to these addresses becomes tickets and replies. A mailbox with an IMAP account is watched;
        one without receives mail through the built-in SMTP listener.
      </Text>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === "new" ? "New mailbox" : `Edit ${editing?.name ?? ""}`}
      >
        {editing === "new" ? (
          <MailboxForm mailbox={null} teams={teamOptions} onSave={create} onCancel={() => setEditing(null)} />
        ) : (
          editing && (
            <MailboxForm
              mailbox={editing}
              teams={teamOptions}
              onSave={(body) => save(editing.id, body)}
              onCancel={() => setEditing(null)}
            />
          )
        )}
      </Modal>
      {test && <TestResultAlert test={test} onClose={() => setTest(null)} />}
      <QueryState query={mailboxes}>
        {(data) =>
          data.results.length === 0 ? (
            <EmptyState>No mailboxes yet.</EmptyState>
          ) : (
            <Table.ScrollContainer minWidth={720} type="native">
              <Table fz="sm" aria-label="Mailboxes" verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Mailbox</Table.Th>
                    <Table.Th>Team</Table.Th>
                    <Table.Th>Active</Table.Th>
                    <Table.Th>IMAP</Table.Th>
                    <Table.Th>Last fetch</Table.Th>
                    <Table.Th>Actions</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.results.map((m) => (
                    <Table.Tr key={m.id} data-mailbox={m.address}>
                      <Table.Td style={{ overflowWrap: "anywhere" }}>
                        <Text fz="sm" fw={600}>
                          {m.name}
                        </Text>
                        <Text fz="xs" c="gray.7">
                          {m.address}
                        </Text>
                      </Table.Td>
                      <Table.Td>{m.team?.name ?? "—"}</Table.Td>
                      <Table.Td>
                        <Switch
                          aria-label={`${m.name} is active`}
                          checked={m.is_active}
                          onChange={(e) => toggle.mutate({ id: m.id, is_active: e.currentTarget.checked })}
                        />
                      </Table.Td>
                      <Table.Td style={{ overflowWrap: "anywhere" }}>
                        {m.imap ? (
                          <>
                            <Text fz="sm">{m.imap.host}</Text>
                            <Text fz="xs" c="gray.7">
                              {m.imap.user}
                            </Text>
                          </>
                        ) : (
                          <Text fz="sm" c="gray.7">
                            None (SMTP)
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {m.last_fetch_at ? <RelativeTime iso={m.last_fetch_at} /> : m.imap ? "Never" : "—"}
                        {m.last_error && (
                          <Text
                            fz="xs"
                            c="red.9"
                            style={{ wordBreak: "break-word" }}
                            data-testid="last-error"
                          >
                            {m.last_error}
                            {m.last_error_at && (
                              <>
                                {" "}
                                (<RelativeTime iso={m.last_error_at} />)
                              </>
                            )}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <Button
                            size="compact-xs"
                            variant="default"
                            aria-label={`Edit mailbox ${m.name}`}
                            onClick={() => setEditing(m)}
                          >
                            Edit
                          </Button>
                          {m.imap && (
                            <Button
                              size="compact-xs"
                              variant="default"
                              aria-label={`Test connection of ${m.name}`}
                              loading={check.isPending && check.variables?.id === m.id}
                              onClick={() => check.mutate(m)}
                            >
                              Test connection
                            </Button>
                          )}
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            color="red"
                            c="red.9"
                            aria-label={`Delete mailbox ${m.name}`}
                            onClick={() =>
                              window.confirm(
                                `Delete the ${m.name} mailbox? Its tickets and received mail stay.`,
                              ) && remove.mutate(m.id)
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
