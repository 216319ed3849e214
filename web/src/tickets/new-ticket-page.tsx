import {
  Alert,
  Button,
  Grid,
  Group,
  Paper,
  Select,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router";
import { decideNewTicket } from "../../../src/tickets/ticket-rules.js";
import { ApiError, api, errorMessage, unwrap } from "../api/client";
import { asOptions, useAgents, useCategories, useCompanyContacts, useTeams } from "../api/lookups";
import { priorities, priorityLabel, type TicketPriority } from "../components/badges";
import { CcInput, ccFieldError, ccSuggestions } from "../components/cc-input";
import { CompanyPicker } from "../components/company-picker";
import { NewContactForm } from "./new-contact-form";

const empty = {
  company_id: null as string | null,
  contact_id: null as string | null,
  subject: "",
  description: "",
  // The server's default too: a ticket left without a category is a general one.
  category: "general" as string | null,
  priority: "medium" as TicketPriority,
  assigned_team: null as string | null,
  assigned_to: null as string | null,
  tags: [] as string[],
  cc: [] as string[],
  due_date: "",
};

export function NewTicketPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm] = useState(empty);
  const [addingContact, setAddingContact] = useState(false);
  const categories = useCategories();
  const teams = useTeams();
  const agents = useAgents();
  const contacts = useCompanyContacts(form.company_id);
  const set = (change: Partial<typeof empty>) => setForm((current) => ({ ...current, ...change }));

  const category = categories.data?.results.find((c) => c.key === (form.category ?? "general"));
  const assignee = agents.data?.results.find((a) => a.id === form.assigned_to);
  // The server's own routing rule (a pure function), so the preview never drifts from what creation does.
  const routedTeamId = category
    ? decideNewTicket({
        category: { key: category.key, default_team_id: category.default_team?.id ?? null },
        assigned_team: form.assigned_team,
        assignee: assignee ? { id: assignee.id, team_id: assignee.team_id } : null,
      }).assigned_team
    : null;
  const routedTo = teams.data?.results.find((t) => t.id === routedTeamId)?.name ?? null;

  const selectedContact = contacts.data?.results.find((c) => c.id === form.contact_id);

  // The cc goes in as the mutation's variable, so an error about "cc.2" can name the address it was about.
  const create = useMutation({
    mutationFn: (cc: string[]) => {
      if (!form.company_id) throw new ApiError(400, "invalid_input", "Choose a company");
      return unwrap(
        api.POST("/api/v1/tickets", {
          body: {
            company_id: form.company_id,
            contact_id: form.contact_id,
            subject: form.subject,
            description: form.description,
            ...(form.category ? { category: form.category } : {}),
            priority: form.priority,
            assigned_team: form.assigned_team,
            assigned_to: form.assigned_to,
            tags: form.tags,
            cc,
            due_date: form.due_date ? new Date(form.due_date).toISOString() : null,
          },
        }),
      );
    },
    onSuccess: async (ticket) => {
      await queryClient.invalidateQueries({ queryKey: ["tickets"] });
      await navigate(`/tickets/${ticket.ticket_number}`);
    },
  });
  const fieldError = (field: string) =>
    create.error instanceof ApiError
      ? create.error.details.find((d) => d.field === field)?.message
      : undefined;

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate(form.cc);
  }

  return (
    <Stack maw={960}>
      <Title order={1} size="h2">
        New ticket
      </Title>
      <form onSubmit={submit} noValidate>
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Stack gap="sm">
              <TextInput
                label="Subject"
                required
                maxLength={200}
                value={form.subject}
                error={fieldError("subject")}
                onChange={(e) => set({ subject: e.currentTarget.value })}
              />
              <Textarea
                label="Description"
                required
                autosize
                minRows={6}
                value={form.description}
                error={fieldError("description")}
                onChange={(e) => set({ description: e.currentTarget.value })}
              />
              <TagsInput
                label="Tags"
                placeholder="Add a tag and press Enter"
                value={form.tags}
                onChange={(tags) => set({ tags })}
              />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Stack gap="sm">
              <CompanyPicker
                label="Company"
                required
                value={form.company_id}
                error={fieldError("company_id")}
                onChange={(company_id) => set({ company_id, contact_id: null })}
              />
              <Group align="end" gap="xs" wrap="nowrap">
                <Select
                  label="Contact"
                  placeholder={form.company_id ? "Choose a contact" : "Choose a company first"}
                  data={asOptions(contacts.data?.results)}
                  value={form.contact_id}
                  searchable
                  clearable
                  style={{ flex: 1 }}
                  disabled={!form.company_id}
                  onChange={(contact_id) => set({ contact_id })}
                />
                <Button variant="default" disabled={!form.company_id} onClick={() => setAddingContact(true)}>
                  New contact
                </Button>
              </Group>
              {addingContact && form.company_id && (
                <NewContactForm
                  companyId={form.company_id}
                  onCancel={() => setAddingContact(false)}
                  onCreated={(contact) => {
                    void queryClient.invalidateQueries({ queryKey: ["contacts"] });
                    set({ contact_id: contact.id });
                    setAddingContact(false);
                  }}
                />
              )}
              <CcInput
                description="Copied on the agents' replies by mail"
                value={form.cc}
                onChange={(cc) => set({ cc })}
                suggestions={ccSuggestions(contacts.data?.results, [selectedContact?.email])}
                error={ccFieldError(create.error, create.variables ?? [])}
              />
              <Select
                label="Category"
                placeholder="General"
                clearable
                data={(categories.data?.results ?? []).map((c) => ({ value: c.key, label: c.label }))}
                value={form.category}
                error={fieldError("category")}
                onChange={(value) => set({ category: value })}
              />
              <Select
                label="Priority"
                data={priorities.map((p) => ({ value: p, label: priorityLabel[p] }))}
                value={form.priority}
                allowDeselect={false}
                onChange={(value) => set({ priority: (value ?? "medium") as TicketPriority })}
              />
              <Select
                label="Team"
                placeholder="Route by category"
                data={asOptions(teams.data?.results)}
                value={form.assigned_team}
                clearable
                onChange={(value) => set({ assigned_team: value })}
              />
              <Paper p="xs" bg="indigo.0" aria-live="polite">
                <Text fz="sm" data-testid="routed-team">
                  Will be routed to: <strong>{routedTo ?? "no team"}</strong>
                </Text>
              </Paper>
              <Select
                label="Assignee"
                placeholder="Unassigned"
                data={asOptions(agents.data?.results)}
                value={form.assigned_to}
                searchable
                clearable
                onChange={(value) => set({ assigned_to: value })}
              />
              <TextInput
                label="Due date"
                type="datetime-local"
                value={form.due_date}
                onChange={(e) => set({ due_date: e.currentTarget.value })}
              />
            </Stack>
          </Grid.Col>
        </Grid>
        {create.error && (
          <Alert color="red" role="alert" mt="md">
            {errorMessage(create.error)}
          </Alert>
        )}
        <Group mt="md">
          <Button type="submit" loading={create.isPending}>
            Create ticket
          </Button>
          <Button variant="default" onClick={() => void navigate(-1)}>
            Cancel
          </Button>
        </Group>
      </form>
    </Stack>
  );
}
