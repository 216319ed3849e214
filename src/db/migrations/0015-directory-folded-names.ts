import type { Kysely } from "kysely";
import { runSql } from "./run-sql.js";

/**
 * Issue 5: company and contact names (and contact emails) are kept lower-cased beside the original, and
 * their trigram indexes move to the folded copies. Every ticket search first looks up the companies and
 * contacts whose names contain the text. On a directory of 1,000 companies PostgreSQL reads the table
 * rather than the trigram index (14 pages look cheaper than a GIN bitmap), and `name ILIKE '%…%'`
 * lower-cases every name through the locale, ~0.6 µs a row: 0.63 ms per search, a quarter of its database
 * time (bench/README.md, round 8). `name_folded LIKE lower('%…%')` means the same (ILIKE folds both sides
 * with lower() too) and reads 1,000 rows in 0.13 ms; on a large directory the index serves it as before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    `
    alter table companies add column name_folded text generated always as (lower(name)) stored;
    drop index companies_name_trgm;
    create index companies_name_folded_trgm on companies using gin (name_folded gin_trgm_ops);

    alter table contacts
      add column name_folded text generated always as (lower(name)) stored,
      add column email_folded text generated always as (lower(email)) stored;
    drop index contacts_name_trgm;
    drop index contacts_email_trgm;
    create index contacts_name_folded_trgm on contacts using gin (name_folded gin_trgm_ops);
    create index contacts_email_folded_trgm on contacts using gin (email_folded gin_trgm_ops);
    `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    `
    alter table contacts drop column name_folded, drop column email_folded;
    create index contacts_name_trgm on contacts using gin (name gin_trgm_ops);
    create index contacts_email_trgm on contacts using gin (email gin_trgm_ops);
    alter table companies drop column name_folded;
    create index companies_name_trgm on companies using gin (name gin_trgm_ops);
    `,
  );
}
