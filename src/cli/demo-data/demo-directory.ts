import { type Random, timeOrderedId } from "./random.js";
import { cities, companyKinds, companyPrefixes, firstNames, lastNames } from "./vocabulary.js";

/** Every demo user's email ends with this; it is also how seed-demo recognises a database it already filled. */
export const demoEmailDomain = "ticketdesk.example";

export type DemoCompany = {
  id: string;
  name: string;
  domain: string | null;
  created_at: Date;
  contacts: DemoContact[];
};
export type DemoContact = {
  id: string;
  company_id: string;
  name: string;
  first_name: string;
  email: string;
  phone: string | null;
  created_at: Date;
};
export type DemoAgent = { id: string; name: string; email: string; team_id: string; created_at: Date };

/** "Chloé O'Brien" → "chloe.obrien": ASCII, lower case, safe in an email address. */
export function slug(text: string, separator = "."): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, "and")
    .replace(/[^a-z0-9]+/g, separator)
    .replace(new RegExp(`^\\${separator}+|\\${separator}+$`, "g"), "");
}

function phone(rng: Random): string {
  const digits = () => String(rng.int(0, 99)).padStart(2, "0");
  return `+${rng.pick(["46", "66", "49", "351", "1", "61", "47"])} ${rng.int(20, 79)} ${digits()} ${digits()} ${digits()}`;
}

/**
 * Companies with unique names and domains, each with `contacts` [min, max] contacts (1–6 by default;
 * unique emails within the company).
 */
export function buildDemoCompanies(
  rng: Random,
  count: number,
  since: Date,
  now: Date,
  contactsPerCompany: readonly [number, number] = [1, 6],
): DemoCompany[] {
  const taken = new Set<string>();
  const companies: DemoCompany[] = [];
  const span = now.getTime() - since.getTime();
  while (companies.length < count) {
    const base = `${rng.pick(companyPrefixes)} ${rng.pick(companyKinds)}`;
    const name = taken.has(base) ? `${base} ${rng.pick(cities)}` : base;
    if (taken.has(name)) continue;
    taken.add(name);
    // Customers signed up before the tickets start, spread over the previous year.
    const created_at = new Date(since.getTime() - rng.next() * 365 * 86_400_000 - span * 0.01);
    const id = timeOrderedId(rng, created_at.getTime());
    const domain = rng.chance(0.9) ? `${slug(name, "-")}.example` : null;
    const wanted = rng.int(...contactsPerCompany);
    const emails = new Set<string>();
    const contacts: DemoContact[] = [];
    for (let attempt = 0; contacts.length < wanted && attempt < wanted * 10; attempt++) {
      const first = rng.pick(firstNames);
      const last = rng.pick(lastNames);
      const email = `${slug(`${first} ${last}`)}@${domain ?? "mail.example"}`;
      if (emails.has(email)) continue;
      emails.add(email);
      const contactCreated = new Date(created_at.getTime() + rng.next() * 30 * 86_400_000);
      contacts.push({
        id: timeOrderedId(rng, contactCreated.getTime()),
        company_id: id,
        name: `${first} ${last}`,
        first_name: first,
        email,
        phone: rng.chance(0.7) ? phone(rng) : null,
        created_at: contactCreated,
      });
    }
    companies.push({ id, name, domain, created_at, contacts });
  }
  return companies;
}

/** `perTeam` agents in each team, with unique names and emails at the demo domain. */
export function buildDemoAgents(
  rng: Random,
  teams: readonly { id: string }[],
  perTeam: number,
  since: Date,
): DemoAgent[] {
  const names = new Set<string>();
  const agents: DemoAgent[] = [];
  for (const team of teams) {
    for (let i = 0; i < perTeam; i++) {
      let name = `${rng.pick(firstNames)} ${rng.pick(lastNames)}`;
      while (names.has(name)) name = `${rng.pick(firstNames)} ${rng.pick(lastNames)}`;
      names.add(name);
      const created_at = new Date(since.getTime() - rng.int(30, 400) * 86_400_000);
      agents.push({
        id: timeOrderedId(rng, created_at.getTime()),
        name,
        email: `${slug(name)}@${demoEmailDomain}`,
        team_id: team.id,
        created_at,
      });
    }
  }
  return agents;
}

/** Agents by their team, for the ticket generator's DemoWorld. */
export function groupByTeam<A extends { team_id: string }>(agents: readonly A[]): Map<string, A[]> {
  const byTeam = new Map<string, A[]>();
  for (const agent of agents) byTeam.set(agent.team_id, [...(byTeam.get(agent.team_id) ?? []), agent]);
  return byTeam;
}
