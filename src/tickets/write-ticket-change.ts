import type { Kysely } from "kysely";
import type { DB } from "../db/schema.js";
import { moveSlaClock, readSlaBeforeChange } from "../sla/sla-clock.js";
import type { SlaPolicyBook } from "../sla/sla-policy-book.js";
import { updateTicketRow } from "./ticket.repository.js";
import { insertTicketEvents } from "./ticket-event.repository.js";
import type { FieldChange, TicketPatch, TicketState } from "./ticket-rules.js";

/**
 * Writes a decided change (decideTicketChange) in the caller's transaction, the ticket row locked: the row in
 * one update, the SLA clock it moves (status, priority, team, a due date set by hand) and one history event per
 * changed field, each with its actor: a person (changeTicket) or the system (null: auto-assignment). A change
 * and the auto-assignment it leads to are one patch and one update of the row.
 */
export async function writeTicketChange(
  trx: Kysely<DB>,
  change: {
    id: string;
    current: TicketState;
    patch: TicketPatch;
    history: readonly { actorId: string | null; changes: readonly FieldChange[] }[];
    /** The change set the due date by hand (a date: it stays; null: it follows the SLA again). */
    dueDateByHand?: Date | null | undefined;
    now: Date;
    sla: SlaPolicyBook;
  },
): Promise<void> {
  const { id, current, patch, now } = change;
  const slaBefore =
    patch.status !== undefined ||
    patch.priority !== undefined ||
    patch.assigned_team !== undefined ||
    change.dueDateByHand !== undefined
      ? await readSlaBeforeChange(trx, id)
      : undefined;
  await updateTicketRow(trx, id, patch);
  if (slaBefore)
    await moveSlaClock(trx, change.sla, slaBefore, { ...current, ...patch }, now, change.dueDateByHand);
  await insertTicketEvents(
    trx,
    change.history.flatMap(({ actorId, changes }) =>
      changes.map((fieldChange) => ({
        ticket_id: id,
        actor_id: actorId,
        type: "field_changed",
        ...fieldChange,
        created_at: now,
      })),
    ),
  );
}
