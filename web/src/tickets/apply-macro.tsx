import { Select } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, errorMessage, unwrap } from "../api/client";
import { macroOptions, useActiveMacros } from "../api/lookups";

/**
 * "Apply macro" on the ticket page: the server applies every action in one step and answers the ticket with
 * its new comment; the page, its conversation and its history are read again. Nothing shows when there are no
 * macros. Whether an action is allowed is the server's call (a refusal says why and applies nothing).
 */
export function ApplyMacro({ ticketId }: { ticketId: string }) {
  const macros = useActiveMacros();
  const queryClient = useQueryClient();
  const apply = useMutation({
    mutationFn: (macroId: string) =>
      unwrap(
        api.POST("/api/v1/tickets/{id}/apply-macro", {
          params: { path: { id: ticketId } },
          body: { macro_id: macroId },
        }),
      ),
    onSuccess: (_, macroId) => {
      const name = macros.data?.results.find((m) => m.id === macroId)?.name ?? "The macro";
      notifications.show({ color: "green", message: `${name} applied` });
    },
    onError: (error) =>
      notifications.show({ color: "red", title: "Macro not applied", message: errorMessage(error) }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["tickets"] }),
  });
  const options = macroOptions(macros.data?.results);
  if (options.length === 0) return null;
  return (
    <Select
      label="Apply macro"
      placeholder="Choose a macro…"
      data={options}
      value={null}
      searchable
      disabled={apply.isPending}
      onChange={(macroId) => macroId && apply.mutate(macroId)}
    />
  );
}
