import { Anchor, Table } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, unwrap } from "../api/client";
import { ListPage } from "../components/list-page";
import { EmptyState, QueryState } from "../components/query-state";
import { useListParams } from "../components/search-params";

export function ContactsPage() {
  const list = useListParams();
  const contacts = useQuery({
    queryKey: ["contacts", "list", list.search, list.offset],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/contacts", {
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
      title="Contacts"
      searchLabel="Search contacts"
      search={list.draft}
      onSearch={list.setDraft}
      count={contacts.data?.count}
      page={list.page}
      pages={list.pages(contacts.data?.count ?? 0)}
      onPage={list.setPage}
    >
      <QueryState query={contacts}>
        {(data) =>
          data.results.length === 0 ? (
            <EmptyState>No contacts found.</EmptyState>
          ) : (
            <Table.ScrollContainer minWidth={0} type="native">
              <Table fz="sm" highlightOnHover aria-label="Contacts">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Email</Table.Th>
                    <Table.Th>Company</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.results.map((c) => (
                    <Table.Tr key={c.id}>
                      <Table.Td style={{ wordBreak: "break-word" }}>
                        <Anchor component={Link} to={`/contacts/${c.id}`} fz="sm">
                          {c.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td style={{ wordBreak: "break-all" }}>{c.email}</Table.Td>
                      <Table.Td style={{ wordBreak: "break-word" }}>
                        <Anchor component={Link} to={`/companies/${c.company.id}`} fz="sm">
                          {c.company.name}
                        </Anchor>
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
