import { Switch, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, errorMessage, unwrap } from "../api/client";
import { meKey, type SignedInUser } from "../api/session";

/**
 * The signed-in user's own availability (SPEC §7): auto-assignment only gives tickets to available agents.
 * The label says the state ("Available" / "Away"); the switch's accessible name says what it is for.
 */
export function AvailabilitySwitch({ user }: { user: SignedInUser }) {
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: (available: boolean) => unwrap(api.PATCH("/api/v1/users/me", { body: { available } })),
    onSuccess: (saved) =>
      queryClient.setQueryData<SignedInUser | null>(meKey, (me) => (me ? { ...me, ...saved } : me)),
    onError: (error) =>
      notifications.show({ color: "red", title: "Not saved", message: errorMessage(error) }),
  });
  const available = change.isPending ? (change.variables ?? user.available) : user.available;
  return (
    <Switch
      size="sm"
      // On a phone the switch alone stays in the header; its accessible name says what it is.
      label={
        <Text span fz="sm" visibleFrom="sm">
          {available ? "Available" : "Away"}
        </Text>
      }
      aria-label="Available for new tickets"
      checked={available}
      disabled={change.isPending}
      onChange={(e) => change.mutate(e.currentTarget.checked)}
      styles={{ label: { whiteSpace: "nowrap" } }}
      data-available={available}
    />
  );
}
