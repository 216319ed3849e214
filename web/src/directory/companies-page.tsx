import { Anchor, Button, Group, Modal, Stack, Table, TextInput } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, useNavigate } from "react-router";
import { api, errorMessage, unwrap } from "../api/client";
import { ListPage } from "../components/list-page";
import { EmptyState, QueryState } from "../components/query-state";
import { useListParams } from "../components/search-params";

function NewCompanyModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ name: "", domain: "" });
  const create = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/v1/companies", { body: { name: form.name, domain: form.domain || null } })),
    onSuccess: async (company) => {
      await queryClient.invalidateQueries({ queryKey: ["companies"] });
      await navigate(`/companies/${company.id}`);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <Modal opened={opened} onClose={onClose} title="New company">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <TextInput
            label="Name"
            required
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
          />
          <TextInput
            label="Email domain"
            placeholder="example.com"
            value={form.domain}
            onChange={(e) => setForm({ ...form, domain: e.currentTarget.value })}
          />
          {create.error && <div role="alert">{errorMessage(create.error)}</div>}
          <Group>
            <Button type="submit" loading={create.isPending}>
              Create company
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function CompaniesPage() {
  const list = useListParams();
  const [opened, { open, close }] = useDisclosure(false);
  const companies = useQuery({
    queryKey: ["companies", "list", list.search, list.offset],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/companies", {
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
      title="Companies"
      searchLabel="Search companies"
      search={list.draft}
      onSearch={list.setDraft}
      count={companies.data?.count}
      page={list.page}
      pages={list.pages(companies.data?.count ?? 0)}
      onPage={list.setPage}
      actions={<Button onClick={open}>New company</Button>}
    >
      <NewCompanyModal opened={opened} onClose={close} />
      <QueryState query={companies}>
        {(data) =>
          data.results.length === 0 ? (
            <EmptyState>No companies found.</EmptyState>
          ) : (
            <Table.ScrollContainer minWidth={0} type="native">
              <Table fz="sm" highlightOnHover aria-label="Companies">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Domain</Table.Th>
                    <Table.Th>Open tickets</Table.Th>
                    <Table.Th>All tickets</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.results.map((c) => (
                    <Table.Tr key={c.id}>
                      <Table.Td style={{ wordBreak: "break-word" }}>
                        <Anchor component={Link} to={`/companies/${c.id}`} fz="sm">
                          {c.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td style={{ wordBreak: "break-all" }}>{c.domain ?? "—"}</Table.Td>
                      <Table.Td>{c.open_tickets_count}</Table.Td>
                      <Table.Td>{c.tickets_count}</Table.Td>
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
