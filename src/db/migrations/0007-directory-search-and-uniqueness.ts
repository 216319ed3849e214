import type { Kysely } from "kysely";
import { runSql } from "./run-sql.js";

/** Company search over the domain, one company per domain, team names unique whatever their case. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    `
    -- GET /companies?search= matches name or domain with ILIKE '%…%'; the name already has a trigram index.
    create index companies_domain_trgm on companies using gin (domain gin_trgm_ops);
    -- Incoming mail is matched to a company by its domain, so a domain belongs to one company.
    drop index companies_domain_idx;
    create unique index companies_domain_key on companies (lower(domain));
    -- "Tech" and "tech" would be the same queue to people.
    create unique index teams_name_lower_key on teams (lower(name));
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    `
    drop index teams_name_lower_key;
    drop index companies_domain_key;
    create index companies_domain_idx on companies (lower(domain));
    drop index companies_domain_trgm;
  `,
  );
}
