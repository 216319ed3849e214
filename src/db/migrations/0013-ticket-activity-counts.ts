import type { Kysely } from "kysely";
import { runSql } from "./run-sql.js";

/**
 * Issue 5: a ticket carries its own comments_count, internal_notes_count and attachments_count, kept by
 * triggers in the same transaction as the comment or file. Three correlated counts per listed ticket (75 index
 * lookups on a page of 25) were a third of a list page's execution, and three more tables for every plan.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    `
    alter table tickets
      add column comments_count integer not null default 0,
      add column internal_notes_count integer not null default 0,
      add column attachments_count integer not null default 0;
    -- Bulk loaders that skip triggers (session_replication_role = replica) call this afterwards.
    create function ticket_activity_counts_refresh() returns void language sql as $$
      with comments as (
        select ticket_id, count(*) filter (where not is_internal) as public, count(*) filter (where is_internal) as internal
        from ticket_comments group by ticket_id
      ), files as (
        select ticket_id, count(*) as n from ticket_attachments group by ticket_id
      ), wanted as (
        select t.id, coalesce(c.public, 0) as public, coalesce(c.internal, 0) as internal, coalesce(f.n, 0) as files
        from tickets t left join comments c on c.ticket_id = t.id left join files f on f.ticket_id = t.id
      )
      update tickets t set comments_count = w.public, internal_notes_count = w.internal, attachments_count = w.files
        from wanted w
        where w.id = t.id
          and (t.comments_count, t.internal_notes_count, t.attachments_count) is distinct from (w.public, w.internal, w.files);
    $$;
    select ticket_activity_counts_refresh();
    create function ticket_comment_counts_apply() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'INSERT' then
        update tickets set
          comments_count = comments_count - (not old.is_internal)::int,
          internal_notes_count = internal_notes_count - old.is_internal::int
          where id = old.ticket_id;
      end if;
      if tg_op <> 'DELETE' then
        update tickets set
          comments_count = comments_count + (not new.is_internal)::int,
          internal_notes_count = internal_notes_count + new.is_internal::int
          where id = new.ticket_id;
      end if;
      return null;
    end $$;
    create trigger ticket_comments_counts_insert_delete after insert or delete on ticket_comments
      for each row execute function ticket_comment_counts_apply();
    create trigger ticket_comments_counts_update after update of is_internal, ticket_id on ticket_comments
      for each row when (old.is_internal is distinct from new.is_internal or old.ticket_id is distinct from new.ticket_id)
      execute function ticket_comment_counts_apply();
    create function ticket_attachment_counts_apply() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        update tickets set attachments_count = attachments_count + 1 where id = new.ticket_id;
      else
        update tickets set attachments_count = attachments_count - 1 where id = old.ticket_id;
      end if;
      return null;
    end $$;
    create trigger ticket_attachments_counts after insert or delete on ticket_attachments
      for each row execute function ticket_attachment_counts_apply();
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    `
    drop trigger ticket_attachments_counts on ticket_attachments;
    drop function ticket_attachment_counts_apply();
    drop trigger ticket_comments_counts_update on ticket_comments;
    drop trigger ticket_comments_counts_insert_delete on ticket_comments;
    drop function ticket_comment_counts_apply();
    drop function ticket_activity_counts_refresh();
    alter table tickets drop column comments_count, drop column internal_notes_count, drop column attachments_count;
  `,
  );
}
