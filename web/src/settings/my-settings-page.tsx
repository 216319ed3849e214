import { Paper, Stack, Switch, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, errorMessage, type Schemas, unwrap } from "../api/client";
import { useUser } from "../app/use-user";
import { QueryState } from "../components/query-state";

type Settings = Schemas["NotificationSettings"];

const mails: { key: keyof Settings; label: string; description: string }[] = [
  { key: "notify_assigned", label: "A ticket is assigned to me", description: "By another agent or a rule" },
  {
    key: "notify_customer_replied",
    label: "The customer replies on my ticket",
    description: "Tickets assigned to you",
  },
  {
    key: "notify_new_ticket_in_team",
    label: "A new ticket arrives in my team",
    description: "Every new ticket routed to your team",
  },
];

const key = ["notification-settings"];

/** Which mails the signed-in agent gets. */
function NotificationSettings() {
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET("/api/v1/users/me/notifications")),
  });
  const update = useMutation({
    mutationFn: (change: Partial<Settings>) =>
      unwrap(api.PATCH("/api/v1/users/me/notifications", { body: change })),
    onSuccess: (saved) => {
      queryClient.setQueryData(key, saved);
      notifications.show({ color: "green", message: "Notifications saved" });
    },
    onError: (error) =>
      notifications.show({ color: "red", title: "Not saved", message: errorMessage(error) }),
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="notifications-heading" maw={560}>
      <Title order={2} size="h4" id="notifications-heading">
        Notifications
      </Title>
      <Text fz="sm" c="gray.7" mb="sm">
        Mail me when…
      </Text>
      <QueryState query={settings}>
        {(data) => (
          <Stack gap="sm">
            {mails.map((mail) => (
              <Switch
                key={mail.key}
                label={mail.label}
                description={mail.description}
                checked={data[mail.key]}
                disabled={update.isPending}
                onChange={(e) => update.mutate({ [mail.key]: e.currentTarget.checked })}
              />
            ))}
          </Stack>
        )}
      </QueryState>
    </Paper>
  );
}

/** The signed-in agent's own settings. */
export function MySettingsPage() {
  const user = useUser();
  return (
    <Stack>
      <div>
        <Title order={1} size="h2">
          My settings
        </Title>
        <Text c="gray.7" style={{ wordBreak: "break-all" }}>
          {user.name} · {user.email}
        </Text>
      </div>
      <NotificationSettings />
    </Stack>
  );
}
