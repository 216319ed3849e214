import { Anchor, Badge, Button, Group, Paper, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { errorMessage, type Schemas } from "../api/client";
import { LockIcon } from "../components/icons";
import { RelativeTime } from "../components/relative-time";

type Comment = Schemas["Comment"];
type Delivery = NonNullable<Comment["delivery"]>;

type Message = {
  key: string;
  author: string;
  /** A customer (contact) wrote it, by mail or in the portal: shown with their address, set apart from agents. */
  customerEmail?: string;
  text: string;
  internal: boolean;
  at: string;
  label?: string;
  comment?: Comment;
};

/** Web is the default channel and needs no badge. */
const channelLabel: Record<Comment["channel"], string | null> = {
  web: null,
  api: "API",
  email: "Email",
  portal: "Portal",
};

function DeliveryStatus({
  commentId,
  delivery,
  onRetry,
}: {
  commentId: string;
  delivery: Delivery;
  onRetry?: (commentId: string) => Promise<unknown>;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reason = delivery.error ? `: ${delivery.error}` : "";
  const text = {
    queued: `Mail to the customer queued${delivery.attempts > 0 ? ` (tried ${delivery.attempts}×${reason})` : ""}`,
    sending: "Mail to the customer is being sent",
    sent: "Mailed to the customer",
    failed: `Mail to the customer failed${reason}`,
    suppressed: `Mail to the customer not sent${reason}`,
  }[delivery.status];
  async function retry() {
    if (!onRetry) return;
    setBusy(true);
    setError(null);
    try {
      await onRetry(commentId);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Group gap="xs" mt={6} data-delivery={delivery.status}>
      <Text fz="xs" c={delivery.status === "failed" ? "red.9" : "gray.7"} style={{ wordBreak: "break-word" }}>
        <span aria-hidden="true">✉ </span>
        {text}
      </Text>
      {delivery.status === "failed" && onRetry && (
        <Button size="compact-xs" variant="default" loading={busy} onClick={() => void retry()}>
          Retry sending
        </Button>
      )}
      {error && (
        <Text fz="xs" c="red.9" role="alert">
          {error}
        </Text>
      )}
    </Group>
  );
}

function MessageCard({
  message,
  onRetryDelivery,
}: {
  message: Message;
  onRetryDelivery?: (commentId: string) => Promise<unknown>;
}) {
  const { comment } = message;
  const customer = message.customerEmail !== undefined;
  const channel = comment ? channelLabel[comment.channel] : null;
  const tint = message.internal
    ? { bg: "yellow.0", style: { borderColor: "var(--mantine-color-yellow-6)" } }
    : customer
      ? { bg: "blue.0", style: { borderLeft: "4px solid var(--mantine-color-blue-7)" } }
      : {};
  const who = customer ? `${message.author} (customer)` : message.author;
  return (
    <Paper
      withBorder
      p="sm"
      {...tint}
      data-internal={message.internal}
      data-author-kind={customer ? "customer" : "agent"}
      component="article"
      aria-label={message.internal ? `Internal note by ${who}` : `Message by ${who}`}
    >
      <Group justify="space-between" gap="xs" mb={4}>
        <Group gap="xs" style={{ minWidth: 0 }}>
          <Text fw={600} fz="sm" style={{ wordBreak: "break-word" }}>
            {message.author}
          </Text>
          {customer && (
            <>
              <Text fz="xs" c="gray.7" style={{ wordBreak: "break-all" }}>
                {message.customerEmail}
              </Text>
              <Badge variant="light" color="blue" c="blue.9" size="sm">
                Customer
              </Badge>
            </>
          )}
          {message.internal && (
            <Badge color="yellow.3" variant="filled" c="dark.9" leftSection={<LockIcon />}>
              Internal note
            </Badge>
          )}
          {channel && (
            <Badge variant="light" color="gray" c="dark.8" size="sm" data-channel={comment?.channel}>
              {channel}
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
      {comment?.delivery && (
        <DeliveryStatus commentId={comment.id} delivery={comment.delivery} onRetry={onRetryDelivery} />
      )}
      {comment?.has_source && (
        <Anchor href={`/api/v1/comments/${comment.id}/source`} download fz="xs" mt={6} display="inline-block">
          Original message (.eml)
        </Anchor>
      )}
    </Paper>
  );
}

/** The ticket's description, then every reply and note in time order. */
export function Conversation({
  ticket,
  comments,
  onRetryDelivery,
}: {
  ticket: Schemas["Ticket"];
  comments: Comment[];
  /** Sends a reply whose mail failed again; any staff member may (the server decides). */
  onRetryDelivery?: (commentId: string) => Promise<unknown>;
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
        author: c.author?.name ?? c.author_contact?.name ?? "Deleted user",
        ...(c.author_contact && !c.author ? { customerEmail: c.author_contact.email } : {}),
        text: c.text,
        internal: c.is_internal,
        at: c.created_at,
        comment: c,
      })),
  ];
  return (
    <Stack gap="sm" aria-label="Conversation">
      {messages.map((message) => (
        <MessageCard key={message.key} message={message} onRetryDelivery={onRetryDelivery} />
      ))}
    </Stack>
  );
}
