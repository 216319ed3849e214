import type { Kysely } from "kysely";
import type { DB } from "../db/schema.js";
import {
  type DirectoryIds,
  type DirectoryNamesRead,
  findDirectoryNames,
  type NameAndEmail,
} from "./directory-names.repository.js";

/** The records a ticket row refers to, and the directory version its statement read (migration 0016). */
export type TicketReferences = {
  company_id: string;
  contact_id: string | null;
  assigned_to: string | null;
  assigned_team: string | null;
  created_by: string | null;
  directory_version: number;
};

/** The names the ticket representation embeds for those records (null where there is no record). */
export type TicketNames = {
  company_name: string;
  contact_name_email: Readonly<NameAndEmail> | null;
  assignee_name_email: Readonly<NameAndEmail> | null;
  team_name: string | null;
  creator_name: string | null;
};

/** A map that forgets its oldest entry once full (a Map iterates in insertion order). */
class Remembered<V> {
  readonly #entries = new Map<string, V>();
  constructor(private readonly maxEntries: number) {}
  get(id: string): V | undefined {
    return this.#entries.get(id);
  }
  set(id: string, value: V): void {
    if (this.#entries.size >= this.maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(id, value);
  }
  clear(): void {
    this.#entries.clear();
  }
}

/** The ids whose names are wanted, by kind, without repeats. */
export class WantedNames {
  readonly companies = new Set<string>();
  readonly contacts = new Set<string>();
  readonly users = new Set<string>();
  readonly teams = new Set<string>();
  get any(): boolean {
    return this.companies.size + this.contacts.size + this.users.size + this.teams.size > 0;
  }
  ids(): DirectoryIds {
    return {
      companies: [...this.companies],
      contacts: [...this.contacts],
      users: [...this.users],
      teams: [...this.teams],
    };
  }

  /** The records these tickets refer to. */
  static of(rows: TicketReferences[]): WantedNames {
    const wanted = new WantedNames();
    for (const row of rows) {
      wanted.companies.add(row.company_id);
      if (row.contact_id !== null) wanted.contacts.add(row.contact_id);
      if (row.assigned_to !== null) wanted.users.add(row.assigned_to);
      if (row.created_by !== null) wanted.users.add(row.created_by);
      if (row.assigned_team !== null) wanted.teams.add(row.assigned_team);
    }
    return wanted;
  }
}

/** The names found for one request; a record gone meanwhile (deleted since its ticket was read) is absent. */
export class FoundNames {
  readonly companies = new Map<string, string>();
  readonly contacts = new Map<string, Readonly<NameAndEmail>>();
  readonly users = new Map<string, Readonly<NameAndEmail>>();
  readonly teams = new Map<string, string>();

  add(read: DirectoryNamesRead): void {
    for (const [id, name] of read.companies) this.companies.set(id, name);
    for (const [id, name, email] of read.contacts) this.contacts.set(id, [name, email]);
    for (const [id, name, email] of read.users) this.users.set(id, [name, email]);
    for (const [id, name] of read.teams) this.teams.set(id, name);
  }

  /** Puts a ticket's names into its row. A company cannot go while it has tickets: only with its ticket. */
  putInto<R extends TicketReferences>(row: R): R & TicketNames {
    const named = row as R & TicketNames;
    named.company_name = this.companies.get(row.company_id) ?? "";
    named.contact_name_email = (row.contact_id !== null && this.contacts.get(row.contact_id)) || null;
    named.assignee_name_email = (row.assigned_to !== null && this.users.get(row.assigned_to)) || null;
    named.creator_name = (row.created_by !== null && this.users.get(row.created_by)?.[0]) || null;
    named.team_name = (row.assigned_team !== null && this.teams.get(row.assigned_team)) || null;
    return named;
  }
}

/**
 * The names of companies, contacts, agents and teams as tickets show them, remembered by this server
 * process, so a list page does not look each one up again for every ticket (five lookups per row were most
 * of PostgreSQL's work for a page, bench/README.md round 9).
 *
 * Never older than the ticket: every ticket statement also reads the directory version (migration 0016),
 * which goes up in the same transaction as any change to one of these names. A statement that read a newer
 * version than the one remembered makes the process forget every name first; names are remembered only
 * when read at the version the process is at. So a rename is seen by the next ticket read in every process
 * and on every host, with no message between them. Reads inside a transaction neither use nor change what
 * is remembered: the transaction may see its own uncommitted renames.
 */
export class DirectoryNames {
  #version = Number.NEGATIVE_INFINITY;
  readonly #companies: Remembered<string>;
  readonly #contacts: Remembered<Readonly<NameAndEmail>>;
  readonly #users: Remembered<Readonly<NameAndEmail>>;
  readonly #teams: Remembered<string>;

