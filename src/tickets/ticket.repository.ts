import { type Kysely, sql } from "kysely";
import { ticketAttachmentsJson } from "../attachments/attachment.repository.js";
import { ticketCommentsJson } from "../comments/comment.repository.js";
import { pageWindow } from "../db/page-window.js";
import type { DB } from "../db/schema.js";
import { StatementTemplate } from "../db/statement-template.js";
import type { TicketState } from "./ticket-rules.js";

/** Every ticket query starts here, so filters and the projection compose on the same alias. */
export function fromTickets(db: Kysely<DB>) {
  return db.selectFrom("tickets as t");
}
export type TicketQuery = ReturnType<typeof fromTickets>;

const count = sql<number>`count(*)::int`;

/** A person embedded in a ticket row: [name, email]. */
type NameAndEmail = [string, string];

/**
 * The one projection of the ticket representation: the row, its embedded company/contact/assignee/team/
 * creator and the three counts (columns kept by triggers), so a page of any size is one query.
 *
 * The embedded names are scalar subqueries by primary key, not joins: with five joins PostgreSQL spent
 * 3–4 ms *planning* every list query (join-order search over the many ticket indexes) against 0.5 ms
 * executing it; as subqueries the plan takes 0.3 ms and the lookups run only for the page's rows
 * (`npm run bench -- explain`, bench/README.md). They are most of a page's execution (25 rows × 5 lookups),
 * so each person is looked up once for both name and email.
 */
export function selectTicketColumns(query: TicketQuery) {
  return query
    .select([
      "t.id",
      "t.ticket_number",
      "t.subject",
      "t.description",
      "t.status",
      "t.priority",
      "t.category",
      "t.tags",
      "t.company_id",
      "t.contact_id",
      "t.assigned_to",
      "t.assigned_team",
      "t.created_by",
      "t.first_response_at",
      "t.resolved_at",
      "t.closed_at",
      "t.due_date",
      "t.reopened_count",
      // Kept by triggers (migration 0013): no per-row counting.
      "t.comments_count",
      "t.internal_notes_count",
      "t.attachments_count",
      "t.created_at",
      "t.updated_at",
    ])
    .select((eb) => [
      // A ticket's company always exists (foreign key, not null).
      eb
        .selectFrom("companies as co")
        .whereRef("co.id", "=", "t.company_id")
        .select("co.name")
        .$asScalar()
        .$notNull()
        .as("company_name"),
      // Name and email in one lookup each: every subquery runs once per listed ticket.
      eb
        .selectFrom("contacts as ct")
        .whereRef("ct.id", "=", "t.contact_id")
        .select(sql<NameAndEmail>`json_build_array(ct.name, ct.email)`.as("contact"))
        .as("contact_name_email"),
      eb
        .selectFrom("users as au")
        .whereRef("au.id", "=", "t.assigned_to")
        .select(sql<NameAndEmail>`json_build_array(au.name, au.email)`.as("assignee"))
        .as("assignee_name_email"),
      // Teams are few and their table is one page, so PostgreSQL reads it with a sequential scan, and a
      // correlated subquery would restart that scan for every listed ticket: each restart sizes the table
      // (an lseek; on the embedded engine an fstat through the WASM file system, 25 of the 26 a list page
      // made). Looked up in a map built once per statement (an InitPlan) instead.
      sql<
        string | null
      >`(select jsonb_object_agg(tm.id, tm.name) from teams as tm) ->> t.assigned_team::text`.as("team_name"),
      eb
        .selectFrom("users as cb")
        .whereRef("cb.id", "=", "t.created_by")
        .select("cb.name")
        .as("creator_name"),
    ]);
}
export type TicketRow = Awaited<
  ReturnType<ReturnType<typeof selectTicketColumns>["executeTakeFirstOrThrow"]>
>;

/** A ticket by id or by number (numbers are stored upper-case). */
export type TicketKey = { id: string } | { ticket_number: string };

type KeyColumn = "t.id" | "t.ticket_number";

/** The ticket with that id, or that number (numbers are stored upper-case). */
function byKey(db: Kysely<DB>, column: KeyColumn, value: string) {
  return fromTickets(db).where(column, "=", value);
}

