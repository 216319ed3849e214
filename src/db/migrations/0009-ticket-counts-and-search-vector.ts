import type { Kysely } from "kysely";
import { runSql } from "./run-sql.js";

/**
 * Issue 5 (measured at 1M tickets in bench/README.md):
 * - ticket_counts: one row per (status, priority) kept exact by triggers, so stats never pass over tickets;
 * - tickets_open_unassigned_idx: "unassigned" counted from a small partial index;
 * - one index per list ordering (updated_at, status, due_date, priority over all tickets);
 * - search_vector: the full-text document stored once (generated column) with its GIN index, so rechecks,
 *   filters and ranking read it instead of recomputing to_tsvector per row. It replaces tickets_search_idx.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    `
    create table ticket_counts (
      status ticket_status not null,
      priority ticket_priority not null,
      n bigint not null default 0,
      primary key (status, priority)
    );
    insert into ticket_counts (status, priority, n)
      select s, p, (select count(*) from tickets t where t.status = s and t.priority = p)
      from unnest(enum_range(null::ticket_status)) s cross join unnest(enum_range(null::ticket_priority)) p;
    create function ticket_counts_apply() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'INSERT' then
        update ticket_counts set n = n - 1 where status = old.status and priority = old.priority;
      end if;
      if tg_op <> 'DELETE' then
        update ticket_counts set n = n + 1 where status = new.status and priority = new.priority;
      end if;
      return null;
    end $$;
    create trigger tickets_counts_insert_delete after insert or delete on tickets
      for each row execute function ticket_counts_apply();
    create trigger tickets_counts_update after update of status, priority on tickets
      for each row when (old.status is distinct from new.status or old.priority is distinct from new.priority)
      execute function ticket_counts_apply();
    -- Bulk loaders that skip triggers (session_replication_role = replica) call this afterwards.
    create function ticket_counts_refresh() returns void language sql as $$
      update ticket_counts c set n = (select count(*) from tickets t where t.status = c.status and t.priority = c.priority);
    $$;
    create index tickets_open_unassigned_idx on tickets (created_at desc)
      where assigned_to is null and status not in ('resolved', 'closed');
    -- Every list ordering read from an index (the id breaks ties), so a page never sorts the whole table.
    create index tickets_updated_at_idx on tickets (updated_at desc, id desc);
    create index tickets_status_order_idx on tickets (status, id);
    create index tickets_due_date_order_idx on tickets (due_date, id);
    create index tickets_priority_order_idx on tickets (priority desc, created_at desc, id desc);
    alter table tickets add column search_vector tsvector generated always as (
      setweight(to_tsvector('english', subject), 'A') || setweight(to_tsvector('english', description), 'B')
    ) stored;
    create index tickets_search_vector_idx on tickets using gin (search_vector);
    drop index tickets_search_idx;
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    `
    create index tickets_search_idx on tickets using gin (
      (setweight(to_tsvector('english', subject), 'A') || setweight(to_tsvector('english', description), 'B'))
    );
    drop index tickets_search_vector_idx;
    alter table tickets drop column search_vector;
    drop index tickets_priority_order_idx;
    drop index tickets_due_date_order_idx;
    drop index tickets_status_order_idx;
    drop index tickets_updated_at_idx;
    drop index tickets_open_unassigned_idx;
    drop function ticket_counts_refresh();
    drop trigger tickets_counts_update on tickets;
    drop trigger tickets_counts_insert_delete on tickets;
    drop function ticket_counts_apply();
    drop table ticket_counts;
  `,
  );
}
