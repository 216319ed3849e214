import { Alert, Anchor, Button, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api, errorMessage, type Schemas, unwrap } from "../api/client";
import { QueryState } from "../components/query-state";
import { RelatedTickets } from "../components/related-tickets";

/** A bounced address gets no mail until an agent says it works again (SPEC §6). */
function BouncingAlert({ contact }: { contact: Schemas["Contact"] }) {
  const queryClient = useQueryClient();
  const clear = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH("/api/v1/contacts/{id}", {
          params: { path: { id: contact.id } },
          body: { email_status: "ok" },
        }),
      ),
    onSuccess: () => {
      notifications.show({ color: "green", message: `Mail goes to ${contact.email} again` });
      return queryClient.invalidateQueries({ queryKey: ["contacts"] });
    },
    onError: (error) =>
      notifications.show({ color: "red", title: "Not saved", message: errorMessage(error) }),
  });
  return (
    <Alert color="orange" variant="light" title="Mail to this address bounces" role="alert" maw={720}>
      <Text fz="sm" style={{ wordBreak: "break-word" }}>
        No mail is sent to {contact.email} until it is marked as working.
        {contact.email_status_reason ? ` Reason: ${contact.email_status_reason}` : ""}
      </Text>
      <Button mt="sm" size="xs" variant="default" loading={clear.isPending} onClick={() => clear.mutate()}>
        Mark address as working
      </Button>
    </Alert>
  );
}

export function ContactPage() {
  const { id = "" } = useParams();
  const contact = useQuery({
    queryKey: ["contacts", id],
    queryFn: () => unwrap(api.GET("/api/v1/contacts/{id}", { params: { path: { id } } })),
  });
  return (
    <QueryState query={contact}>
      {(c) => (
        <Stack>
          <div>
            <Anchor component={Link} to="/contacts" fz="sm">
              ← Contacts
            </Anchor>
            <Title order={1} size="h2" style={{ wordBreak: "break-word" }}>
              {c.name}
            </Title>
            <Text c="gray.7" style={{ wordBreak: "break-all" }}>
              {c.email}
              {c.phone ? ` · ${c.phone}` : ""} ·{" "}
              <Anchor component={Link} to={`/companies/${c.company.id}`}>
                {c.company.name}
              </Anchor>
            </Text>
          </div>
          {c.email_status === "bouncing" && <BouncingAlert contact={c} />}
          <RelatedTickets filter={{ contact_id: c.id }} />
        </Stack>
      )}
    </QueryState>
  );
}
