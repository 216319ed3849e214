import { Badge, Button, NumberInput, Select, Switch, Table, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage, type RequestBody, type Schemas, unwrap } from "../api/client";
import { asOptions, useTeams } from "../api/lookups";
import { ListPage } from "../components/list-page";
import { EmptyState, QueryState } from "../components/query-state";
import { RelativeTime } from "../components/relative-time";
import { useListParams } from "../components/search-params";
import { NewUserModal, ResetPasswordModal } from "./user-forms";

type UserChange = RequestBody<"/api/v1/users/{id}", "patch">;

/**
 * The most open tickets auto-assignment gives the user, saved when the field is left; empty: no limit. The
 * server refuses 0, negatives and fractions (the notification says why).
 */
function MaxOpenTickets({ user, onSave }: { user: Schemas["User"]; onSave: (max: number | null) => void }) {
  return (
    <NumberInput
      // Re-mounted when the saved value changes, so the field shows what the server kept.
      key={user.max_open_tickets ?? "none"}
      size="xs"
      w={110}
      aria-label={`Max open tickets of ${user.name}`}
      placeholder="No limit"
      allowDecimal={false}
      allowNegative={false}
      defaultValue={user.max_open_tickets ?? ""}
      onBlur={(e) => {
        const text = e.currentTarget.value.trim();
        const max = text === "" ? null : Number(text);
        if (max !== user.max_open_tickets) onSave(max);
      }}
    />
  );
}

/** Admin: every user, with role, team, active switch and open-ticket cap edited in place. */
export function UsersPage() {
  const list = useListParams();
  const queryClient = useQueryClient();
  const teams = useTeams();
  const [creating, { open, close }] = useDisclosure(false);
  const [resetting, setResetting] = useState<Schemas["User"] | null>(null);
  const users = useQuery({
    queryKey: ["users", "list", list.search, list.offset],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/users", {
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
  const update = useMutation({
    mutationFn: ({ id, change }: { id: string; change: UserChange }) =>
      unwrap(api.PATCH("/api/v1/users/{id}", { params: { path: { id } }, body: change })),
    onSuccess: (user) => notifications.show({ color: "green", message: `${user.name} updated` }),
    onError: (error) =>
      notifications.show({ color: "red", title: "Not saved", message: errorMessage(error) }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["users"] }),
  });
  return (
    <ListPage
      title="Users"
      searchLabel="Search users"
      search={list.draft}
      onSearch={list.setDraft}
      count={users.data?.count}
      page={list.page}
      pages={list.pages(users.data?.count ?? 0)}
      onPage={list.setPage}
      actions={<Button onClick={open}>New user</Button>}
    >
      <NewUserModal opened={creating} onClose={close} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
      <QueryState query={users}>
        {(data) =>
          data.results.length === 0 ? (
            <EmptyState>No users found.</EmptyState>
          ) : (
            <Table.ScrollContainer minWidth={0} type="native">
              <Table fz="sm" aria-label="Users" verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>User</Table.Th>
                    <Table.Th>Role</Table.Th>
                    <Table.Th>Team</Table.Th>
                    <Table.Th>Active</Table.Th>
                    <Table.Th>Max open tickets</Table.Th>
                    <Table.Th>Last sign-in</Table.Th>
                    <Table.Th>Password</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.results.map((u) => (
                    <Table.Tr key={u.id} data-user={u.email}>
                      <Table.Td style={{ wordBreak: "break-all" }}>
                        <Text fz="sm" fw={600}>
                          {u.name}
                        </Text>
                        <Text fz="xs" c="gray.7">
                          {u.email}
                        </Text>
                        {!u.is_active && (
                          <Badge color="gray.7" size="sm">
                            Deactivated
                          </Badge>
                        )}
                        {u.is_active && !u.available && (
                          <Badge color="gray.7" size="sm" variant="outline">
                            Away
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Select
                          size="xs"
                          aria-label={`Role of ${u.name}`}
                          w={100}
                          allowDeselect={false}
                          value={u.role}
                          data={[
                            { value: "agent", label: "Agent" },
                            { value: "admin", label: "Admin" },
                          ]}
                          onChange={(role) =>
                            role && update.mutate({ id: u.id, change: { role: role as "agent" | "admin" } })
                          }
                        />
                      </Table.Td>
                      <Table.Td>
                        <Select
                          size="xs"
                          aria-label={`Team of ${u.name}`}
                          w={120}
                          placeholder="No team"
                          clearable
                          value={u.team_id}
                          data={asOptions(teams.data?.results)}
                          onChange={(team_id) => update.mutate({ id: u.id, change: { team_id } })}
                        />
                      </Table.Td>
                      <Table.Td>
                        <Switch
                          aria-label={`${u.name} is active`}
                          checked={u.is_active}
                          onChange={(e) =>
                            update.mutate({ id: u.id, change: { is_active: e.currentTarget.checked } })
                          }
                        />
                      </Table.Td>
                      <Table.Td>
                        <MaxOpenTickets
                          user={u}
                          onSave={(max_open_tickets) =>
                            update.mutate({ id: u.id, change: { max_open_tickets } })
                          }
                        />
                      </Table.Td>
                      <Table.Td>
                        {u.last_login_at ? <RelativeTime iso={u.last_login_at} /> : "Never"}
                      </Table.Td>
                      <Table.Td>
                        <Button size="compact-xs" variant="default" onClick={() => setResetting(u)}>
                          Reset
                        </Button>
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
