import { Button, Group, Modal, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage, unwrap } from "../api/client";
import { asOptions, useTeams } from "../api/lookups";
import { useUser } from "../app/use-user";
import { PriorityBadge } from "../components/badges";
import { QueryState } from "../components/query-state";
import { useCalendars } from "./business-hours-page";
import { formatMinutes } from "./format-minutes";
import { type NewSlaPolicy, type SlaPolicy, type SlaPolicyChange, SlaPolicyForm } from "./sla-policy-form";

const key = ["sla-policies"];

/** What happens at a breach, in a few words. */
export function describeEscalation(escalation: SlaPolicy["escalation"]): string {
  const steps = [
    escalation.notify_team_admins && "notify team admins",
    escalation.raise_priority && "raise priority",
    escalation.move_to_team && `move to ${escalation.move_to_team.name}`,
  ].filter(Boolean);
  if (steps.length === 0) return "Nothing";
  const text = steps.join(", ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Admin (agents read): first response and resolution targets per priority, for every team (the team-less
 * fallbacks, always there) and for the teams that have their own.
 */
export function SlaPoliciesPage() {
  const { abilities } = useUser();
  const queryClient = useQueryClient();
  const teams = useTeams();
  const calendars = useCalendars();
  const [editing, setEditing] = useState<SlaPolicy | "new" | null>(null);
  const policies = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET("/api/v1/sla-policies", { params: { query: { limit: 100 } } })),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });

  async function create(body: NewSlaPolicy) {
    await unwrap(api.POST("/api/v1/sla-policies", { body }));
    notifications.show({ color: "green", message: "SLA policy created" });
    setEditing(null);
    await refresh();
  }
  async function save(id: string, body: SlaPolicyChange) {
    await unwrap(api.PATCH("/api/v1/sla-policies/{id}", { params: { path: { id } }, body }));
    notifications.show({ color: "green", message: "SLA policy saved" });
    setEditing(null);
    await refresh();
  }
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/sla-policies/{id}", { params: { path: { id } } })),
    onSuccess: () => {
      notifications.show({ color: "green", message: "SLA policy deleted" });
      return refresh();
    },
    onError: (error) =>
      notifications.show({ color: "red", title: "Not deleted", message: errorMessage(error) }),
  });

  const teamOptions = asOptions(teams.data?.results);
  const calendarOptions = asOptions(calendars.data?.results);
  const title = (policy: SlaPolicy) => `${policy.priority} policy of ${policy.team?.name ?? "every team"}`;
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={1} size="h2">
          SLA policies
        </Title>
        {abilities.manage_sla && (
          <Button onClick={() => setEditing("new")} disabled={calendars.isPending}>
            New policy
          </Button>
        )}
      </Group>
      <Text fz="sm" c="gray.7" maw={720}>
        Each ticket is held to its team's policy for its priority, or to the policy for every team when its
        team has none. Targets count business time in the policy's calendar (Admin → Business hours).
      </Text>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === "new" ? "New SLA policy" : `Edit the ${editing ? title(editing) : ""}`}
      >
        {editing === "new" ? (
          <SlaPolicyForm
            policy={null}
            teams={teamOptions}
            calendars={calendarOptions}
            onSave={create}
            onCancel={() => setEditing(null)}
          />
        ) : (
          editing && (
            <SlaPolicyForm
              policy={editing}
              teams={teamOptions}
              calendars={calendarOptions}
              onSave={(body) => save(editing.id, body)}
              onCancel={() => setEditing(null)}
            />
          )
        )}
      </Modal>
      <QueryState query={policies}>
        {(data) => (
          <Table.ScrollContainer minWidth={760} type="native">
            <Table fz="sm" aria-label="SLA policies" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Team</Table.Th>
                  <Table.Th>Priority</Table.Th>
                  <Table.Th>First response</Table.Th>
                  <Table.Th>Resolution</Table.Th>
                  <Table.Th>Calendar</Table.Th>
                  <Table.Th>On breach</Table.Th>
                  {abilities.manage_sla && <Table.Th>Actions</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.results.map((policy) => (
                  <Table.Tr
                    key={policy.id}
                    data-policy={`${policy.team?.name ?? "every team"}/${policy.priority}`}
                  >
                    <Table.Td>{policy.team?.name ?? <Text fz="sm">Every team (default)</Text>}</Table.Td>
                    <Table.Td>
                      <PriorityBadge priority={policy.priority} />
                    </Table.Td>
                    <Table.Td>{formatMinutes(policy.first_response_minutes)}</Table.Td>
                    <Table.Td>{formatMinutes(policy.resolution_minutes)}</Table.Td>
                    <Table.Td>{policy.calendar.name}</Table.Td>
                    <Table.Td>{describeEscalation(policy.escalation)}</Table.Td>
                    {abilities.manage_sla && (
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <Button
                            size="compact-xs"
                            variant="default"
                            aria-label={`Edit the ${title(policy)}`}
                            onClick={() => setEditing(policy)}
                          >
                            Edit
                          </Button>
                          {!policy.is_fallback && (
                            <Button
                              size="compact-xs"
                              variant="subtle"
                              color="red"
                              c="red.9"
                              aria-label={`Delete the ${title(policy)}`}
                              onClick={() =>
                                window.confirm(
                                  `Delete the ${title(policy)}? Its tickets follow the policy for every team.`,
                                ) && remove.mutate(policy.id)
                              }
                            >
                              Delete
                            </Button>
                          )}
                        </Group>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
    </Stack>
  );
}
