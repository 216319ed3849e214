import type { Kysely } from "kysely";
import { runSql } from "./run-sql.js";

/**
 * Issue 20, the email channel (SPEC §6): mailboxes, every inbound message kept raw with what became of it,
 * the outbox of mail to send, and what tickets, comments, contacts and users gain from mail: the channel a
 * ticket or comment came by, a contact as a comment's author, follow-ups of closed tickets, bouncing
 * addresses, the notifications each agent wants. Adding columns with constant defaults rewrites no table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    `
    -- A per-installation secret (signed Message-IDs, VERP bounce addresses), made by the server on first use.
    create table app_secrets (
      name text primary key,
      value text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    alter table tickets add column channel text not null default 'web'
      check (channel in ('web', 'api', 'email', 'portal'));
    alter table tickets add column follow_up_of uuid references tickets(id) on delete set null;
    -- Foreign keys are checked from the referenced side on delete: without these, deleting one ticket, contact
    -- or comment would read every ticket, event or comment (a minute per ticket at a million).
    create index tickets_follow_up_of_idx on tickets (follow_up_of) where follow_up_of is not null;
    -- Who else the customer wrote to (Cc of the first mail): they get the agents' replies too.
    alter table tickets add column cc text[] not null default '{}';

    alter table ticket_comments add column channel text not null default 'web'
      check (channel in ('web', 'api', 'email', 'portal'));
    alter table ticket_comments add column author_contact_id uuid references contacts(id) on delete set null;
    create index ticket_comments_author_contact_idx on ticket_comments (author_contact_id)
      where author_contact_id is not null;

    alter table ticket_attachments add column comment_id uuid references ticket_comments(id) on delete set null;
    create index ticket_attachments_comment_idx on ticket_attachments (comment_id) where comment_id is not null;

    alter table ticket_events add column actor_contact_id uuid references contacts(id) on delete set null;
    create index ticket_events_actor_contact_idx on ticket_events (actor_contact_id) where actor_contact_id is not null;

    alter table contacts add column email_status text not null default 'ok'
      check (email_status in ('ok', 'bouncing'));
    alter table contacts add column email_status_reason text;
    alter table contacts add column email_status_at timestamptz;

    alter table users add column notify_assigned boolean not null default true;
    alter table users add column notify_customer_replied boolean not null default true;
    alter table users add column notify_new_ticket_in_team boolean not null default true;

    create table mailboxes (
      id uuid primary key default gen_random_uuid(),
      name text not null check (char_length(name) between 1 and 100),
      address text not null check (address = lower(address)),
      team_id uuid references teams(id) on delete set null,
      is_active boolean not null default true,
      imap_host text,
      imap_port integer check (imap_port between 1 and 65535),
      imap_secure boolean not null default true,
      imap_user text,
      -- Needed in clear to log in; never returned by the API nor logged (email/mailbox.schema.ts).
      imap_password text,
      imap_folder text not null default 'INBOX',
      last_fetch_at timestamptz,
      last_error text,
      last_error_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index mailboxes_address_key on mailboxes (address);
    create trigger mailboxes_updated_at before update on mailboxes for each row execute function set_updated_at();

    -- Every message that reached us, kept raw whatever became of it: a ticket, a reply, a bounce note, an
    -- ignored duplicate or automatic mail, or a failure an admin can retry.
    create table inbound_mails (
      id uuid primary key default gen_random_uuid(),
      mailbox_id uuid references mailboxes(id) on delete set null,
      -- The Message-ID header, or sha256:<hex> of the raw message when it has none: one row per message,
      -- however many times IMAP and SMTP deliver it.
      message_id text not null,
      received_via text not null check (received_via in ('smtp', 'imap')),
      envelope_from text,
      envelope_to text[] not null default '{}',
      from_address text,
      subject text,
      -- Why the message is automatic (out-of-office, list, bounce…), or null: never answered automatically.
      automatic text,
      raw bytea not null,
      size integer not null,
      status text not null default 'received'
        check (status in ('received', 'processed', 'ignored', 'failed')),
      outcome text,
      error text,
      attempts integer not null default 0,
      ticket_id uuid references tickets(id) on delete set null,
      comment_id uuid references ticket_comments(id) on delete set null,
      processed_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index inbound_mails_message_id_key on inbound_mails (message_id);
    create index inbound_mails_comment_idx on inbound_mails (comment_id) where comment_id is not null;
    create index inbound_mails_ticket_idx on inbound_mails (ticket_id) where ticket_id is not null;
    create index inbound_mails_mailbox_idx on inbound_mails (mailbox_id) where mailbox_id is not null;
    create index inbound_mails_open_idx on inbound_mails (created_at) where status in ('received', 'failed');
    create trigger inbound_mails_updated_at before update on inbound_mails for each row execute function set_updated_at();

    -- The outbox: written in the transaction of the change that causes the mail, sent after commit by a job.
    create table outbound_mails (
      id uuid primary key default gen_random_uuid(),
      ticket_id uuid not null references tickets(id) on delete cascade,
      comment_id uuid references ticket_comments(id) on delete set null,
      mailbox_id uuid references mailboxes(id) on delete set null,
      kind text not null check (kind in ('acknowledgement', 'agent-reply', 'resolved', 'assigned-to-you',
        'customer-replied', 'new-ticket-in-team')),
      to_address text not null check (to_address = lower(to_address)),
      cc text[] not null default '{}',
      message_id text not null,
      in_reply_to text,
      "references" text[] not null default '{}',
      subject text not null,
      text_body text not null,
      html_body text not null,
      automatic boolean not null,
      status text not null default 'queued' check (status in ('queued', 'sending', 'sent', 'failed', 'suppressed')),
      attempts integer not null default 0,
      last_error text,
      sent_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index outbound_mails_message_id_key on outbound_mails (message_id);
    create index outbound_mails_ticket_idx on outbound_mails (ticket_id, created_at);
    create index outbound_mails_mailbox_idx on outbound_mails (mailbox_id) where mailbox_id is not null;
    create index outbound_mails_comment_idx on outbound_mails (comment_id) where comment_id is not null;
    -- The loop cap: automatic mails to one address in the last hour (counted up to the cap, so a busy agent's
    -- thousands of notices cost no more than ten).
    create index outbound_mails_automatic_to_idx on outbound_mails (to_address, created_at)
      where automatic and status <> 'suppressed';
    create trigger outbound_mails_updated_at before update on outbound_mails for each row execute function set_updated_at();
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    `
    drop table outbound_mails;
    drop table inbound_mails;
    drop table mailboxes;
    alter table users drop column notify_new_ticket_in_team;
    alter table users drop column notify_customer_replied;
    alter table users drop column notify_assigned;
    alter table contacts drop column email_status_at;
    alter table contacts drop column email_status_reason;
    alter table contacts drop column email_status;
    alter table ticket_events drop column actor_contact_id;
    alter table ticket_attachments drop column comment_id;
    alter table ticket_comments drop column author_contact_id;
    alter table ticket_comments drop column channel;
    alter table tickets drop column cc;
    alter table tickets drop column follow_up_of;
    alter table tickets drop column channel;
    drop table app_secrets;
  `,
  );
}
