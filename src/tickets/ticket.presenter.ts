import type { UserRole } from "../db/schema.js";
import { ticketAbilities } from "./ticket.policy.js";
import type { TicketRow } from "./ticket.repository.js";
import type { TicketView } from "./ticket.schema.js";
import { computedFields, slaStatesOf } from "./ticket-computed.js";

/** The Ticket representation: embedded references (null when empty), counts, computed fields, the caller's abilities. */
export function presentTicket(row: TicketRow, actor: { role: UserRole }, now: Date): TicketView {
  return {
    id: row.id,
    ticket_number: row.ticket_number,
    subject: row.subject,
    description: row.description,
    status: row.status,
    priority: row.priority,
    category: row.category,
    tags: row.tags,
    channel: row.channel,
    follow_up_of: row.follow_up_of,
    cc: row.cc,
    company: { id: row.company_id, name: row.company_name },
    contact:
      row.contact_id && row.contact_name_email
        ? { id: row.contact_id, name: row.contact_name_email[0], email: row.contact_name_email[1] }
        : null,
    assigned_to:
      row.assigned_to && row.assignee_name_email
        ? { id: row.assigned_to, name: row.assignee_name_email[0], email: row.assignee_name_email[1] }
        : null,
    assigned_team:
      row.assigned_team && row.team_name !== null ? { id: row.assigned_team, name: row.team_name } : null,
    created_by:
      row.created_by && row.creator_name !== null ? { id: row.created_by, name: row.creator_name } : null,
    first_response_at: row.first_response_at,
    resolved_at: row.resolved_at,
    closed_at: row.closed_at,
    due_date: row.due_date,
    due_date_set_by_hand: row.due_date !== null && !row.due_date_from_sla,
    first_response_due_at: row.first_response_due_at,
    resolution_due_at: row.resolution_due_at,
    sla: { ...slaStatesOf(row, now), next_due_at: row.sla_next_due_at },
    reopened_count: row.reopened_count,
    comments_count: row.comments_count ?? 0,
    internal_notes_count: row.internal_notes_count ?? 0,
    attachments_count: row.attachments_count ?? 0,
    ...computedFields(row, now),
    created_at: row.created_at,
    updated_at: row.updated_at,
    abilities: ticketAbilities(actor, row),
  };
}