  constructor(maxEntriesPerKind = 20_000) {
    this.#companies = new Remembered(maxEntriesPerKind);
    this.#contacts = new Remembered(maxEntriesPerKind);
    this.#users = new Remembered(maxEntriesPerKind);
    this.#teams = new Remembered(maxEntriesPerKind);
  }

  /** Puts the names into each ticket row (in place: a page's rows are not copied) and returns the rows. */
  async name<R extends TicketReferences>(db: Kysely<DB>, rows: R[]): Promise<(R & TicketNames)[]> {
    if (rows.length === 0) return [];
    let version = Number.NEGATIVE_INFINITY;
    for (const row of rows) version = Math.max(version, row.directory_version);
    if (!db.isTransaction) {
      this.#observe(version);
      // The usual case, every name remembered: no sets or maps for the request.
      let all = true;
      for (const row of rows) all = this.#putRemembered(row) && all;
      if (all) return rows as (R & TicketNames)[];
    }
    const found = await this.lookup(db, version, WantedNames.of(rows));
    return rows.map((row) => found.putInto(row));
  }

  /** Puts the row's names from memory; false when one is missing (the row is then filled again from a read). */
  #putRemembered<R extends TicketReferences>(row: R): boolean {
    const named = row as R & Partial<TicketNames>;
    named.company_name = this.#companies.get(row.company_id);
    named.contact_name_email = row.contact_id === null ? null : this.#contacts.get(row.contact_id);
    named.assignee_name_email = row.assigned_to === null ? null : this.#users.get(row.assigned_to);
    named.creator_name = row.created_by === null ? null : this.#users.get(row.created_by)?.[0];
    named.team_name = row.assigned_team === null ? null : this.#teams.get(row.assigned_team);
    return (
      named.company_name !== undefined &&
      named.contact_name_email !== undefined &&
      named.assignee_name_email !== undefined &&
      named.creator_name !== undefined &&
      named.team_name !== undefined
    );
  }

  /** The one-ticket form of `name`. */
  async nameOne<R extends TicketReferences>(db: Kysely<DB>, row: R | undefined) {
    return row && (await this.name(db, [row]))[0];
  }

  /**
   * The wanted names, for rows a statement read at `version`: from memory where it has them, the rest in one
   * statement.
   */
  async lookup(db: Kysely<DB>, version: number, wanted: WantedNames): Promise<FoundNames> {
    const shared = !db.isTransaction;
    if (shared) this.#observe(version);
    const found = new FoundNames();
    const missing = shared ? new WantedNames() : wanted;
    // Taken from memory before any await: a newer version seen meanwhile would clear it.
    if (shared) {
      pick(wanted.companies, this.#companies, found.companies, missing.companies);
      pick(wanted.contacts, this.#contacts, found.contacts, missing.contacts);
      pick(wanted.users, this.#users, found.users, missing.users);
      pick(wanted.teams, this.#teams, found.teams, missing.teams);
    }
    if (missing.any) {
      const read = await findDirectoryNames(db, missing.ids());
      if (shared) this.#remember(read);
      found.add(read);
    }
    return found;
  }

  #observe(version: number): void {
    if (version <= this.#version) return;
    this.#version = version;
    this.#companies.clear();
    this.#contacts.clear();
    this.#users.clear();
    this.#teams.clear();
  }

  /** Names read at the version this process is at are remembered; older ones only serve their request. */
  #remember(read: DirectoryNamesRead): void {
    this.#observe(read.version);
    if (read.version !== this.#version) return;
    for (const [id, name] of read.companies) this.#companies.set(id, name);
    for (const [id, name, email] of read.contacts) this.#contacts.set(id, [name, email]);
    for (const [id, name, email] of read.users) this.#users.set(id, [name, email]);
    for (const [id, name] of read.teams) this.#teams.set(id, name);
  }
}

/** Each wanted id into `found` from memory, or into `missing`. */
function pick<V>(wanted: Set<string>, memory: Remembered<V>, found: Map<string, V>, missing: Set<string>) {
  for (const id of wanted) {
    const value = memory.get(id);
    if (value === undefined) missing.add(id);
    else found.set(id, value);
  }
}
