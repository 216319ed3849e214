import type { Kysely } from "kysely";
import { runSql } from "./run-sql.js";

/**
 * Issue 20: an outbox row is written as what to send and to whom (kind, ticket, comment, recipient, the
 * loop guard's verdict, `facts` for the template that the ticket does not hold: who assigned, whom it
 * greets), and rendered — subject, bodies, signed Message-ID, thread headers, sender — by the sender just
 * before its first delivery attempt (email/render-outbound-mail.ts). A reply's transaction then writes one
 * small row instead of two bodies, and a new ticket's notices cost their team no rendering until they go.
 * A row not yet rendered has no Message-ID: nobody can have answered it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    `
    alter table outbound_mails alter column message_id drop not null;
    alter table outbound_mails alter column subject drop not null;
    alter table outbound_mails alter column text_body drop not null;
    alter table outbound_mails alter column html_body drop not null;
    alter table outbound_mails add column facts jsonb not null default '{}';
    alter table outbound_mails add column rendered_at timestamptz;
    update outbound_mails set rendered_at = created_at;
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // The old code sends only rendered rows: going back keeps every mail that went out or was rendered, and
  // drops what was still waiting to be written (it is listed as a count by `migrate down`'s caller).
  await runSql(
    db,
    `
    delete from outbound_mails where rendered_at is null;
    alter table outbound_mails drop column rendered_at;
    alter table outbound_mails drop column facts;
    alter table outbound_mails alter column html_body set not null;
    alter table outbound_mails alter column text_body set not null;
    alter table outbound_mails alter column subject set not null;
    alter table outbound_mails alter column message_id set not null;
  `,
  );
}
