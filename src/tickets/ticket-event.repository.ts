import type { Kysely } from "kysely";
import type { DB } from "../db/schema.js";
import { newId } from "../shared/ids.js";

/** One audit-log entry; `type` is created | field_changed | commented | attachment_added | ... */
export type TicketEventInput = {
  ticket_id: string;
  actor_id: string | null;
  /** A contact who made the change (their reply by mail or the portal). */
  actor_contact_id?: string | null;
  type: string;
  field?: string | null;
  old_value?: string | null;
  new_value?: string | null;
  created_at?: Date;
};

/** Writes events; call it with the transaction that makes the change, so both commit or neither. */
export async function insertTicketEvents(db: Kysely<DB>, events: readonly TicketEventInput[]): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto("ticket_events")
    .values(
      events.map((e) => ({
        id: newId(),
        ticket_id: e.ticket_id,
        actor_id: e.actor_id,
        ...(e.actor_contact_id ? { actor_contact_id: e.actor_contact_id } : {}),
        type: e.type,
        field: e.field ?? null,
        old_value: e.old_value ?? null,
        new_value: e.new_value ?? null,
        ...(e.created_at ? { created_at: e.created_at, updated_at: e.created_at } : {}),
      })),
    )
    .execute();
}
