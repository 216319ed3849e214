import { Anchor, Badge, SegmentedControl, Table, Text } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, unwrap } from "../api/client";
import { LockIcon } from "../components/icons";
import { ListPage } from "../components/list-page";
import { EmptyState, QueryState } from "../components/query-state";
import { RelativeTime } from "../components/relative-time";
import { useListParams } from "../components/search-params";

/** The first 100 characters, as the seed's comment admin showed them. */
export function excerpt(text: string, length = 100): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}

export function CommentsPage() {
  const list = useListParams();
  const kind = list.params.get("kind") ?? "all";
  const comments = useQuery({
    queryKey: ["comments", "all", list.search, list.offset, kind],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/comments", {
          params: {
            query: {
              limit: list.limit,
              offset: list.offset,
              ...(list.search ? { search: list.search } : {}),
              ...(kind === "all" ? {} : { is_internal: kind === "internal" ? "true" : "false" }),
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  return (
    <ListPage
      title="All comments"
      searchLabel="Search comments"
      search={list.draft}
      onSearch={list.setDraft}
      count={comments.data?.count}
      countCapped={comments.data?.count_capped}
      page={list.page}
      pages={list.pages(comments.data?.count ?? 0)}
      onPage={list.setPage}
    >
      <SegmentedControl
        aria-label="Comment type"
        w="fit-content"
        value={kind}
        data={[
          { value: "all", label: "All" },
          { value: "public", label: "Public" },
          { value: "internal", label: "Internal" },
        ]}
        onChange={(value) => {
          const next = new URLSearchParams(list.params);
          next.set("kind", value);
          next.delete("page");
          list.setParams(next);
        }}
      />
      <QueryState query={comments}>
        {(data) =>
          data.results.length === 0 ? (
            <EmptyState>No comments found.</EmptyState>
          ) : (
            <Table.ScrollContainer minWidth={0} type="native">
              <Table fz="sm" aria-label="Comments">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Comment</Table.Th>
                    <Table.Th>Ticket</Table.Th>
                    <Table.Th>Author</Table.Th>
                    <Table.Th>Written</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.results.map((c) => (
                    <Table.Tr key={c.id} bg={c.is_internal ? "yellow.0" : undefined}>
                      <Table.Td style={{ wordBreak: "break-word" }}>
                        {c.is_internal && (
                          <Badge
                            size="xs"
                            color="yellow.3"
                            variant="filled"
                            c="dark.9"
                            mr={4}
                            leftSection={<LockIcon size={10} />}
                          >
                            Internal
                          </Badge>
                        )}
                        {excerpt(c.text)}
                      </Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/tickets/${c.ticket.ticket_number}`} fz="sm">
                          {c.ticket.ticket_number}
                        </Anchor>
                        <Text fz="xs" c="gray.7" style={{ wordBreak: "break-word" }}>
                          {c.ticket.subject}
                        </Text>
                      </Table.Td>
                      <Table.Td>{c.author?.name ?? c.author_contact?.name ?? "—"}</Table.Td>
                      <Table.Td>
                        <RelativeTime iso={c.created_at} />
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
