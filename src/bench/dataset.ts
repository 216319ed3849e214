import { buildDemoCompanies, type DemoCompany, groupByTeam } from "../cli/demo-data/demo-directory.js";
import { DemoTicketNumbers } from "../cli/demo-data/demo-numbers.js";
import { searchProbes } from "../cli/demo-data/demo-text.js";
import { buildDemoTicket, type DemoProfile, type DemoWorld } from "../cli/demo-data/demo-tickets.js";
import { createRandom, type Random } from "../cli/demo-data/random.js";
import { copyLine } from "./copy-text.js";
import { type BenchSlaPolicy, type TargetsFor, targetsFor, ticketSlaColumns } from "./dataset-sla.js";

/**
 * The benchmark's data set: seed-demo's generator (src/cli/demo-data: `buildDemoCompanies`,
 * `buildDemoTicket`, its vocabulary and text) at volume, written as COPY text in creation order.
 * Search words have known rates (searchProbes: "borealis" is in exactly 1% of tickets). What the
 * benchmark asks of it beyond seed-demo's defaults is `benchProfile`: two years of tickets of which
 * ~80% are resolved or closed, about four comments per ticket, and every 50th ticket
 * (index % 50 === 25) with exactly ten comments for the detail benchmark, and resolved tickets past the
 * desk's default auto-close (4 days) closed. Each ticket's SLA columns are what the app would have written
 * through its history under the database's policies (dataset-sla.ts), announcements made up to "now".
 */

export type DatasetOptions = {
  tickets: number;
  companies: number;
  contactsPerCompany: number;
  seed: string;
  now: Date;
  years: number;
};

export type Reference = {
  teams: { id: string; name: string }[];
  categories: { key: string; default_team_id: string | null }[];
  agents: { id: string; team_id: string | null }[];
  /** The SLA policies (sla_policies with their calendars). */
  slaPolicies: BenchSlaPolicy[];
};

export type TicketBatch = {
  tickets: string;
  comments: string;
  events: string;
  ticketCount: number;
  commentCount: number;
  eventCount: number;
};

export const tenCommentTicket = (index: number): boolean => index % 50 === 25;
export const searchWord = searchProbes.find((p) => p.every === 100)?.word ?? "borealis";

export const benchProfile: DemoProfile = {
  settledShare: 0.8,
  laterComments: [1, 5],
  fixedComments: (index) => (tenCommentTicket(index) ? 10 : undefined),
  // app_settings' default (migration 0020): the sweep would have closed older resolved tickets.
  autoCloseAfterDays: 4,
};

const day = 86_400_000;
/** As in seed-demo: the newest ticket is ten minutes old, room for an assignment and a reply. */
const newestAge = 10 * 60_000;

export class Dataset {
  private readonly rng: Random;
  private readonly start: number;
  private readonly step: number;
  private readonly numbers = new DemoTicketNumbers("UTC");
  private world: DemoWorld;
  private readonly slaTargets: TargetsFor;
  private companies: DemoCompany[] = [];

  constructor(
    readonly options: DatasetOptions,
    ref: Reference,
    /** "full": replay every change of a ticket's history for its SLA (the reference, for tests). */
    private readonly slaReplay: "full" | "shortcut" = "shortcut",
  ) {
    this.rng = createRandom(options.seed);
    const until = options.now.getTime() - newestAge;
    this.start = until - options.years * 365 * day;
    this.step = (until - this.start) / Math.max(1, options.tickets);
    this.slaTargets = targetsFor(ref.slaPolicies);
    const agents = ref.agents.flatMap((a) => (a.team_id ? [{ id: a.id, team_id: a.team_id }] : []));
    this.world = {
      categories: ref.categories,
      teamIds: ref.teams.map((t) => t.id),
      agents,
      agentsByTeam: groupByTeam(agents),
      companies: [],
      now: options.now,
      profile: benchProfile,
    };
  }

  /** Companies and their contacts, created before the first ticket. */
  directory(): { companies: string; contacts: string; contactCount: number } {
    const { contactsPerCompany: perCompany } = this.options;
    this.companies = buildDemoCompanies(
      this.rng,
      this.options.companies,
      new Date(this.start),
      this.options.now,
      [perCompany, perCompany],
    );
    this.world = { ...this.world, companies: this.companies };
    let companies = "";
    let contacts = "";
    let contactCount = 0;
    for (const c of this.companies) {
      companies += copyLine([c.id, c.name, c.domain, c.created_at, c.created_at]);
      for (const k of c.contacts) {
        contacts += copyLine([k.id, c.id, k.name, k.email, k.phone, k.created_at, k.created_at]);
        contactCount += 1;
      }
    }
    return { companies, contacts, contactCount };
  }