function withConversation(db: Kysely<DB>, column: KeyColumn, value: string) {
  return selectTicketColumns(byKey(db, column, value)).select((eb) => [
    ticketCommentsJson(eb).as("comments"),
    ticketAttachmentsJson(eb).as("attachments"),
  ]);
}

// Built and compiled once each (statement-template.ts): these run on every ticket page and lookup.
const conversationById = new StatementTemplate((db, id: string) => withConversation(db, "t.id", id));
const conversationByNumber = new StatementTemplate((db, n: string) =>
  withConversation(db, "t.ticket_number", n),
);
const ticketById = new StatementTemplate((db, id: string) => selectTicketColumns(byKey(db, "t.id", id)));
const ticketByNumber = new StatementTemplate((db, n: string) =>
  selectTicketColumns(byKey(db, "t.ticket_number", n)),
);

/** A ticket with its comments and files (JSON columns): the ticket detail in one statement. */
export async function findTicketWithConversation(db: Kysely<DB>, key: TicketKey) {
  return "id" in key
    ? conversationById.executeTakeFirst(db, key.id)
    : conversationByNumber.executeTakeFirst(db, key.ticket_number);
}

export async function findTicket(db: Kysely<DB>, key: TicketKey): Promise<TicketRow | undefined> {
  return "id" in key
    ? ticketById.executeTakeFirst(db, key.id)
    : ticketByNumber.executeTakeFirst(db, key.ticket_number);
}

const stateColumns = [
  "status",
  "resolved_at",
  "closed_at",
  "reopened_count",
  "subject",
  "description",
  "priority",
  "category",
  "company_id",
  "contact_id",
  "assigned_to",
  "assigned_team",
  "due_date",
  "tags",
] as const;

/** The ticket's current state, locked until the transaction ends so concurrent updates queue up. */
export async function lockTicket(
  trx: Kysely<DB>,
  id: string,
): Promise<(TicketState & { company_id: string }) | undefined> {
  return trx.selectFrom("tickets").select(stateColumns).where("id", "=", id).forUpdate().executeTakeFirst();
}

export async function updateTicketRow(
  trx: Kysely<DB>,
  id: string,
  patch: Partial<TicketState>,
): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await trx.updateTable("tickets").set(patch).where("id", "=", id).execute();
}

/**
 * Deletes a ticket (comments, events and attachment rows go with it) and returns the attachments'
 * storage keys, so the caller removes the files after commit. Undefined when there was no such ticket.
 */
export async function deleteTicketRow(trx: Kysely<DB>, id: string): Promise<string[] | undefined> {
  // Lock first: an upload racing the delete waits on its foreign key check, then fails, instead of leaving a row.
  const locked = await trx
    .selectFrom("tickets")
    .select("id")
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
  if (!locked) return undefined;
  const files = await trx
    .deleteFrom("ticket_attachments")
    .where("ticket_id", "=", id)
    .returning("storage_key")
    .execute();
  await trx.deleteFrom("tickets").where("id", "=", id).execute();
  return files.map((file) => file.storage_key);
}

/** A ticket's history, oldest first, with the actor embedded. */
export async function findTicketEvents(
  db: Kysely<DB>,
  ticketId: string,
  page: { limit: number; offset: number },
) {
  const base = db.selectFrom("ticket_events as e").where("e.ticket_id", "=", ticketId);
  const { n } = await base.select(count.as("n")).executeTakeFirstOrThrow();
  const rows = await base
    .leftJoin("users as u", "u.id", "e.actor_id")
    .select([
      "e.id",
      "e.ticket_id",
      "e.type",
      "e.field",
      "e.old_value",
      "e.new_value",
      "e.actor_id",
      "u.name as actor_name",
      "e.created_at",
    ])
    .orderBy("e.created_at")
    .orderBy("e.id")
    .$call((q) => pageWindow(q, page))
    .execute();
  return {
    count: n,
    results: rows.map(({ actor_id, actor_name, ...row }) => ({
      ...row,
      actor: actor_id && actor_name !== null ? { id: actor_id, name: actor_name } : null,
    })),
  };
}
