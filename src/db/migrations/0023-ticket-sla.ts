import type { Kysely } from "kysely";
import { runSql } from "./run-sql.js";

/**
 * Issue 21: every ticket's SLA (src/sla/ticket-sla.ts). Added columns have no default to write, so adding
 * them to a million tickets rewrites nothing.
 *
 * - `first_response_due_at`, `resolution_due_at`: from the ticket's policy and calendar. Tickets older than
 *   this migration have none (as Zendesk, a policy applies from the ticket's next creation, priority or team
 *   change or reopen), so an upgrade does not announce years of breaches at once.
 * - `sla_resolution_started_at` (null: created_at), `sla_paused_at`, `sla_paused_minutes`: the pause on
 *   `pending` and the new target of a reopen.
 * - `sla_first_response_notice`, `sla_resolution_notice`: the announcements made (each once).
 * - `sla_next_check_at`: when the sweep must look at the ticket next; its partial index is what the sweep
 *   reads, so a pass with nothing due is one index probe, never a scan of the open tickets.
 * - `sla_next_due_at`: what the queue orders by (`ordering=sla_due`), the next due time of a running target.
 * - `due_date_from_sla`: the due date follows `resolution_due_at` (false: set by hand, or none).
 * - `tickets_resolved_auto_close_idx`: resolved tickets by resolution time, for the auto-close.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    `
    alter table tickets add column first_response_due_at timestamptz;
    alter table tickets add column resolution_due_at timestamptz;
    alter table tickets add column sla_resolution_started_at timestamptz;
    alter table tickets add column sla_paused_at timestamptz;
    alter table tickets add column sla_paused_minutes double precision not null default 0;
    alter table tickets add column sla_first_response_notice text check (sla_first_response_notice in ('warning', 'breached'));
    alter table tickets add column sla_resolution_notice text check (sla_resolution_notice in ('warning', 'breached'));
    alter table tickets add column sla_next_check_at timestamptz;
    alter table tickets add column sla_next_due_at timestamptz;
    alter table tickets add column due_date_from_sla boolean not null default false;
    create index tickets_sla_next_check_idx on tickets (sla_next_check_at) where sla_next_check_at is not null;
    create index tickets_sla_next_due_idx on tickets (sla_next_due_at, id);
    create index tickets_resolved_auto_close_idx on tickets (resolved_at) where status = 'resolved';
    alter table outbound_mails drop constraint outbound_mails_kind_check;
    alter table outbound_mails add constraint outbound_mails_kind_check check (kind in ('acknowledgement',
      'agent-reply', 'resolved', 'assigned-to-you', 'customer-replied', 'new-ticket-in-team', 'sla-warning',
      'sla-breached'));
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    `
    delete from outbound_mails where kind in ('sla-warning', 'sla-breached');
    alter table outbound_mails drop constraint outbound_mails_kind_check;
    alter table outbound_mails add constraint outbound_mails_kind_check check (kind in ('acknowledgement',
      'agent-reply', 'resolved', 'assigned-to-you', 'customer-replied', 'new-ticket-in-team'));
    drop index tickets_resolved_auto_close_idx;
    drop index tickets_sla_next_due_idx;
    drop index tickets_sla_next_check_idx;
    alter table tickets drop column due_date_from_sla;
    alter table tickets drop column sla_next_due_at;
    alter table tickets drop column sla_next_check_at;
    alter table tickets drop column sla_resolution_notice;
    alter table tickets drop column sla_first_response_notice;
    alter table tickets drop column sla_paused_minutes;
    alter table tickets drop column sla_paused_at;
    alter table tickets drop column sla_resolution_started_at;
    alter table tickets drop column resolution_due_at;
    alter table tickets drop column first_response_due_at;
  `,
  );
}
