import { Anchor, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, type Schemas, unwrap } from "../api/client";

const channelName: Record<Schemas["Ticket"]["channel"], string> = {
  web: "the web app",
  api: "the API",
  email: "email",
  portal: "the portal",
};

/** The closed ticket this one continues, named by its number once known. */
function FollowUpLink({ ticketId }: { ticketId: string }) {
  const earlier = useQuery({
    queryKey: ["tickets", "detail", ticketId],
    queryFn: () => unwrap(api.GET("/api/v1/tickets/{id}", { params: { path: { id: ticketId } } })),
    staleTime: 60_000,
  });
  const number = earlier.data?.ticket_number;
  return (
    <Anchor component={Link} to={`/tickets/${number ?? ticketId}`} fz="sm">
      Follow-up of {number ?? "an earlier ticket"}
    </Anchor>
  );
}

/** How the ticket arrived (channel, the ticket it follows up) and who else gets its mail (CC). */
export function TicketOrigin({ ticket }: { ticket: Schemas["Ticket"] }) {
  return (
    <Text component="div" fz="sm" c="gray.7" style={{ wordBreak: "break-word" }}>
      <span data-channel={ticket.channel}>via {channelName[ticket.channel]}</span>
      {ticket.follow_up_of && (
        <>
          {" · "}
          <FollowUpLink ticketId={ticket.follow_up_of} />
        </>
      )}
      {ticket.cc.length > 0 && (
        <>
          {" · "}
          <span style={{ wordBreak: "break-all" }}>CC: {ticket.cc.join(", ")}</span>
        </>
      )}
    </Text>
  );
}
