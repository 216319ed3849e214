import { type Kysely, sql } from "kysely";
import type { DB } from "../db/schema.js";
import { searchWord, tenCommentTicket } from "./dataset.js";

/** One measured endpoint: the requests it cycles through (paths rotate so caches see many rows). */
export type Scenario = {
  key: string;
  title: string;
  method: "GET" | "POST";
  paths: string[];
  body?: (i: number) => unknown;
  /** Reads ticket numbers out of POST /tickets responses for the gap check. */
  collectsTicketNumbers?: boolean;
};

export type ScenarioData = {
  teamId: string;
  companyId: string;
  contactId: string | null;
  tenCommentTickets: string[];
  ticketNumbers: string[];
  openTickets: string[];
};

const api = "/api/v1";

/** Rows the scenarios point at, chosen by index so every engine and run picks the same ones. */
export async function scenarioData(db: Kysely<DB>): Promise<ScenarioData> {
  const team = await db.selectFrom("teams").select("id").where("name", "=", "Tech").executeTakeFirstOrThrow();
  // The generator gives these tickets, by creation index, exactly ten comments (dataset.ts).
  const early = await db.selectFrom("tickets").select("id").orderBy("created_at").limit(5_000).execute();
  const tenCommentTickets = early.filter((_, i) => tenCommentTicket(i)).map((t) => t.id);
  const counted = await db
    .selectFrom("ticket_comments")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("ticket_id", "in", tenCommentTickets)
    .groupBy("ticket_id")
    .execute();
  if (counted.some((c) => Number(c.n) !== 10))
    throw new Error("detail tickets do not have ten comments each");
  const sampled = await sql<{ ticket_number: string }>`
    select ticket_number from tickets tablesample system (1) repeatable (7) limit 100`.execute(db);
  const open = await db
    .selectFrom("tickets")
    .select(["id", "company_id", "contact_id"])
    .where("status", "not in", ["resolved", "closed"])
    .orderBy("created_at", "desc")
    .limit(100)
    .execute();
  const first = open[0];
  if (!first) throw new Error("no open tickets: load the data set first");
  return {
    teamId: team.id,
    companyId: first.company_id,
    contactId: first.contact_id,
    tenCommentTickets,
    ticketNumbers: sampled.rows.map((r) => r.ticket_number),
    openTickets: open.map((t) => t.id),
  };
}

export function scenarios(data: ScenarioData): Scenario[] {
  return [
    { key: "a", title: "GET /tickets (default page)", method: "GET", paths: [`${api}/tickets`] },
    {
      key: "b",
      title: "team open queue by priority",
      method: "GET",
      paths: [`${api}/tickets?assigned_team=${data.teamId}&open=true&ordering=-priority`],
    },
    {
      key: "c",
      title: "status + priority filter",
      method: "GET",
      paths: [`${api}/tickets?status=in_progress&priority=high`],
    },
    {
      key: "d",
      title: `search "${searchWord}" (1%)`,
      method: "GET",
      paths: [`${api}/tickets?search=${searchWord}`],
    },
    {
      key: "e",
      title: "search exact ticket number",
      method: "GET",
      paths: data.ticketNumbers.map((n) => `${api}/tickets?search=${n}`),
    },
    {
      key: "f",
      title: "GET /tickets/{id} (10 comments)",
      method: "GET",
      paths: data.tenCommentTickets.map((id) => `${api}/tickets/${id}`),
    },
    {
      key: "g",
      title: "POST /tickets",
      method: "POST",
      paths: [`${api}/tickets`],
      collectsTicketNumbers: true,
      body: (i) => ({
        company_id: data.companyId,
        contact_id: data.contactId,
        category: "technical",
        priority: "high",
        subject: `Bench ticket ${i}: the SoundBox in the Lobby stopped playing`,
        description: "The player shows a red light since this morning. We restarted it twice.",
      }),
    },
    {
      key: "h",
      title: "POST /tickets/{id}/comments",
      method: "POST",
      paths: data.openTickets.map((id) => `${api}/tickets/${id}/comments`),
      body: (i) => ({
        text: `Bench reply ${i}: we pushed a new playlist, please check the player.`,
        is_internal: false,
      }),
    },
    { key: "i", title: "GET /tickets/stats", method: "GET", paths: [`${api}/tickets/stats`] },
    {
      key: "j",
      title: "open queue by next SLA due time",
      method: "GET",
      paths: [`${api}/tickets?open=true&ordering=sla_due`],
    },
  ];
}
