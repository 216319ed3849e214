import type { Schemas } from "../api/client";

/** A ticket as the API answers it, for component tests; each test overrides what it is about. */
export function buildTicket(overrides: Partial<Schemas["Ticket"]> = {}): Schemas["Ticket"] {
  const at = "2026-11-30T10:00:00.000Z";
  return {
    id: "00000000-0000-4000-8000-0000000000aa",
    ticket_number: "T-20261130-0001",
    subject: "Printer on fire",
    description: "It smokes.",
    status: "new",
    priority: "medium",
    category: "general",
    tags: [],
    channel: "web",
    follow_up_of: null,
    cc: [],
    company: { id: "00000000-0000-4000-8000-0000000000cc", name: "Acme" },
    contact: null,
    assigned_to: null,
    assigned_team: null,
    created_by: null,
    first_response_at: null,
    resolved_at: null,
    closed_at: null,
    due_date: null,
    due_date_set_by_hand: false,
    first_response_due_at: null,
    resolution_due_at: null,
    sla: { first_response: "ok", resolution: "ok", next_due_at: null },
    reopened_count: 0,
    comments_count: 0,
    internal_notes_count: 0,
    attachments_count: 0,
    first_response_time_hours: null,
    resolution_time_hours: null,
    is_overdue: false,
    created_at: at,
    updated_at: at,
    abilities: { update: true, comment: true, upload: true, reopen: false, delete: false },
    ...overrides,
  };
}
