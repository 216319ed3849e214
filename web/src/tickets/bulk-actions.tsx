import { Button, Group, Paper, Select, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, errorMessage, type RequestBody, unwrap } from "../api/client";
import { asOptions, macroOptions, useActiveMacros, useAgents } from "../api/lookups";
import { priorities, priorityLabel, statuses, statusLabel } from "../components/badges";

type TicketChange = RequestBody<"/api/v1/tickets/{id}", "patch">;

/** Runs one request per ticket; counts those that went through and keeps the refusals. */
async function eachTicket(ids: string[], request: (id: string) => Promise<unknown>) {
  const results = await Promise.allSettled(ids.map(request));
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
  return { updated: results.length - failed.length, failed };
}

/**
 * Bulk select → assign, set status, set priority, apply a macro; each ticket is changed through the API (a
 * macro by its apply-macro call, so each ticket gets the macro's rules, history and mail, and one refused
 * ticket does not stop the others).
 */
export function BulkActions({ ids, onDone }: { ids: string[]; onDone: () => void }) {
  const queryClient = useQueryClient();
  const agents = useAgents();
  const macros = useActiveMacros();
  const settled = {
    onSuccess: ({ updated, failed }: Awaited<ReturnType<typeof eachTicket>>) => {
      notifications.show({
        color: failed.length ? "orange" : "green",
        message: failed.length
          ? `${updated} updated, ${failed.length} not: ${errorMessage(failed[0]?.reason)}`
          : `${updated} ticket${updated === 1 ? "" : "s"} updated`,
      });
      onDone();
    },
    onError: (error: Error) => notifications.show({ color: "red", message: errorMessage(error) }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["tickets"] }),
  };
  const update = useMutation({
    mutationFn: (change: TicketChange) =>
      eachTicket(ids, (id) =>
        unwrap(api.PATCH("/api/v1/tickets/{id}", { params: { path: { id } }, body: change })),
      ),
    ...settled,
  });
  const applyMacro = useMutation({
    mutationFn: (macroId: string) =>
      eachTicket(ids, (id) =>
        unwrap(
          api.POST("/api/v1/tickets/{id}/apply-macro", {
            params: { path: { id } },
            body: { macro_id: macroId },
          }),
        ),
      ),
    ...settled,
  });
  const busy = update.isPending || applyMacro.isPending;
  const macroChoices = macroOptions(macros.data?.results);

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
          disabled={busy}
          searchable
        />
        <Select
          size="xs"
          label="Set status"
          placeholder="Choose…"
          data={statuses.map((s) => ({ value: s, label: statusLabel[s] }))}
          value={null}
          onChange={(value) => value && update.mutate({ status: value as (typeof statuses)[number] })}
          disabled={busy}
        />
        <Select
          size="xs"
          label="Set priority"
          placeholder="Choose…"
          data={priorities.map((p) => ({ value: p, label: priorityLabel[p] }))}
          value={null}
          onChange={(value) => value && update.mutate({ priority: value as (typeof priorities)[number] })}
          disabled={busy}
        />
        {macroChoices.length > 0 && (
          <Select
            size="xs"
            label="Apply macro"
            placeholder="Choose…"
            data={macroChoices}
            value={null}
            onChange={(value) => value && applyMacro.mutate(value)}
            disabled={busy}
            searchable
          />
        )}
        <Button size="xs" variant="default" onClick={onDone}>
          Clear selection
        </Button>
      </Group>
    </Paper>
  );
}
