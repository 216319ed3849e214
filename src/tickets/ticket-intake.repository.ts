import { type Kysely, sql } from "kysely";
import type { DB, Insertable, TicketsTable } from "../db/schema.js";
import { StatementTemplate } from "../db/statement-template.js";
import { newId } from "../shared/ids.js";

/**
 * The job a batch of new tickets enqueues in its own insert for those with a team, an assignee, or from a
 * customer (mail, portal) (email/ticket-created.job.ts runs it, payload `{ticketIds}`): the mails they cause,
 * written outside the numbering's hold, for the whole batch at once.
 */
export const ticketCreatedJob = "email.ticket-created";

import { selectTicketColumns, type TicketQuery, type TicketRecord } from "./ticket.repository.js";

/** A new ticket's columns but its number and timestamps. */
export type NewTicketRecord = Omit<
  Insertable<TicketsTable>,
  "ticket_number" | "created_at" | "updated_at"
> & {
  id: string;
};

/** A ticket ready to be numbered: its record, when it was created, and the id of its `created` event. */
export type UnnumberedTicket = NewTicketRecord & { created_at: Date; event_id: string };

/** The day a ticket is numbered in (configured time zone) and its number's prefix (`T-YYYYMMDD-`). */
export type TicketNumbering = { day: string; prefix: string };

/** The rows as they travel in the statement's one JSON parameter (`i` is the ticket's place, from 1). */
type IncomingRow = {
  i: number;
  id: string;
  event_id: string;
  subject: string;
  description: string;
  status: string;
  priority: string;
  category: string;
  company_id: string;
  contact_id: string | null;
  assigned_to: string | null;
  assigned_team: string | null;
  created_by: string | null;
  due_date: Date | null;
  tags: string[];
  created_at: Date;
  channel: string;
  follow_up_of: string | null;
  cc: string[];
  first_response_due_at: Date | null;
  resolution_due_at: Date | null;
  sla_paused_at: Date | null;
  sla_next_check_at: Date | null;
  sla_next_due_at: Date | null;
  due_date_from_sla: boolean;
};

const incomingColumns = sql.raw(
  `i int, id uuid, event_id uuid, subject text, description text, status ticket_status,
   priority ticket_priority, category text, company_id uuid, contact_id uuid, assigned_to uuid,
   assigned_team uuid, created_by uuid, due_date timestamptz, tags text[], created_at timestamptz,
   channel text, follow_up_of uuid, cc text[], first_response_due_at timestamptz,
   resolution_due_at timestamptz, sla_paused_at timestamptz, sla_next_check_at timestamptz,
   sla_next_due_at timestamptz, due_date_from_sla boolean`,
);

