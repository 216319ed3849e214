import { Anchor, Badge, Button, Grid, Group, Paper, Stack, Tabs, Text, Title } from "@mantine/core";
import { useHotkeys } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api, errorMessage, unwrap } from "../api/client";
import { useCompanyContacts } from "../api/lookups";
import { OverdueBadge, PriorityBadge, StatusBadge } from "../components/badges";
import { ccSuggestions } from "../components/cc-input";
import { QueryState } from "../components/query-state";
import { LiveSlaTimeLeft } from "../components/sla-time-left";
import { ApplyMacro } from "./apply-macro";
import { AttachmentsPanel } from "./attachments-panel";
import { Conversation } from "./conversation";
import { type Reply, ReplyBox } from "./reply-box";
import { TicketHistory } from "./ticket-history";
import { TicketOrigin } from "./ticket-origin";
import { type TicketChange, TicketSidePanel } from "./ticket-side-panel";
import { TicketSlaPanel } from "./ticket-sla-panel";

export function TicketPage() {
  const { ref = "" } = useParams();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const replyRef = useRef<HTMLTextAreaElement>(null);
  const key = ["tickets", "detail", ref];
  const ticket = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET("/api/v1/tickets/{id}", { params: { path: { id: ref } } })),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["tickets"] });
  const id = ticket.data?.id ?? "";
  const contacts = useCompanyContacts(ticket.data?.company.id ?? null);

  const update = useMutation({
    mutationFn: (change: TicketChange) =>
      unwrap(api.PATCH("/api/v1/tickets/{id}", { params: { path: { id } }, body: change })),
    onSuccess: () => notifications.show({ color: "green", message: "Ticket updated" }),
    onError: (error) =>
      notifications.show({ color: "red", title: "Not saved", message: errorMessage(error) }),
    onSettled: refresh,
  });
  const reply = useMutation({
    mutationFn: (body: Reply) =>
      unwrap(api.POST("/api/v1/tickets/{id}/comments", { params: { path: { id } }, body })),
    onSettled: refresh,
  });
  const retryDelivery = useMutation({
    mutationFn: (commentId: string) =>
      unwrap(api.POST("/api/v1/comments/{id}/delivery/retry", { params: { path: { id: commentId } } })),
    onSuccess: () => notifications.show({ color: "green", message: "The reply will be mailed again" }),
    onSettled: refresh,
  });
  const removeFile = useMutation({
    mutationFn: (attachmentId: string) =>
      unwrap(api.DELETE("/api/v1/attachments/{id}", { params: { path: { id: attachmentId } } })),
    onError: (error) => notifications.show({ color: "red", message: errorMessage(error) }),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/tickets/{id}", { params: { path: { id } } })),
    onSuccess: async () => {
      notifications.show({ color: "green", message: "Ticket deleted" });
      await refresh();
      await navigate("/tickets");
    },
    onError: (error) => notifications.show({ color: "red", message: errorMessage(error) }),
  });

  useHotkeys([["r", () => replyRef.current?.focus()]]);

  return (
    <QueryState query={ticket}>
      {(t) => (
        <Stack gap="md">
          <div>
            <Anchor component={Link} to="/tickets" fz="sm">
              ← Tickets
            </Anchor>
            <Group gap="xs" mt={4} align="center">
              <Text fw={600} c="gray.7" ff="monospace">
                {t.ticket_number}
              </Text>
              <StatusBadge status={t.status} />
              <PriorityBadge priority={t.priority} />
              {t.is_overdue && <OverdueBadge />}
              <LiveSlaTimeLeft ticket={t} />
            </Group>
            <Title order={1} size="h2" style={{ wordBreak: "break-word" }}>
              {t.subject}
            </Title>
            <TicketOrigin ticket={t} />
          </div>
          <Grid gap="md">
            <Grid.Col span={{ base: 12, md: 8 }}>
              <Tabs defaultValue="conversation" keepMounted={false}>
                <Tabs.List>
                  <Tabs.Tab value="conversation">Conversation</Tabs.Tab>
                  <Tabs.Tab value="history">History</Tabs.Tab>
                </Tabs.List>
                <Tabs.Panel value="conversation" pt="sm">
                  <Stack gap="sm">
                    <Conversation
                      ticket={t}
                      comments={t.comments}
                      onRetryDelivery={(commentId) => retryDelivery.mutateAsync(commentId)}
                    />
                    <ReplyBox
                      canComment={t.abilities.comment}
                      onSend={(body) => reply.mutateAsync(body)}
                      textareaRef={replyRef}
                      ccSuggestions={ccSuggestions(contacts.data?.results, [t.contact?.email, ...t.cc])}
                      ticketId={t.id}
                      canUpload={t.abilities.upload}
                      onDiscardFile={(attachmentId) => removeFile.mutate(attachmentId)}
                    />
                  </Stack>
                </Tabs.Panel>
                <Tabs.Panel value="history" pt="sm">
                  <TicketHistory ticketId={t.id} />
                </Tabs.Panel>
              </Tabs>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}>
              <Stack gap="md">
                <ApplyMacro ticketId={t.id} />
                <TicketSlaPanel ticket={t} />
                <Paper withBorder p="sm" component="section" aria-label="Ticket details">
                  <TicketSidePanel ticket={t} onChange={(change) => update.mutate(change)} />
                </Paper>
                <Paper withBorder p="sm" component="section" aria-label="Attachments">
                  <Group justify="space-between" mb="xs">
                    <Title order={2} size="h5">
                      Attachments
                    </Title>
                    <Badge variant="light" color="gray" c="dark.8">
                      {t.attachments.length}
                    </Badge>
                  </Group>
                  <AttachmentsPanel
                    ticketId={t.id}
                    attachments={t.attachments}
                    canUpload={t.abilities.upload}
                    onChanged={() => void refresh()}
                    onDelete={(attachmentId) => removeFile.mutateAsync(attachmentId)}
                  />
                </Paper>
                {t.abilities.delete && (
                  <Button
                    color="red"
                    c="red.9"
                    variant="outline"
                    onClick={() => {
                      if (window.confirm(`Delete ${t.ticket_number} with its comments and files?`))
                        remove.mutate();
                    }}
                  >
                    Delete ticket
                  </Button>
                )}
              </Stack>
            </Grid.Col>
          </Grid>
        </Stack>
      )}
    </QueryState>
  );
}
