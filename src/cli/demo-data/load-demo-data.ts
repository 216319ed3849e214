import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { hashPassword } from "../../auth/password.js";
import type { DB } from "../../db/schema.js";
import { createUser } from "../../directory/create-user.js";
import { ConflictError, ValidationError } from "../../shared/errors.js";
import {
  countTickets,
  countUsersAtDomain,
  findTeamsAndCategories,
  findTicketCounters,
  hasActiveAdmin,
  insertAgents,
  insertComments,
  insertCompanies,
  insertContacts,
  insertEvents,
  insertTickets,
  restoreChecks,
  saveTicketCounters,
  suspendChecks,
} from "./demo-data.repository.js";
import {
  buildDemoAgents,
  buildDemoCompanies,
  type DemoAgent,
  demoEmailDomain,
  groupByTeam,
} from "./demo-directory.js";
import { DemoTicketNumbers } from "./demo-numbers.js";
import { buildDemoTicket, type DemoTicketBundle, type DemoWorld } from "./demo-tickets.js";
import { createRandom } from "./random.js";

const DAY = 86_400_000;

/** Every demo agent signs in with this password; seed-demo prints it. */
export const demoAgentPassword = "ticketdesk-demo";

export type DemoDataOptions = {
  tickets: number;
  /** Ticket numbers are dated in this zone (Config.timeZone). */
  timeZone: string;
  /** Same seed, same data (except ids and the admin password). */
  seed?: string | number;
  /** Tickets are spread over this many months before `now`. */
  months?: number;
  now?: Date;
  /** Defaults scale with the ticket count. */
  companies?: number;
  agentsPerTeam?: number;
  /** Tickets per INSERT statement (comments and events follow their tickets). */
  batchSize?: number;
  /**
   * Drop the ticket tables' secondary indexes and foreign keys during the load and restore them
   * after (see suspendChecks). Default: when loading at least 5,000 tickets and more than the
   * database holds. It locks the ticket, user and directory tables until the load commits.
   */
  bulkMode?: boolean;
  onProgress?: (ticketsLoaded: number) => void;
};

export type DemoDataSummary = {
  companies: number;
  contacts: number;
  agents: DemoAgent[];
  tickets: number;
  comments: number;
  events: number;
  firstTicketNumber: string | null;
  lastTicketNumber: string | null;
  /** Set when there was no active admin and one was created. */
  admin: { email: string; password: string } | null;
};

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/**
 * Fills the database with a consistent, realistic help desk: customers, agents in every team and
 * `tickets` tickets with replies, internal notes and history. Runs in ONE transaction: it loads
 * everything or nothing. Refuses a database that already holds demo users.
 */
export async function loadDemoData(db: Kysely<DB>, options: DemoDataOptions): Promise<DemoDataSummary> {
  const count = options.tickets;
  if (!Number.isInteger(count) || count < 0)
    throw ValidationError.field("tickets", "must be a whole number ≥ 0");
  const now = options.now ?? new Date();
  const months = options.months ?? 6;
  const since = new Date(now.getTime() - months * 30 * DAY);
  // The newest ticket is 10 minutes old, so even it has room for an assignment and a reply.
  const until = now.getTime() - 10 * 60_000;
  const batchSize = options.batchSize ?? 2_000;
  const rng = createRandom(options.seed ?? "ticketdesk-demo");
  const agentPasswordHash = await hashPassword(demoAgentPassword);

  return db.transaction().execute(async (trx) => {
    if ((await countUsersAtDomain(trx, demoEmailDomain)) > 0) {
      throw new ConflictError(
        `Demo data is already loaded (users @${demoEmailDomain} exist); seed-demo fills a database once — use an empty database or another DATA_DIR`,
      );
    }
    const { teams, categories } = await findTeamsAndCategories(trx);
    if (teams.length === 0 || categories.length === 0) {
      throw new ConflictError("Demo data needs at least one team and one category");
    }

    let admin: DemoDataSummary["admin"] = null;
    if (!(await hasActiveAdmin(trx))) {
      admin = { email: `admin@${demoEmailDomain}`, password: randomBytes(12).toString("base64url") };
      const adminTeam = teams.find((t) => t.name === "Admin")?.id ?? null;
      await createUser(trx, { ...admin, name: "Demo Admin", role: "admin", team_id: adminTeam });
    }

    const agents = buildDemoAgents(
      rng,
      teams,
      options.agentsPerTeam ?? clamp(Math.ceil(count / 5_000), 3, 20),
      since,
    );
    await insertAgents(trx, agents, agentPasswordHash);
    const companies = buildDemoCompanies(
      rng,
      options.companies ?? clamp(Math.round(count / 50), 12, 5_000),
      since,
      now,
    );
    const contacts = companies.flatMap((c) => c.contacts);
    for (let i = 0; i < companies.length; i += 5_000)
      await insertCompanies(trx, companies.slice(i, i + 5_000));
    for (let i = 0; i < contacts.length; i += 5_000) await insertContacts(trx, contacts.slice(i, i + 5_000));

    const world: DemoWorld = {
      categories,
      teamIds: teams.map((t) => t.id),
      agents,
      agentsByTeam: groupByTeam(agents),
      companies,
      now,
    };
    const firstDay = new DemoTicketNumbers(options.timeZone).day(since);
    const numbering = new DemoTicketNumbers(options.timeZone, await findTicketCounters(trx, firstDay));
    const span = until - since.getTime();
    const summary: DemoDataSummary = {
      companies: companies.length,
      contacts: contacts.length,
      agents,
      tickets: 0,
      comments: 0,
      events: 0,
      firstTicketNumber: null,
      lastTicketNumber: null,
      admin,
    };

    const bulk = options.bulkMode ?? (count >= 5_000 && count > (await countTickets(trx)));
    const suspended = bulk ? await suspendChecks(trx) : { indexes: [], foreignKeys: [], triggers: [] };

    // Generate the next batch while the database writes the previous one (one connection, in order).
    let writing: Promise<unknown> = Promise.resolve();
    for (let start = 0; start < count; start += batchSize) {
      const end = Math.min(count, start + batchSize);
      const bundles: DemoTicketBundle[] = [];
      for (let i = start; i < end; i++) {
        // Increasing in i, denser towards today (the business grows): x^0.8 of a jittered grid.
        const x = (i + rng.next()) / count;
        bundles.push(buildDemoTicket(rng, world, i, new Date(since.getTime() + Math.floor(span * x ** 0.8))));
      }
      const tickets = bundles.map((b) => ({
        ...b.ticket,
        ticket_number: numbering.next(b.ticket.created_at),
      }));
      const comments = bundles.flatMap((b) => b.comments);
      const events = bundles.flatMap((b) => b.events);
      summary.firstTicketNumber ??= tickets[0]?.ticket_number ?? null;
      summary.lastTicketNumber = tickets.at(-1)?.ticket_number ?? summary.lastTicketNumber;
      summary.comments += comments.length;
      summary.events += events.length;
      await writing;
      options.onProgress?.(start);
      const batch = Promise.all([
        insertTickets(trx, tickets),
        insertComments(trx, comments),
        insertEvents(trx, events),
      ]);
      batch.catch(() => {}); // awaited on the next turn; this only keeps Node from reporting it early
      writing = batch;
      summary.tickets = end;
    }
    await writing;
    await restoreChecks(trx, suspended);
    await saveTicketCounters(trx, numbering.changedCounters());
    options.onProgress?.(count);
    return summary;
  });
}
