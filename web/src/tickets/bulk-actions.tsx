import { Button, Group, Paper, Select, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, errorMessage, type RequestBody, unwrap } from "../api/client";
import { asOptions, useAgents } from "../api/lookups";
import { priorities, priorityLabel, statuses, statusLabel } from "../components/badges";

type TicketChange = RequestBody<"/api/v1/tickets/{id}", "patch">;

/** Bulk select → assign, set status, set priority; each ticket is updated through the API. */
export function BulkActions({ ids, onDone }: { ids: string[]; onDone: () => void }) {
  const queryClient = useQueryClient();
  const agents = useAgents();
  const update = useMutation({
    mutationFn: async (change: TicketChange) => {
      const results = await Promise.allSettled(
        ids.map((id) =>
          unwrap(api.PATCH("/api/v1/tickets/{id}", { params: { path: { id } }, body: change })),
        ),
      );
      const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      return { updated: results.length - failed.length, failed };
    },
    onSuccess: ({ updated, failed }) => {
      notifications.show({
        color: failed.length ? "orange" : "green",
        message: failed.length
          ? `${updated} updated, ${failed.length} not: ${errorMessage(failed[0]?.reason)}`
          : `${updated} ticket${updated === 1 ? "" : "s"} updated`,
      });
      onDone();
    },
    onError: (error) => notifications.show({ color: "red", message: errorMessage(error) }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["tickets"] }),
  });

  return (
    <Paper withBorder p="xs" bg="indigo.0" aria-label="Bulk actions" role="region">
      <Group gap="sm" align="end">
        <Text fz="sm" fw={600}>
          {ids.length} selected
        </Text>
        <Select
          size="xs"
          label="Assign to"
          placeholder="Choose…"
          data={[{ value: "none", label: "Nobody (unassign)" }, ...asOptions(agents.data?.results)]}
          value={null}
          onChange={(value) => value && update.mutate({ assigned_to: value === "none" ? null : value })}
          disabled={update.isPending}
          searchable
        />
        <Select
          size="xs"
          label="Set status"
          placeholder="Choose…"
          data={statuses.map((s) => ({ value: s, label: statusLabel[s] }))}
          value={null}
          onChange={(value) => value && update.mutate({ status: value as (typeof statuses)[number] })}
          disabled={update.isPending}
        />
        <Select
          size="xs"
          label="Set priority"
          placeholder="Choose…"
          data={priorities.map((p) => ({ value: p, label: priorityLabel[p] }))}
          value={null}
          onChange={(value) => value && update.mutate({ priority: value as (typeof priorities)[number] })}
          disabled={update.isPending}
        />
        <Button size="xs" variant="default" onClick={onDone}>
          Clear selection
        </Button>
      </Group>
    </Paper>
  );
}
