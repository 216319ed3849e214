import { Anchor, List, Paper, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api, unwrap } from "../api/client";
import { useCompanyContacts } from "../api/lookups";
import { QueryState } from "../components/query-state";
import { RelatedTickets } from "../components/related-tickets";

export function CompanyPage() {
  const { id = "" } = useParams();
  const company = useQuery({
    queryKey: ["companies", id],
    queryFn: () => unwrap(api.GET("/api/v1/companies/{id}", { params: { path: { id } } })),
  });
  const contacts = useCompanyContacts(id);
  return (
    <QueryState query={company}>
      {(c) => (
        <Stack>
          <div>
            <Anchor component={Link} to="/companies" fz="sm">
              ← Companies
            </Anchor>
            <Title order={1} size="h2" style={{ wordBreak: "break-word" }}>
              {c.name}
            </Title>
            <Text c="gray.7">
              {c.domain ?? "No email domain"} · {c.open_tickets_count} open of {c.tickets_count} tickets
            </Text>
          </div>
          <Paper withBorder p="sm" component="section" aria-label="Contacts">
            <Title order={2} size="h4" mb="xs">
              Contacts
            </Title>
            <QueryState query={contacts}>
              {(data) =>
                data.results.length === 0 ? (
                  <Text c="gray.7">No contacts yet.</Text>
                ) : (
                  <List spacing={4}>
                    {data.results.map((contact) => (
                      <List.Item key={contact.id}>
                        <Anchor component={Link} to={`/contacts/${contact.id}`} fz="sm">
                          {contact.name}
                        </Anchor>{" "}
                        <Text span fz="sm" c="gray.7" style={{ wordBreak: "break-all" }}>
                          {contact.email}
                        </Text>
                      </List.Item>
                    ))}
                  </List>
                )
              }
            </QueryState>
          </Paper>
          <RelatedTickets filter={{ company_id: c.id }} />
        </Stack>
      )}
    </QueryState>
  );
}
