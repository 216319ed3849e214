import {
  demoDescription,
  demoInternalNote,
  demoPublicReply,
  demoSubject,
  searchProbes,
} from "../cli/demo-data/demo-text.js";
import { createRandom, type Random } from "../cli/demo-data/random.js";
import {
  companyKinds,
  companyPrefixes,
  firstNames,
  lastNames,
  tagsByCategory,
} from "../cli/demo-data/vocabulary.js";
import type { TicketPriority, TicketStatus } from "../db/schema.js";
import { copyLine } from "./copy-text.js";

/**
 * The benchmark's data set, generated as COPY text in creation order. It reuses the demo
 * generator's vocabulary and text (src/cli/demo-data), so search words have known rates
 * (searchProbes: "borealis" is in exactly 1% of tickets), and adds the volume: two years of
 * tickets, ~80% resolved or closed, about four comments per ticket, and every 50th ticket
 * (index % 50 === 25) with exactly ten comments for the detail benchmark.
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
};

export type TicketBatch = { tickets: string; comments: string; ticketCount: number; commentCount: number };

export const tenCommentTicket = (index: number): boolean => index % 50 === 25;
export const searchWord = searchProbes.find((p) => p.every === 100)?.word ?? "borealis";

const day = 86_400_000;
const hex = (n: number, width: number) => Math.floor(n).toString(16).padStart(width, "0");

/** A UUID v7 for a given instant, random bits from the seeded generator (deterministic data). */
export function timeOrderedId(ms: number, rng: Random): string {
  const t = hex(ms, 12);
  const r = () => rng.next() * 0x10000;
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${hex(r() % 0x1000, 3)}-${hex(0x8000 | (r() % 0x4000), 4)}-${hex(r(), 4)}${hex(r(), 4)}${hex(r(), 4)}`;
}

const ascii = (s: string) => s.normalize("NFD").replace(/[^\w]/g, "").toLowerCase();

type Contact = { id: string; name: string; company: number };

export class Dataset {
  readonly companyIds: string[] = [];
  readonly contacts: Contact[] = [];
  private readonly rng: Random;
  private readonly start: number;
  private readonly step: number;

  constructor(
    readonly options: DatasetOptions,
    private readonly ref: Reference,
  ) {
    this.rng = createRandom(options.seed);
    this.start = options.now.getTime() - options.years * 365 * day;
    this.step = (options.now.getTime() - this.start) / Math.max(1, options.tickets);
  }

  /** Companies and their contacts, created before the first ticket. */
  directory(): { companies: string; contacts: string } {
    const { rng } = this;
    const created = new Date(this.start - 30 * day);
    let companies = "";
    let contacts = "";
    for (let c = 0; c < this.options.companies; c++) {
      const id = timeOrderedId(created.getTime() + c, rng);
      const name = `${rng.pick(companyPrefixes)} ${rng.pick(companyKinds)} ${c + 1}`;
      const domain = `${ascii(name)}.example.com`;
      this.companyIds.push(id);
      companies += copyLine([id, name, domain, created, created]);
      for (let k = 0; k < this.options.contactsPerCompany; k++) {
        const contactId = timeOrderedId(created.getTime() + c, rng);
        const first = rng.pick(firstNames);
        const last = rng.pick(lastNames);
        const contactName = `${first} ${last}`;
        this.contacts.push({ id: contactId, name: contactName, company: c });
        const email = `${ascii(first)}.${ascii(last)}${k}@${domain}`;
        const phone = rng.chance(0.5) ? `+1 555 ${String(rng.int(0, 9_999_999)).padStart(7, "0")}` : null;
        contacts += copyLine([contactId, id, contactName, email, phone, created, created]);
      }
    }
    return { companies, contacts };
  }

  private readonly dayCounters = new Map<string, number>();
  private readonly teamAgents = new Map<string | null, Reference["agents"]>();

  private agentsOf(team: string | null): Reference["agents"] {
    let agents = this.teamAgents.get(team);
    if (!agents) {
      agents = this.ref.agents.filter((a) => team === null || a.team_id === team);
      this.teamAgents.set(team, agents);
    }
    return agents;
  }

  /** ticket_counters rows: the last number used on each day. */
  counters(): string {
    let lines = "";
    for (const [d, last] of this.dayCounters) lines += copyLine([d, last]);
    return lines;
  }

  /** Tickets [from, to) with their comments; call in order (numbers are per-day counters). */
  batch(from: number, to: number): TicketBatch {
    const { rng, ref } = this;
    const now = this.options.now.getTime();
    let tickets = "";
    let comments = "";
    let commentCount = 0;
    const statuses: Record<"new" | "assigned" | "in_progress" | "pending", number> = {
      new: 2,
      assigned: 3,
      in_progress: 3,
      pending: 2,
    };
    const priorities: Record<TicketPriority, number> = { low: 25, medium: 45, high: 22, urgent: 8 };
    const categoryWeights = {
      technical: 35,
      billing: 20,
      zone_config: 15,
      account: 12,
      feature_request: 8,
      general: 10,
    };
    for (let i = from; i < to; i++) {
      const createdMs = Math.floor(this.start + (i + rng.next()) * this.step);
      const created = new Date(createdMs);
      const dayKey = created.toISOString().slice(0, 10);
      const n = (this.dayCounters.get(dayKey) ?? 0) + 1;
      this.dayCounters.set(dayKey, n);
      const number = `T-${dayKey.replaceAll("-", "")}-${String(n).padStart(4, "0")}`;

      const companyIndex = Math.floor(rng.next() ** 2 * this.companyIds.length);
      const companyContacts = this.options.contactsPerCompany;
      const contact =
        companyContacts > 0 && rng.chance(0.9)
          ? this.contacts[companyIndex * companyContacts + rng.int(0, companyContacts - 1)]
          : undefined;
      const category = rng.weighted(categoryWeights);
      const defaultTeam = ref.categories.find((c) => c.key === category)?.default_team_id ?? null;
      const team = defaultTeam ?? (rng.chance(0.5) ? rng.pick(ref.teams).id : null);
      const teamAgents = this.agentsOf(team);

      const ageDays = (now - createdMs) / day;
      const open = rng.chance(ageDays < 60 ? 0.76 : 0.15);
      let status: TicketStatus = open ? rng.weighted(statuses) : rng.chance(0.65) ? "closed" : "resolved";
      const assignee = status === "new" || teamAgents.length === 0 ? null : rng.pick(teamAgents).id;
      if (status === "assigned" && !assignee) status = "new";
      const resolvedMs = open ? null : Math.min(now - 60_000, createdMs + rng.exponential(2 * day) + 600_000);
      const closedMs =
        status === "closed" && resolvedMs !== null ? Math.min(now - 30_000, resolvedMs + 3 * day) : null;

      const commentTotal = tenCommentTicket(i) ? 10 : open ? rng.int(0, 4) : rng.int(1, 8);
      const ticketId = timeOrderedId(createdMs, rng);
      const end = resolvedMs ?? Math.min(now - 1000, createdMs + 14 * day);
      let firstResponse: number | null = null;
      let lastActivity = createdMs;
      let internalNotes = 0;
      for (let k = 0; k < commentTotal; k++) {
        const at = Math.floor(createdMs + ((end - createdMs) * (k + 1)) / (commentTotal + 1));
        const byAgent = k % 2 === 0;
        const internal = byAgent && rng.chance(0.2);
        const author = byAgent ? (assignee ?? rng.pick(ref.agents).id) : null;
        const text = internal ? demoInternalNote(rng) : demoPublicReply(rng, contact?.name ?? "there");
        if (internal) internalNotes += 1;
        if (byAgent && !internal && firstResponse === null) firstResponse = at;
        const when = new Date(at);
        comments += copyLine([timeOrderedId(at, rng), ticketId, author, text, internal, when, when]);
        lastActivity = at;
      }
      commentCount += commentTotal;

      const contactName = contact?.name ?? "there";
      const categoryTags = tagsByCategory[category] ?? [];
      const tags = rng.sample(categoryTags, rng.int(0, 2));
      if (rng.chance(0.1)) tags.push("vip");
      const due = rng.chance(0.3) ? new Date(createdMs + rng.int(1, 14) * day) : null;
      const updated = new Date(Math.max(lastActivity, closedMs ?? resolvedMs ?? createdMs));
      tickets += copyLine([
        ticketId,
        number,
        demoSubject(rng, category, contactName),
        demoDescription(rng, category, contactName, i),
        status,
        rng.weighted(priorities),
        category,
        this.companyIds[companyIndex] ?? null,
        contact?.id ?? null,
        assignee,
        team,
        rng.chance(0.6) ? rng.pick(ref.agents).id : null,
        firstResponse === null ? null : new Date(firstResponse),
        resolvedMs === null ? null : new Date(resolvedMs),
        closedMs === null ? null : new Date(closedMs),
        due,
        tags,
        rng.chance(0.03) ? 1 : 0,
        created,
        updated,
        // What the comment triggers of migration 0013 would count (COPY runs them off).
        commentTotal - internalNotes,
        internalNotes,
        0,
      ]);
    }
    return { tickets, comments, ticketCount: to - from, commentCount };
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
export const companyColumns = ["id", "name", "domain", "created_at", "updated_at"];
export const contactColumns = ["id", "company_id", "name", "email", "phone", "created_at", "updated_at"];
