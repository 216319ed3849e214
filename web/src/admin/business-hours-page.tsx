import { Badge, Button, Group, Modal, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage, unwrap } from "../api/client";
import { useUser } from "../app/use-user";
import { QueryState } from "../components/query-state";
import { type Calendar, CalendarForm, type NewCalendar, weekdays } from "./calendar-form";

export const calendarsKey = ["business-calendars"];

export function useCalendars() {
  return useQuery({
    queryKey: calendarsKey,
    queryFn: () => unwrap(api.GET("/api/v1/business-calendars", { params: { query: { limit: 100 } } })),
  });
}

/** "Mon–Fri 09:00–17:00; Sat 10:00–14:00": days with the same hours run together. */
export function summarizeWeek(hours: Calendar["hours"]): string {
  const text = (day: (typeof weekdays)[number]["key"]) =>
    hours[day].map((i) => `${i.from}–${i.to}`).join(", ");
  const runs: { first: string; last: string; text: string }[] = [];
  for (const { key, label } of weekdays) {
    const short = label.slice(0, 3);
    const current = runs.at(-1);
    if (current && current.text === text(key)) current.last = short;
    else runs.push({ first: short, last: short, text: text(key) });
  }
  const open = runs.filter((run) => run.text);
  if (open.length === 0) return "Closed all week";
  return open
    .map((run) => `${run.first === run.last ? run.first : `${run.first}–${run.last}`} ${run.text}`)
    .join("; ");
}

/** Admin (agents read): the calendars SLA targets count in — a zone, weekly opening hours and holidays. */
export function BusinessHoursPage() {
  const { abilities } = useUser();
  const queryClient = useQueryClient();
  const calendars = useCalendars();
  const [editing, setEditing] = useState<Calendar | "new" | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: calendarsKey });

  async function create(body: NewCalendar) {
    const calendar = await unwrap(api.POST("/api/v1/business-calendars", { body }));
    notifications.show({ color: "green", message: `Calendar ${calendar.name} created` });
    setEditing(null);
    await refresh();
  }
  async function save(id: string, body: NewCalendar) {
    const calendar = await unwrap(
      api.PATCH("/api/v1/business-calendars/{id}", { params: { path: { id } }, body }),
    );
    notifications.show({ color: "green", message: `Calendar ${calendar.name} saved` });
    setEditing(null);
    // Policies show their calendar's name.
    await Promise.all([refresh(), queryClient.invalidateQueries({ queryKey: ["sla-policies"] })]);
  }
  const remove = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE("/api/v1/business-calendars/{id}", { params: { path: { id } } })),
    onSuccess: () => {
      notifications.show({ color: "green", message: "Calendar deleted" });
      return refresh();
    },
    onError: (error) =>
      notifications.show({ color: "red", title: "Not deleted", message: errorMessage(error) }),
  });

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={1} size="h2">
          Business hours
        </Title>
        {abilities.manage_sla && <Button onClick={() => setEditing("new")}>New calendar</Button>}
      </Group>
      <Text fz="sm" c="gray.7" maw={720}>
        SLA targets count only the hours a calendar is open. Each SLA policy names its calendar; the default
        calendar is used when a policy names none, and cannot be deleted.
      </Text>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        size="lg"
        title={editing === "new" ? "New calendar" : `Edit ${editing?.name ?? ""}`}
      >
        {editing === "new" ? (
          <CalendarForm calendar={null} onSave={create} onCancel={() => setEditing(null)} />
        ) : (
          editing && (
            <CalendarForm
              calendar={editing}
              onSave={(body) => save(editing.id, body)}
              onCancel={() => setEditing(null)}
            />
          )
        )}
      </Modal>
      <QueryState query={calendars}>
        {(data) => (
          <Table.ScrollContainer minWidth={640} type="native">
            <Table fz="sm" aria-label="Business calendars" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Calendar</Table.Th>
                  <Table.Th>Time zone</Table.Th>
                  <Table.Th>Opening hours</Table.Th>
                  <Table.Th>Holidays</Table.Th>
                  {abilities.manage_sla && <Table.Th>Actions</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.results.map((calendar) => (
                  <Table.Tr key={calendar.id} data-calendar={calendar.name}>
                    <Table.Td>
                      <Text fz="sm" fw={600}>
                        {calendar.name}
                      </Text>
                      {calendar.is_default && (
                        <Badge size="sm" color="indigo.9">
                          Default
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>{calendar.time_zone}</Table.Td>
                    <Table.Td>{summarizeWeek(calendar.hours)}</Table.Td>
                    <Table.Td>
                      {calendar.holidays.length === 0 ? "None" : calendar.holidays.join(", ")}
                    </Table.Td>
                    {abilities.manage_sla && (
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <Button
                            size="compact-xs"
                            variant="default"
                            aria-label={`Edit calendar ${calendar.name}`}
                            onClick={() => setEditing(calendar)}
                          >
                            Edit
                          </Button>
                          {!calendar.is_default && (
                            <Button
                              size="compact-xs"
                              variant="subtle"
                              color="red"
                              c="red.9"
                              aria-label={`Delete calendar ${calendar.name}`}
                              onClick={() =>
                                window.confirm(`Delete the ${calendar.name} calendar?`) &&
                                remove.mutate(calendar.id)
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
