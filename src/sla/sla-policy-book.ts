import type { Kysely } from "kysely";
import type { DB, TicketPriority } from "../db/schema.js";
import type { InstanceNews } from "../server/instance-news.js";
import { weeklyHours } from "./business-calendar.service.js";
import { type CompiledCalendar, compileCalendar } from "./business-time.js";
import { slaChangedChannel } from "./sla-news.js";
import { findAllSlaPolicies } from "./sla-policy.repository.js";
import type { SlaTargets } from "./ticket-sla.js";

export { slaChangedChannel };

export type SlaEscalation = {
  notifyTeamAdmins: boolean;
  raisePriority: boolean;
  moveToTeamId: string | null;
};
export type TicketSlaPolicy = SlaTargets & { policyId: string; escalation: SlaEscalation };

type Book = { byKey: Map<string, TicketSlaPolicy>; loadedAt: number };

const keyOf = (priority: TicketPriority, teamId: string | null) => `${priority}:${teamId ?? ""}`;

/**
 * The SLA policies with their compiled calendars, held by each server: every new ticket, priority or team
 * change and sweep needs its policy, and reading it per ticket was a statement on the creation path (the
 * intake numbers a whole batch in one). Measured reason and invalidation: any policy or calendar write
 * publishes `sla.changed`, which clears the book in every instance (sla-policy-book.test.ts); a lost notice
 * is bounded by `maxAgeMs`. A load that raced with a clear is not kept.
 */
export class SlaPolicyBook {
  #book: Promise<Book> | undefined;
  #generation = 0;

  constructor(
    news: InstanceNews,
    private readonly maxAgeMs = 60_000,
  ) {
    news.subscribe(
      slaChangedChannel,
      () => this.clear(),
      () => this.clear(),
    );
  }

  clear(): void {
    this.#generation += 1;
    this.#book = undefined;
  }

  /** The team's policy for the priority, else the team-less one (which always exists). */
  async policyFor(db: Kysely<DB>, priority: TicketPriority, teamId: string | null): Promise<TicketSlaPolicy> {
    const book = await this.#current(db);
    const policy = book.byKey.get(keyOf(priority, teamId)) ?? book.byKey.get(keyOf(priority, null));
    if (!policy) throw new Error(`No SLA policy for ${priority} tickets: the team-less policies are missing`);
    return policy;
  }

  async #current(db: Kysely<DB>): Promise<Book> {
    const loaded = this.#book ? await this.#book : undefined;
    if (loaded && Date.now() - loaded.loadedAt < this.maxAgeMs) return loaded;
    const generation = this.#generation;
    const loading = load(db);
    this.#book = loading;
    try {
      const book = await loading;
      if (generation !== this.#generation && this.#book === loading) this.#book = undefined;
      return book;
    } catch (error) {
      if (this.#book === loading) this.#book = undefined;
      throw error;
    }
  }
}

async function load(db: Kysely<DB>): Promise<Book> {
  const rows = await findAllSlaPolicies(db);
  const calendars = new Map<string, CompiledCalendar>();
  const byKey = new Map<string, TicketSlaPolicy>();
  for (const row of rows) {
    let calendar = calendars.get(row.calendar_id);
    if (!calendar) {
      calendar = compileCalendar({
        timeZone: row.time_zone,
        hours: weeklyHours(row.hours),
        holidays: [...row.holidays],
      });
      calendars.set(row.calendar_id, calendar);
    }
    byKey.set(keyOf(row.priority, row.team_id), {
      policyId: row.id,
      firstResponseMinutes: row.first_response_minutes,
      resolutionMinutes: row.resolution_minutes,
      calendar,
      escalation: {
        notifyTeamAdmins: row.notify_team_admins,
        raisePriority: row.raise_priority,
        moveToTeamId: row.move_to_team_id,
      },
    });
  }
  return { byKey, loadedAt: Date.now() };
}
