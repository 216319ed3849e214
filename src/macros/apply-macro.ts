import type { Kysely } from "kysely";
import { writeComment } from "../comments/comment.service.js";
import type { DB, MacroActions } from "../db/schema.js";
import { queueMailsForChange } from "../email/queue-mail.js";
import type { Actor, AppContext } from "../server/context.js";
import { ConflictError, ValidationError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import { getTicket } from "../tickets/get-ticket.js";
import { getTicketDetail } from "../tickets/get-ticket-detail.js";
import { referenceGone } from "../tickets/ticket-references.js";
import type { TicketChanges } from "../tickets/ticket-rules.js";
import { changeTicket, resolveTicketChanges, type WrittenChange } from "../tickets/update-ticket.js";
import { findMacroById, findPlaceholderValues } from "./macro.repository.js";
import { changesTicketFields, macroProblems, ticketChangeOf } from "./macro-actions.js";
import { renderPlaceholders } from "./placeholders.js";

/** Longest comment the API takes (comment.schema.ts); placeholders may make a macro's text longer. */
const maxCommentLength = 50_000;

/** PATCH's fields, as the macro names them, for a reference gone between saving the macro and applying it. */
const macroField: Record<string, string> = {
  assigned_to: "actions.assignee.user_id",
  assigned_team: "actions.team_id",
};

function cannotApply(name: string, problems: { field: string; message: string }[]): ConflictError {
  return new ConflictError(
    `The macro “${name}” cannot be applied: ${problems.map((p) => p.message).join("; ")}. An admin must edit it.`,
    problems,
  );
}

/** A missing or deactivated user or team, named by PATCH's field, becomes the macro's own 409. */
function asMacroError(name: string, error: unknown): unknown {
  if (!(error instanceof ValidationError)) return error;
  const details = error.details ?? [];
  if (details.length === 0 || !details.every((d) => d.field in macroField)) return error;
  return cannotApply(
    name,
    details.map((d) => ({ field: macroField[d.field] ?? d.field, message: d.message })),
  );
}

/** The reply or note with its placeholders filled from the ticket as the macro leaves it. */
async function renderComment(
  trx: Kysely<DB>,
  ticketId: string,
  comment: NonNullable<MacroActions["comment"]>,
  actor: Actor,
): Promise<string> {
  const values = await findPlaceholderValues(trx, ticketId);
  if (!values) throw new Error(`ticket ${ticketId} is locked by this transaction but was not found`);
  const text = renderPlaceholders(comment.text, {
    ticket: {
      number: values.ticket_number,
      subject: values.subject,
      status: values.status,
      priority: values.priority,
    },
    contact:
      values.contact_name !== null ? { name: values.contact_name, email: values.contact_email ?? "" } : null,
    company: { name: values.company_name },
    agent: { name: actor.name },
  }).trim();
  if (text === "")
    throw ValidationError.field(
      "actions.comment.text",
      "is empty for this ticket once its placeholders are filled",
    );
  if (text.length > maxCommentLength)
    throw ValidationError.field("actions.comment.text", "is longer than 50,000 characters once filled");
  return text;
}

/**
 * POST /tickets/{id}/apply-macro: every action of the macro in ONE transaction, through the steps a PATCH and
 * a comment take (changeTicket, writeComment): the same rules (status and reopen, assignment, routing, first
 * response), one history event per changed field with the caller as actor, the reply's mail queued like any
 * reply's. A rule that refuses one action refuses the whole macro: nothing of it is applied. The field changes
 * come first, so placeholders read the ticket as the macro leaves it; the reply's mail is queued before the
 * mails the changes cause ("resolved" follows the reply it resolves with).
 */
export async function applyMacro(ctx: AppContext, actor: Actor, ticketRef: string, macroId: string) {
  const macro = await findMacroById(ctx.db, macroId);
  if (!macro) throw ValidationError.field("macro_id", "no such macro");
  if (!macro.is_active) throw ValidationError.field("macro_id", `the macro “${macro.name}” is turned off`);
  const problems = macroProblems(macro);
  if (problems.length > 0) throw cannotApply(macro.name, problems);

  const { id: ticketId } = await getTicket(ctx, ticketRef, actor);
  const change = ticketChangeOf(macro.actions, actor);
  let changes: TicketChanges = { ...change.tags };
  if (Object.keys(change.input).length > 0) {
    try {
      changes = { ...(await resolveTicketChanges(ctx, change.input)).changes, ...change.tags };
    } catch (error) {
      throw asMacroError(macro.name, error);
    }
  }
  const { comment } = macro.actions;
  const commentId = comment ? newId() : null;
  try {
    await ctx.db.transaction().execute(async (trx) => {
      let written: WrittenChange = { changes: [], autoAssigned: null };
      if (changesTicketFields(change))
        written = await changeTicket(trx, { id: ticketId, changes, actor, now: new Date(), sla: ctx.sla });
      if (comment && commentId) {
        const text = await renderComment(trx, ticketId, comment, actor);
        await writeComment(trx, ctx, actor, ticketId, {
          id: commentId,
          text,
          is_internal: comment.is_internal,
        });
      }
      await queueMailsForChange(trx, ctx, { ticketId, actor, ...written });
    });
  } catch (error) {
    const gone = referenceGone(error);
    throw gone ? asMacroError(macro.name, gone) : error;
  }
  ctx.overdue.invalidate();
  const ticket = await getTicketDetail(ctx, ticketId, actor);
  return { ticket, comment: ticket.comments.find((c) => c.id === commentId) ?? null };
}
