import type { Kysely } from "kysely";
import { runSql } from "./run-sql.js";

/**
 * Issue 5: ticket_counts gains the two queue dimensions, team and "has an assignee", so the counts of the
 * default list, a team's queue, a status/priority filter and the unassigned stat are all exact sums over a
 * few hundred rows instead of index walks over up to a million tickets (bench/README.md). The triggers keep
 * it exact in the same transaction as the ticket change; a row per combination is made on first use.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    `
    drop trigger tickets_counts_update on tickets;
    drop trigger tickets_counts_insert_delete on tickets;
    drop function ticket_counts_refresh();
    drop function ticket_counts_apply();
    drop table ticket_counts;
    create table ticket_counts (
      status ticket_status not null,
      priority ticket_priority not null,
      assigned_team uuid,
      assigned boolean not null,
      n bigint not null default 0,
      constraint ticket_counts_cell unique nulls not distinct (status, priority, assigned_team, assigned)
    );
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
    -- Bulk loaders that skip triggers (session_replication_role = replica) call this afterwards.
    create function ticket_counts_refresh() returns void language sql as $$
      delete from ticket_counts;
      insert into ticket_counts (status, priority, assigned_team, assigned, n)
        select status, priority, assigned_team, assigned_to is not null, count(*)
        from tickets group by 1, 2, 3, 4;
    $$;
    select ticket_counts_refresh();
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    `
    drop trigger tickets_counts_update on tickets;
    drop trigger tickets_counts_insert_delete on tickets;
    drop function ticket_counts_refresh();
    drop function ticket_counts_apply();
    drop table ticket_counts;
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
    create function ticket_counts_refresh() returns void language sql as $$
      update ticket_counts c set n = (select count(*) from tickets t where t.status = c.status and t.priority = c.priority);
    $$;
  `,
  );
}
