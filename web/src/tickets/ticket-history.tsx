import { List, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { api, type Schemas, unwrap } from "../api/client";
import { QueryState } from "../components/query-state";
import { formatExact, RelativeTime } from "../components/relative-time";

const slaTargets: Record<string, string> = { first_response: "first response", resolution: "resolution" };

function dueAt(iso: string | null): string {
  return iso && !Number.isNaN(Date.parse(iso)) ? ` due at ${formatExact(iso)}` : "";
}

/** One history entry in words; the actor ("System" for the SLA sweep, auto-close and escalation) comes before. */
export function describeEvent(event: Schemas["TicketEvent"]): string {
  const target = slaTargets[event.field ?? ""] ?? event.field?.replaceAll("_", " ") ?? "a target";
  switch (event.type) {
    case "sla_warning":
      return `SLA warning: ${target}${dueAt(event.new_value)}`;
    case "sla_breached":
      return `SLA breached: ${target}${dueAt(event.new_value) && `, was${dueAt(event.new_value)}`}`;
    case "auto_assigned":
      return `assigned it automatically (${event.new_value ?? "team rule"})`;
    case "auto_assignment_skipped":
      return `could not assign it automatically: ${event.new_value ?? "nobody available"}`;
    case "created":
      return "created the ticket";
    case "field_changed":
      return `changed ${event.field?.replaceAll("_", " ") ?? "a field"} from ${event.old_value ?? "empty"} to ${event.new_value ?? "empty"}`;
    case "commented":
      return event.new_value === "internal" ? "added an internal note" : "replied";
    case "attachment_added":
      return `attached ${event.new_value ?? "a file"}`;
    case "attachment_removed":
      return `removed ${event.old_value ?? "a file"}`;
    default:
      return event.type.replaceAll("_", " ");
  }
}

/** The ticket's audit log, newest last. */
export function TicketHistory({ ticketId }: { ticketId: string }) {
  const events = useQuery({
    queryKey: ["tickets", ticketId, "events"],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/tickets/{id}/events", {
          params: { path: { id: ticketId }, query: { limit: "100" } },
        }),
      ),
  });
  return (
    <QueryState query={events}>
      {(data) =>
        data.results.length === 0 ? (
          <Text c="gray.7">No history yet.</Text>
        ) : (
          <List spacing="xs" aria-label="History">
            {data.results.map((event) => (
              <List.Item key={event.id}>
                <Text fz="sm" span fw={600}>
                  {event.actor?.name ?? "System"}
                </Text>{" "}
                <Text fz="sm" span>
                  {describeEvent(event)}
                </Text>{" "}
                <Text fz="xs" c="gray.7" span>
                  <RelativeTime iso={event.created_at} />
                </Text>
              </List.Item>
            ))}
          </List>
        )
      }
    </QueryState>
  );
}
