import { Anchor, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, unwrap } from "../api/client";
import { PriorityBadge, StatusBadge } from "./badges";
import { QueryState } from "./query-state";
import { RelativeTime } from "./relative-time";

/** The latest tickets of a company or contact, with a link to all of them in the queue. */
export function RelatedTickets({ filter }: { filter: { company_id: string } | { contact_id: string } }) {
  const tickets = useQuery({
    queryKey: ["tickets", "related", filter],
    queryFn: () => unwrap(api.GET("/api/v1/tickets", { params: { query: { ...filter, limit: "25" } } })),
  });
  const queueLink = `/tickets?${new URLSearchParams(filter)}`;
  return (
    <Stack gap="xs" component="section" aria-label="Tickets">
      <Group justify="space-between">
        <Title order={2} size="h4">
          Tickets
        </Title>
        <Anchor component={Link} to={queueLink} fz="sm">
          Open in the queue
        </Anchor>
      </Group>
      <QueryState query={tickets}>
        {(data) =>
          data.results.length === 0 ? (
            <Text c="gray.7">No tickets yet.</Text>
          ) : (
            <Table.ScrollContainer minWidth={0} type="native">
              <Table fz="sm" aria-label="Related tickets">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Number</Table.Th>
                    <Table.Th>Subject</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Priority</Table.Th>
                    <Table.Th>Created</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.results.map((t) => (
                    <Table.Tr key={t.id}>
                      <Table.Td style={{ whiteSpace: "nowrap" }}>
                        <Anchor component={Link} to={`/tickets/${t.ticket_number}`} fz="sm">
                          {t.ticket_number}
                        </Anchor>
                      </Table.Td>
                      <Table.Td style={{ wordBreak: "break-word" }}>{t.subject}</Table.Td>
                      <Table.Td>
                        <StatusBadge status={t.status} />
                      </Table.Td>
                      <Table.Td>
                        <PriorityBadge priority={t.priority} />
                      </Table.Td>
                      <Table.Td>
                        <RelativeTime iso={t.created_at} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
      {tickets.data && tickets.data.count > tickets.data.results.length && (
        <Text fz="xs" c="gray.7">
          Showing the latest {tickets.data.results.length} of {tickets.data.count}.
        </Text>
      )}
    </Stack>
  );
}
