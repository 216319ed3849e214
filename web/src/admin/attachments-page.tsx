import { Anchor, Table, Text } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, unwrap } from "../api/client";
import { ListPage } from "../components/list-page";
import { EmptyState, QueryState } from "../components/query-state";
import { RelativeTime } from "../components/relative-time";
import { useListParams } from "../components/search-params";

export function AttachmentsPage() {
  const list = useListParams();
  const attachments = useQuery({
    queryKey: ["attachments", "all", list.search, list.offset],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/attachments", {
          params: {
            query: {
              limit: list.limit,
              offset: list.offset,
              ...(list.search ? { search: list.search } : {}),
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  return (
    <ListPage
      title="All attachments"
      searchLabel="Search by file name or ticket number"
      search={list.draft}
      onSearch={list.setDraft}
      count={attachments.data?.count}
      countCapped={attachments.data?.count_capped}
      page={list.page}
      pages={list.pages(attachments.data?.count ?? 0)}
      onPage={list.setPage}
    >
      <QueryState query={attachments}>
        {(data) =>
          data.results.length === 0 ? (
            <EmptyState>No attachments found.</EmptyState>
          ) : (
            <Table.ScrollContainer minWidth={0} type="native">
              <Table fz="sm" aria-label="Attachments">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>File</Table.Th>
                    <Table.Th>Size</Table.Th>
                    <Table.Th>Ticket</Table.Th>
                    <Table.Th>Uploaded</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.results.map((a) => (
                    <Table.Tr key={a.id}>
                      <Table.Td style={{ wordBreak: "break-all" }}>
                        <Anchor href={a.download_url} fz="sm">
                          {a.name}
                        </Anchor>
                        <Text fz="xs" c="gray.7">
                          {a.content_type}
                        </Text>
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: "nowrap" }}>{a.size_display}</Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/tickets/${a.ticket.ticket_number}`} fz="sm">
                          {a.ticket.ticket_number}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        {a.uploaded_by?.name ?? "—"} · <RelativeTime iso={a.created_at} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
    </ListPage>
  );
}