/** Built and compiled once (statement-template.ts); the batch's size and rows are its values. */
const numberedInsert = new StatementTemplate(
  (db, day: string, n: number, incoming: string, prefix: string, jobId: string) => {
    const statement = db
      .with("counter", (qc) =>
        qc
          .insertInto("ticket_counters")
          .values({ day, last: n })
          .onConflict((oc) =>
            oc.column("day").doUpdateSet((eb) => ({ last: eb("ticket_counters.last", "+", n) })),
          )
          .returning("last"),
      )
      // One JSON parameter, whatever the batch size: a statement text of its own per size would defeat the
      // per-connection prepared statements.
      .with(
        "incoming",
        () =>
          sql<IncomingRow>`(select * from jsonb_to_recordset(${incoming}::jsonb) as x(${incomingColumns}))`,
      )
      .with("ticket", (qc) =>
        qc
          .insertInto("tickets")
          .columns([
            "id",
            "ticket_number",
            "subject",
            "description",
            "status",
            "priority",
            "category",
            "company_id",
            "contact_id",
            "assigned_to",
            "assigned_team",
            "created_by",
            "due_date",
            "tags",
            "created_at",
            "updated_at",
            "channel",
            "follow_up_of",
            "cc",
            "first_response_due_at",
            "resolution_due_at",
            "sla_paused_at",
            "sla_next_check_at",
            "sla_next_due_at",
            "due_date_from_sla",
          ])
          .expression((eb) =>
            eb
              .selectFrom("incoming as x")
              .crossJoin("counter as c")
              .select([
                "x.id",
                sql<string>`${prefix} || lpad((c.last - ${n} + x.i)::text, greatest(4, length((c.last - ${n} + x.i)::text)), '0')`.as(
                  "ticket_number",
                ),
                "x.subject",
                "x.description",
                sql`x.status`.as("status"),
                sql`x.priority`.as("priority"),
                "x.category",
                "x.company_id",
                "x.contact_id",
                "x.assigned_to",
                "x.assigned_team",
                "x.created_by",
                "x.due_date",
                "x.tags",
                "x.created_at",
                "x.created_at as updated_at",
                "x.channel",
                "x.follow_up_of",
                "x.cc",
                "x.first_response_due_at",
                "x.resolution_due_at",
                "x.sla_paused_at",
                "x.sla_next_check_at",
                "x.sla_next_due_at",
                "x.due_date_from_sla",
              ]),
          )
          .returningAll(),
      )
      .with("event", (qc) =>
        qc
          .insertInto("ticket_events")
          .columns(["id", "ticket_id", "actor_id", "type", "new_value", "created_at", "updated_at"])
          .expression((eb) =>
            eb
              .selectFrom("ticket")
              .innerJoin("incoming as x", "x.id", "ticket.id")
              .select([
                "x.event_id",
                "ticket.id",
                "ticket.created_by",
                sql<string>`'created'`.as("type"),
                "ticket.ticket_number",
                "ticket.created_at",
                "ticket.created_at as updated_at",
              ]),
          ),
      )
      // The mails new tickets cause (acknowledgement, new in your team, assigned to you), as one job for the
      // batch in this same statement: the outbox rule (a side effect commits with its change) without a
      // second round trip, and one job's few statements for all the batch's tickets.
      .with("notify", (qc) =>
        qc
          .insertInto("jobs")
          .columns(["id", "name", "payload", "key"])
          .expression((eb) =>
            eb
              .selectFrom("ticket")
              .select([
                sql<string>`${jobId}::uuid`.as("id"),
                sql<string>`${ticketCreatedJob}`.as("name"),
                sql<string>`jsonb_build_object('ticketIds', jsonb_agg(ticket.id))`.as("payload"),
                sql<string>`${`${ticketCreatedJob}:`} || ${jobId}`.as("key"),
              ])
              .where((w) =>
                w.or([
                  w("ticket.assigned_team", "is not", null),
                  w("ticket.assigned_to", "is not", null),
                  // A customer's own request (mail, portal) is acknowledged to them.
                  w("ticket.channel", "in", ["email", "portal"]),
                ]),
              )
              .having(sql<boolean>`count(*) > 0`),
          ),
      );
    // The projection reads the inserted rows as `t`, exactly as it reads the tickets table elsewhere.
    const inserted = statement.selectFrom("ticket as t") as unknown as TicketQuery;
    return selectTicketColumns(inserted);
  },
);

/**
 * Numbers, inserts and records tickets of one day in ONE statement, and returns their representation rows
 * (in no particular order). The day's counter goes up by the number of tickets
 * (`insert ... on conflict (day) do update set last = last + n`), ticket i of n takes `last - n + i`
 * (`prefix` + the counter, padded to 4 digits, wider past 9999), and each gets its `created` event.
 * The counter row stays locked until the statement's transaction ends, so creations from any number of
 * app instances queue briefly and get consecutive numbers; a rollback gives every number back.
 */
export async function insertNumberedTickets(
  db: Kysely<DB>,
  numbering: TicketNumbering,
  tickets: UnnumberedTicket[],
): Promise<TicketRecord[]> {
  const n = tickets.length;
  if (n === 0) return [];
  const { day, prefix } = numbering;
  const incoming: IncomingRow[] = tickets.map((t, index) => ({
    i: index + 1,
    id: t.id,
    event_id: t.event_id,
    subject: t.subject,
    description: t.description,
    status: t.status,
    priority: t.priority,
    category: t.category,
    company_id: t.company_id,
    contact_id: t.contact_id ?? null,
    assigned_to: t.assigned_to ?? null,
    assigned_team: t.assigned_team ?? null,
    created_by: t.created_by ?? null,
    due_date: t.due_date ?? null,
    tags: t.tags ?? [],
    created_at: t.created_at,
    channel: t.channel ?? "web",
    follow_up_of: t.follow_up_of ?? null,
    cc: t.cc ?? [],
    first_response_due_at: t.first_response_due_at ?? null,
    resolution_due_at: t.resolution_due_at ?? null,
    sla_paused_at: t.sla_paused_at ?? null,
    sla_next_check_at: t.sla_next_check_at ?? null,
    sla_next_due_at: t.sla_next_due_at ?? null,
    due_date_from_sla: t.due_date_from_sla ?? false,
  }));
  return numberedInsert.execute(db, day, n, JSON.stringify(incoming), prefix, newId());
}
