import { type Kysely, sql } from "kysely";
import type { DB } from "../../db/schema.js";

/**
 * Consistency checks over loaded ticket data: each count is the number of rows breaking one
 * rule, so a healthy data set gives all zeros. Used by the tests of the demo loader and handy
 * after a benchmark load.
 */
export async function ticketDataViolations(
  db: Kysely<DB>,
  timeZone: string,
): Promise<Record<string, number>> {
  const { rows } = await sql<Record<string, number>>`
    with numbered as (
      select t.*, split_part(ticket_number, '-', 2) as number_day, split_part(ticket_number, '-', 3)::int as n
      from tickets t
    ), days as (
      select number_day, count(*)::int as tickets, min(n) as first, max(n) as last from numbered group by number_day
    ), first_replies as (
      select c.ticket_id, min(c.created_at) as at
      from ticket_comments c join users u on u.id = c.author_id
      where not c.is_internal group by c.ticket_id
    )
    select
      (select count(*)::int from tickets where ticket_number !~ '^T-[0-9]{8}-[0-9]{4,}$') as malformed_numbers,
      (select count(*)::int from numbered
        where number_day <> to_char(created_at at time zone ${timeZone}, 'YYYYMMDD')) as numbers_not_dated_by_time_zone,
      (select count(*)::int from days where first <> 1 or last <> tickets) as days_with_gaps,
      (select count(*)::int from days d left join ticket_counters c on to_char(c.day, 'YYYYMMDD') = d.number_day
        where c.last is distinct from d.last) as counters_behind,
      (select count(*)::int from tickets where first_response_at <= created_at or resolved_at <= created_at
        or resolved_at < first_response_at or closed_at < resolved_at
        or greatest(created_at, first_response_at, resolved_at, closed_at, updated_at) > now()
        or updated_at < created_at) as timestamps_out_of_order,
      (select count(*)::int from tickets where
        (status in ('resolved', 'closed')) <> (resolved_at is not null)
        or (status = 'closed') <> (closed_at is not null)) as resolution_timestamps_not_matching_status,
      (select count(*)::int from tickets t left join first_replies r on r.ticket_id = t.id
        where t.first_response_at is distinct from r.at) as first_response_not_first_public_reply,
      (select count(*)::int from ticket_comments c join tickets t on t.id = c.ticket_id
        where c.created_at < t.created_at or c.created_at > now()) as comments_outside_ticket_life,
      (select count(*)::int from ticket_events e join tickets t on t.id = e.ticket_id
        where e.created_at < t.created_at or e.created_at > t.updated_at) as events_outside_ticket_life,
      (select count(*)::int from tickets t
        where not exists (select 1 from ticket_events e where e.ticket_id = t.id and e.type = 'created'))
        as tickets_without_created_event,
      (select count(*)::int from tickets where status = 'new' and assigned_to is not null
        or status <> 'new' and assigned_to is null) as assignee_not_matching_status
  `.execute(db);
  return rows[0] ?? {};
}

/** What a demo data set covers: the distinct values present and a few counts worth showing. */
export async function ticketDataCoverage(db: Kysely<DB>) {
  const distinct = async (column: "status" | "priority" | "category") =>
    (await db.selectFrom("tickets").select(column).distinct().orderBy(column).execute()).map((r) =>
      String(r[column]),
    );
  const { rows } = await sql<{
    overdue: number;
    public_replies: number;
    internal_notes: number;
    tagged: number;
  }>`
    select
      (select count(*)::int from tickets where due_date < now() and status not in ('resolved', 'closed')) as overdue,
      (select count(*)::int from ticket_comments where not is_internal) as public_replies,
      (select count(*)::int from ticket_comments where is_internal) as internal_notes,
      (select count(*)::int from tickets where cardinality(tags) > 0) as tagged`.execute(db);
  return {
    statuses: await distinct("status"),
    priorities: await distinct("priority"),
    categories: await distinct("category"),
    ...(rows[0] ?? { overdue: 0, public_replies: 0, internal_notes: 0, tagged: 0 }),
  };
}
