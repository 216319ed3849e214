import { Alert, Button, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage, unwrap } from "../api/client";
import { EmptyState, QueryState } from "../components/query-state";
import { RelativeTime } from "../components/relative-time";

const key = ["inbound-mails", "failed"];

/** The retry's outcome in the support team's words. */
const outcomeText: Record<string, string> = {
  new_ticket: "it became a new ticket",
  reply: "it was added to its ticket as a reply",
  agent_reply: "it was added to its ticket as an agent's reply",
  follow_up: "it became a follow-up ticket",
  bounce: "it was recorded as a bounce",
  ignored: "it was ignored (a duplicate or automatic mail)",
  failed: "it failed again",
};

/** Admin: incoming mail that could not become a ticket or reply, each with a retry. */
export function FailedMailPage() {
  const queryClient = useQueryClient();
  const [outcome, setOutcome] = useState<{ subject: string; outcome: string } | null>(null);
  const failed = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET("/api/v1/inbound-mails/failed")),
  });
  const retry = useMutation({
    mutationFn: ({ id }: { id: string; subject: string }) =>
      unwrap(api.POST("/api/v1/inbound-mails/{id}/retry", { params: { path: { id } } })),
    onMutate: () => setOutcome(null),
    onSuccess: (result, mail) => setOutcome({ subject: mail.subject, outcome: result.outcome }),
    onError: (error) =>
      notifications.show({ color: "red", title: "Could not retry", message: errorMessage(error) }),
    // A retried mail that became a ticket or reply leaves this list; one that failed again has a new error.
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: key }),
        queryClient.invalidateQueries({ queryKey: ["tickets"] }),
      ]),
  });
  return (
    <Stack gap="sm">
      <Title order={1} size="h2">
        Failed mail
      </Title>
      <Text fz="sm" c="gray.7" maw={720}>
        Incoming mail that could not be turned into a ticket or a reply. Retry once the cause is fixed.
      </Text>
      {outcome && (
        <Alert
          color={outcome.outcome === "failed" ? "red" : "green"}
          role={outcome.outcome === "failed" ? "alert" : "status"}
          withCloseButton
          closeButtonLabel="Dismiss retry result"
          onClose={() => setOutcome(null)}
        >
          Retried “{outcome.subject}”: {outcomeText[outcome.outcome] ?? outcome.outcome}.
        </Alert>
      )}
      <QueryState query={failed}>
        {(data) =>
          data.results.length === 0 ? (
            <EmptyState>No failed mail.</EmptyState>
          ) : (
            <>
              <Table.ScrollContainer minWidth={720} type="native">
                <Table fz="sm" aria-label="Failed mail" verticalSpacing="xs">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>From</Table.Th>
                      <Table.Th>Subject</Table.Th>
                      <Table.Th>Mailbox</Table.Th>
                      <Table.Th>Error</Table.Th>
                      <Table.Th>Attempts</Table.Th>
                      <Table.Th>Received</Table.Th>
                      <Table.Th>Actions</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.results.map((mail) => {
                      const subject = mail.subject || "(no subject)";
                      return (
                        <Table.Tr key={mail.id} data-mail={mail.message_id}>
                          <Table.Td style={{ overflowWrap: "anywhere" }}>{mail.from_address ?? "—"}</Table.Td>
                          <Table.Td style={{ wordBreak: "break-word" }}>{subject}</Table.Td>
                          <Table.Td style={{ overflowWrap: "anywhere" }}>
                            {mail.mailbox_address ?? "—"}
                            <Text fz="xs" c="gray.7">
                              via {mail.received_via.toUpperCase()}
                            </Text>
                          </Table.Td>
                          <Table.Td style={{ wordBreak: "break-word" }}>
                            <Text fz="sm" c="red.9">
                              {mail.error ?? "Unknown error"}
                            </Text>
                          </Table.Td>
                          <Table.Td>{mail.attempts}</Table.Td>
                          <Table.Td>
                            <RelativeTime iso={mail.created_at} />
                          </Table.Td>
                          <Table.Td>
                            <Button
                              size="compact-xs"
                              variant="default"
                              aria-label={`Retry mail “${subject}”`}
                              loading={retry.isPending && retry.variables?.id === mail.id}
                              onClick={() => retry.mutate({ id: mail.id, subject })}
                            >
                              Retry
                            </Button>
                          </Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              {data.count > data.results.length && (
                <Text fz="sm" c="gray.7">
                  The newest {data.results.length} of {data.count} are shown.
                </Text>
              )}
            </>
          )
        }
      </QueryState>
    </Stack>
  );
}
