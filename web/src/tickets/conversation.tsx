import { Badge, Group, Paper, Stack, Text } from "@mantine/core";
import type { Schemas } from "../api/client";
import { RelativeTime } from "../components/relative-time";

type Message = { key: string; author: string; text: string; internal: boolean; at: string; label?: string };

function MessageCard({ message }: { message: Message }) {
  return (
    <Paper
      withBorder
      p="sm"
      bg={message.internal ? "yellow.0" : undefined}
      style={message.internal ? { borderColor: "var(--mantine-color-yellow-6)" } : undefined}
      data-internal={message.internal}
      component="article"
      aria-label={message.internal ? `Internal note by ${message.author}` : `Message by ${message.author}`}
    >
      <Group justify="space-between" gap="xs" mb={4}>
        <Group gap="xs">
          <Text fw={600} fz="sm">
            {message.author}
          </Text>
          {message.internal && (
            <Badge
              color="yellow.3"
              variant="filled"
              c="dark.9"
              leftSection={<span aria-hidden="true">🔒</span>}
            >
              Internal note
            </Badge>
          )}
          {message.label && (
            <Text fz="xs" c="gray.7">
              {message.label}
            </Text>
          )}
        </Group>
        <Text fz="xs" c="gray.7">
          <RelativeTime iso={message.at} />
        </Text>
      </Group>
      <Text fz="sm" style={{ whiteSpace: "pre-wrap", wordBreak: "break-word" }}>
        {message.text}
      </Text>
    </Paper>
  );
}

/** The ticket's description, then every reply and note in time order. */
export function Conversation({
  ticket,
  comments,
}: {
  ticket: Schemas["Ticket"];
  comments: Schemas["Comment"][];
}) {
  const messages: Message[] = [
    {
      key: "description",
      author: ticket.contact?.name ?? ticket.created_by?.name ?? "Customer",
      text: ticket.description,
      internal: false,
      at: ticket.created_at,
      label: "opened the ticket",
    },
    ...[...comments]
      .sort((a, b) => a.created_at.localeCompare(b.created_at))
      .map((c) => ({
        key: c.id,
        author: c.author?.name ?? "Deleted user",
        text: c.text,
        internal: c.is_internal,
        at: c.created_at,
      })),
  ];
  return (
    <Stack gap="sm" aria-label="Conversation">
      {messages.map((message) => (
        <MessageCard key={message.key} message={message} />
      ))}
    </Stack>
  );
}
