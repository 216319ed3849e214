import type { Kysely } from "kysely";
import { runSql } from "./run-sql.js";

/**
 * Issue 5: a counter that goes up, in the same transaction, whenever a name or email a ticket shows changes
 * (a company's name; a contact's, agent's or admin's name or email; a team's name). Each server process
 * keeps those names in memory (directory/directory-names.ts) and every ticket statement reads the counter
 * beside its rows: when it moved, the process forgets its names and reads them again. So a ticket never
 * shows a name older than its own row, in any process or on any host, and a list page no longer looks up
 * five names for each of its rows (most of PostgreSQL's work for a page, bench/README.md round 9).
 * Creations and deletions leave it alone: a new record is not remembered yet, and a deleted one is no
 * longer referenced by any ticket (its foreign keys refuse the delete or set the reference to null).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    `
    create table directory_version (
      only_row boolean primary key default true check (only_row),
      version bigint not null
    );
    insert into directory_version (version) values (0);

    create function directory_names_changed() returns trigger language plpgsql as $$
    begin
      update directory_version set version = version + 1;
      return null;
    end
    $$;

    create trigger companies_name_changed after update of name on companies
      for each row when (old.name is distinct from new.name)
      execute function directory_names_changed();
    create trigger contacts_name_changed after update of name, email on contacts
      for each row when (old.name is distinct from new.name or old.email is distinct from new.email)
      execute function directory_names_changed();
    create trigger users_name_changed after update of name, email on users
      for each row when (old.name is distinct from new.name or old.email is distinct from new.email)
      execute function directory_names_changed();
    create trigger teams_name_changed after update of name on teams
      for each row when (old.name is distinct from new.name)
      execute function directory_names_changed();
    `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    `
    drop trigger teams_name_changed on teams;
    drop trigger users_name_changed on users;
    drop trigger contacts_name_changed on contacts;
    drop trigger companies_name_changed on companies;
    drop function directory_names_changed();
    drop table directory_version;
    `,
  );
}
