import { Anchor, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api, unwrap } from "../api/client";
import { QueryState } from "../components/query-state";
import { RelatedTickets } from "../components/related-tickets";

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
          <RelatedTickets filter={{ contact_id: c.id }} />
        </Stack>
      )}
    </QueryState>
  );
}
