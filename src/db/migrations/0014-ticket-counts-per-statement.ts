import type { Kysely } from "kysely";
import { runSql } from "./run-sql.js";

/**
 * Issue 5: ticket_counts is kept per statement for inserts and deletes instead of per ticket row. A row
 * trigger wrote one new version of a counter row for every ticket a statement touched: an intake batch of
 * 64 new tickets wrote 64, a bulk delete of 20,000 tickets 20,000 versions of 144 rows inside one
 * transaction, where none can be pruned. The table grew to 243 pages for 144 rows, and the default list's
 * count, a sum over the whole table, read all of them (0.7 of its 1.3 ms, bench/README.md). Statement
 * triggers read the statement's rows (transition tables), net them per cell, and write each changed cell
 * once, in cell order so concurrent statements lock cells in the same order. The table is rebuilt compact.
 *
 * Updates stay per row: PostgreSQL allows transition tables only without a column list, so a statement
 * trigger would run for every ticket update (a comment's counters, a rename), and it doubled the cost of
 * a one-ticket update (0.25 to 0.45 ms); the row trigger runs only when a counted column changes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    `
    drop trigger tickets_counts_update on tickets;
    drop trigger tickets_counts_insert_delete on tickets;
    drop function ticket_counts_apply();
    -- Adds each cell's net change, once per cell, in cell order.
    create function ticket_counts_add(changes jsonb) returns void language sql as $$
      insert into ticket_counts as c (status, priority, assigned_team, assigned, n)
        select status, priority, assigned_team, assigned, sum(d)
        from jsonb_to_recordset(changes)
          as x(status ticket_status, priority ticket_priority, assigned_team uuid, assigned boolean, d int)
        group by status, priority, assigned_team, assigned
        having sum(d) <> 0
        order by status, priority, assigned_team, assigned
        on conflict on constraint ticket_counts_cell do update set n = c.n + excluded.n;
    $$;
    create function ticket_counts_apply() returns trigger language plpgsql as $$
    declare
      changes jsonb;
    begin
      -- Each branch names only the transition table its trigger has.
      if tg_op = 'INSERT' then
        select jsonb_agg(jsonb_build_object('status', status, 'priority', priority,
            'assigned_team', assigned_team, 'assigned', assigned_to is not null, 'd', 1))
          into changes from counted_new;
      else
        select jsonb_agg(jsonb_build_object('status', status, 'priority', priority,
            'assigned_team', assigned_team, 'assigned', assigned_to is not null, 'd', -1))
          into changes from counted_old;
      end if;
      if changes is not null then
        perform ticket_counts_add(changes);
      end if;
      return null;
    end $$;
    create function ticket_counts_move() returns trigger language plpgsql as $$
    begin
      update ticket_counts set n = n - 1
        where status = old.status and priority = old.priority
          and assigned_team is not distinct from old.assigned_team and assigned = (old.assigned_to is not null);
      insert into ticket_counts as c (status, priority, assigned_team, assigned, n)
        values (new.status, new.priority, new.assigned_team, new.assigned_to is not null, 1)
        on conflict on constraint ticket_counts_cell do update set n = c.n + 1;
      return null;
    end $$;
    create trigger tickets_counts_insert after insert on tickets
      referencing new table as counted_new
      for each statement execute function ticket_counts_apply();
    create trigger tickets_counts_delete after delete on tickets
      referencing old table as counted_old
      for each statement execute function ticket_counts_apply();
    create trigger tickets_counts_update after update of status, priority, assigned_team, assigned_to on tickets
      for each row when (
        old.status is distinct from new.status or old.priority is distinct from new.priority
        or old.assigned_team is distinct from new.assigned_team
        or (old.assigned_to is null) <> (new.assigned_to is null))
      execute function ticket_counts_move();
    truncate ticket_counts;
    select ticket_counts_refresh();
    analyze ticket_counts;
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    `
    drop trigger tickets_counts_update on tickets;
    drop trigger tickets_counts_delete on tickets;
    drop trigger tickets_counts_insert on tickets;
    drop function ticket_counts_move();
    drop function ticket_counts_apply();
    drop function ticket_counts_add(jsonb);
    create function ticket_counts_apply() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'INSERT' then
        update ticket_counts set n = n - 1
          where status = old.status and priority = old.priority
            and assigned_team is not distinct from old.assigned_team and assigned = (old.assigned_to is not null);
      end if;
      if tg_op <> 'DELETE' then
        insert into ticket_counts as c (status, priority, assigned_team, assigned, n)
          values (new.status, new.priority, new.assigned_team, new.assigned_to is not null, 1)
          on conflict on constraint ticket_counts_cell do update set n = c.n + 1;
      end if;
      return null;
    end $$;
    create trigger tickets_counts_insert_delete after insert or delete on tickets
      for each row execute function ticket_counts_apply();
    create trigger tickets_counts_update after update of status, priority, assigned_team, assigned_to on tickets
      for each row when (
        old.status is distinct from new.status or old.priority is distinct from new.priority
        or old.assigned_team is distinct from new.assigned_team
        or (old.assigned_to is null) <> (new.assigned_to is null))
      execute function ticket_counts_apply();
  `,
  );
}