  /** ticket_counters rows: the last number used on each day. */
  counters(): string {
    return this.numbers
      .changedCounters()
      .map((c) => copyLine([c.day, c.last]))
      .join("");
  }

  /** Tickets [from, to) with their comments and history; call in order, after directory(). */
  batch(from: number, to: number): TicketBatch {
    if (this.companies.length === 0) throw new Error("Dataset.directory() first: tickets need companies");
    const { rng } = this;
    let tickets = "";
    let comments = "";
    let events = "";
    let commentCount = 0;
    let eventCount = 0;
    for (let i = from; i < to; i++) {
      const createdAt = new Date(Math.floor(this.start + (i + rng.next()) * this.step));
      const bundle = buildDemoTicket(rng, this.world, i, createdAt);
      const t = bundle.ticket;
      const sla = ticketSlaColumns(bundle, this.slaTargets, this.options.now, this.slaReplay === "full");
      let internalNotes = 0;
      for (const c of bundle.comments) {
        if (c.is_internal) internalNotes += 1;
        comments += copyLine([
          c.id,
          c.ticket_id,
          c.author_id,
          c.text,
          c.is_internal,
          c.created_at,
          c.created_at,
        ]);
      }
      for (const e of bundle.events)
        events += copyLine([
          e.id,
          e.ticket_id,
          e.actor_id,
          e.type,
          e.field,
          e.old_value,
          e.new_value,
          e.created_at,
          e.created_at,
        ]);
      commentCount += bundle.comments.length;
      eventCount += bundle.events.length;
      tickets += copyLine([
        t.id,
        this.numbers.next(t.created_at),
        t.subject,
        t.description,
        t.status,
        t.priority,
        t.category,
        t.company_id,
        t.contact_id,
        t.assigned_to,
        t.assigned_team,
        t.created_by,
        t.first_response_at,
        t.resolved_at,
        t.closed_at,
        sla.due_date,
        t.tags,
        t.reopened_count,
        t.created_at,
        t.updated_at,
        // What the comment triggers of migration 0013 would count (COPY runs them off).
        bundle.comments.length - internalNotes,
        internalNotes,
        0,
        sla.first_response_due_at,
        sla.resolution_due_at,
        sla.sla_resolution_started_at,
        sla.sla_paused_at,
        sla.sla_paused_minutes,
        sla.sla_first_response_notice,
        sla.sla_resolution_notice,
        sla.sla_next_check_at,
        sla.sla_next_due_at,
        sla.due_date_from_sla,
      ]);
    }
    return { tickets, comments, events, ticketCount: to - from, commentCount, eventCount };
  }
}

export const ticketColumns = [
  "id",
  "ticket_number",
  "subject",
  "description",
  "status",
  "priority",
  "category",
  "company_id",
  "contact_id",
  "assigned_to",
  "assigned_team",
  "created_by",
  "first_response_at",
  "resolved_at",
  "closed_at",
  "due_date",
  "tags",
  "reopened_count",
  "created_at",
  "updated_at",
  "comments_count",
  "internal_notes_count",
  "attachments_count",
  "first_response_due_at",
  "resolution_due_at",
  "sla_resolution_started_at",
  "sla_paused_at",
  "sla_paused_minutes",
  "sla_first_response_notice",
  "sla_resolution_notice",
  "sla_next_check_at",
  "sla_next_due_at",
  "due_date_from_sla",
] as const;
export const commentColumns = [
  "id",
  "ticket_id",
  "author_id",
  "text",
  "is_internal",
  "created_at",
  "updated_at",
];
export const eventColumns = [
  "id",
  "ticket_id",
  "actor_id",
  "type",
  "field",
  "old_value",
  "new_value",
  "created_at",
  "updated_at",
];
export const companyColumns = ["id", "name", "domain", "created_at", "updated_at"];
export const contactColumns = ["id", "company_id", "name", "email", "phone", "created_at", "updated_at"];

/**
 * The tables a batch fills, in load order (tickets before the rows that refer to them), each with its COPY
 * columns and its text in a batch: every loader writes a batch through this one list.
 */
export const batchTables = [
  { table: "tickets", columns: ticketColumns, text: (batch: TicketBatch) => batch.tickets },
  { table: "ticket_comments", columns: commentColumns, text: (batch: TicketBatch) => batch.comments },
  { table: "ticket_events", columns: eventColumns, text: (batch: TicketBatch) => batch.events },
] as const;
