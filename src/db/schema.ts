import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

export type { Insertable, Selectable, Updateable };

/** Timestamps are Date on read; the database fills created_at/updated_at when omitted. */
type Timestamps = {
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date | undefined>;
};
type Nullable<T> = T | null;

export const ticketStatuses = ["new", "assigned", "in_progress", "pending", "resolved", "closed"] as const;
export type TicketStatus = (typeof ticketStatuses)[number];
export const ticketPriorities = ["low", "medium", "high", "urgent"] as const;
export type TicketPriority = (typeof ticketPriorities)[number];
export const userRoles = ["admin", "agent"] as const;
export type UserRole = (typeof userRoles)[number];

export type TeamsTable = Timestamps & { id: string; name: string };

export type CategoriesTable = Timestamps & {
  id: string;
  key: string;
  label: string;
  default_team_id: Nullable<string>;
};

export type UsersTable = Timestamps & {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  team_id: Nullable<string>;
  is_active: Generated<boolean>;
  password_hash: string;
  last_login_at: Nullable<Date>;
};

export type CompaniesTable = Timestamps & { id: string; name: string; domain: Nullable<string> };

export type ContactsTable = Timestamps & {
  id: string;
  company_id: string;
  name: string;
  email: string;
  phone: Nullable<string>;
};

export type TicketsTable = Timestamps & {
  id: string;
  ticket_number: string;
  subject: string;
  description: string;
  status: TicketStatus;
  priority: TicketPriority;
  category: string;
  company_id: string;
  contact_id: Nullable<string>;
  assigned_to: Nullable<string>;
  assigned_team: Nullable<string>;
  created_by: Nullable<string>;
  first_response_at: Nullable<Date>;
  resolved_at: Nullable<Date>;
  closed_at: Nullable<Date>;
  due_date: Nullable<Date>;
  tags: string[];
  reopened_count: Generated<number>;
  /** Kept by triggers on ticket_comments and ticket_attachments (migration 0013). */
  comments_count: Generated<number>;
  internal_notes_count: Generated<number>;
  attachments_count: Generated<number>;
  /** Generated (migration 0009): the full-text document; large, so no projection selects it. */
  search_vector: ColumnType<string, never, never>;
};

/** Tickets per (status, priority, team, has an assignee), kept exact by triggers (migration 0010). */
export type TicketCountsTable = {
  status: TicketStatus;
  priority: TicketPriority;
  assigned_team: string | null;
  assigned: boolean;
  n: number;
};

export type TicketCommentsTable = Timestamps & {
  id: string;
  ticket_id: string;
  author_id: Nullable<string>;
  text: string;
  is_internal: boolean;
};

export type TicketAttachmentsTable = Timestamps & {
  id: string;
  ticket_id: string;
  name: string;
  size: number;
  content_type: string;
  storage_key: string;
  uploaded_by: Nullable<string>;
};

export type TicketEventsTable = Timestamps & {
  id: string;
  ticket_id: string;
  actor_id: Nullable<string>;
  type: string;
  field: Nullable<string>;
  old_value: Nullable<string>;
  new_value: Nullable<string>;
};

export type TicketCountersTable = { day: string; last: number };

export type SessionsTable = Timestamps & {
  id: string;
  user_id: string;
  token_hash: string;
  csrf_token: string;
  expires_at: Date;
  last_seen_at: Date;
  ip: Nullable<string>;
  user_agent: Nullable<string>;
};

export type ApiTokensTable = Timestamps & {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  last_used_at: Nullable<Date>;
};

export interface DB {
  teams: TeamsTable;
  categories: CategoriesTable;
  users: UsersTable;
  companies: CompaniesTable;
  contacts: ContactsTable;
  tickets: TicketsTable;
  ticket_counts: TicketCountsTable;
  ticket_comments: TicketCommentsTable;
  ticket_attachments: TicketAttachmentsTable;
  ticket_events: TicketEventsTable;
  ticket_counters: TicketCountersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
}

export type Ticket = Selectable<TicketsTable>;
export type NewTicket = Insertable<TicketsTable>;
export type TicketUpdate = Updateable<TicketsTable>;
export type User = Selectable<UsersTable>;
export type Team = Selectable<TeamsTable>;
export type Category = Selectable<CategoriesTable>;
export type Company = Selectable<CompaniesTable>;
export type Contact = Selectable<ContactsTable>;
export type TicketComment = Selectable<TicketCommentsTable>;
export type TicketAttachment = Selectable<TicketAttachmentsTable>;
export type TicketEvent = Selectable<TicketEventsTable>;
