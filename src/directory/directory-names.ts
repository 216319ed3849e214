import type { Kysely } from "kysely";
import type { DB } from "../db/schema.js";
import {
  type DirectoryKind,
  directoryKinds,
  findDirectoryNames,
  type NameAndEmail,
  type Named,
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

/** Where a name is looked up: undefined when the record is not there. */
type Lookup = (kind: DirectoryKind, id: string) => Named | undefined;

const perKind = <T>(make: () => T): Record<DirectoryKind, T> => ({
  companies: make(),
  contacts: make(),
  users: make(),
  teams: make(),
});

/**
 * Which record each name of a ticket comes from, written once: puts the names `find` has into the row and
 * says whether it had them all. A record it lacks reads as no record ("" for the company, which cannot go
 * while it has tickets: only a ticket deleted meanwhile lacks it).
 */
function putNames(row: TicketReferences & Partial<TicketNames>, find: Lookup): boolean {
  const company = find("companies", row.company_id);
  const contact = row.contact_id === null ? null : find("contacts", row.contact_id);
  const assignee = row.assigned_to === null ? null : find("users", row.assigned_to);
  const creator = row.created_by === null ? null : find("users", row.created_by);
  const team = row.assigned_team === null ? null : find("teams", row.assigned_team);
  row.company_name = company?.[0] ?? "";
  // Contacts and users are always read with their email.
  row.contact_name_email = (contact as Readonly<NameAndEmail> | null | undefined) ?? null;
  row.assignee_name_email = (assignee as Readonly<NameAndEmail> | null | undefined) ?? null;
  row.creator_name = creator?.[0] ?? null;
  row.team_name = team?.[0] ?? null;
  return (
    company !== undefined &&
    contact !== undefined &&
    assignee !== undefined &&
    creator !== undefined &&
    team !== undefined
  );
}

/** A map that forgets its oldest entry once full (a Map iterates in insertion order). */
class Remembered {
  readonly #entries = new Map<string, Named>();
  constructor(private readonly maxEntries: number) {}
  get(id: string): Named | undefined {
    return this.#entries.get(id);
  }
  set(id: string, value: Named): void {
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
  readonly #memory: Record<DirectoryKind, Remembered>;
  readonly #remembered: Lookup = (kind, id) => this.#memory[kind].get(id);

  constructor(maxEntriesPerKind = 20_000) {
    this.#memory = perKind(() => new Remembered(maxEntriesPerKind));
  }

  /** Puts the names into each ticket row (in place: a page's rows are not copied) and returns the rows. */
  async name<R extends TicketReferences>(db: Kysely<DB>, rows: R[]): Promise<(R & TicketNames)[]> {
    if (rows.length > 0 && !this.#allRemembered(db, rows, [])) {
      const found = await this.#read(db, rows, []);
      for (const row of rows) putNames(row, found);
    }
    return rows as (R & TicketNames)[];
  }

  /** The one-ticket form of `name`. */
  async nameOne<R extends TicketReferences>(db: Kysely<DB>, row: R | undefined) {
    return row && (await this.name(db, [row]))[0];
  }

  /**
   * A ticket's names, and the names and emails of these other users (its comments' authors and files'
   * uploaders) for `person`, which is to be asked before the next await.
   */
  async nameWithPeople<R extends TicketReferences>(db: Kysely<DB>, row: R, userIds: string[]) {
    let find = this.#remembered;
    if (!this.#allRemembered(db, [row], userIds)) {
      find = await this.#read(db, [row], userIds);
      putNames(row, find);
    }
    const person = (id: string | null) =>
      id === null ? undefined : (find("users", id) as Readonly<NameAndEmail> | undefined);
    return { ticket: row as R & TicketNames, person };
  }

  /** The usual case: every name is remembered and now in the rows, with no sets or maps for the request. */
  #allRemembered(db: Kysely<DB>, rows: TicketReferences[], userIds: string[]): boolean {
    if (db.isTransaction) return false;
    for (const row of rows) this.#observe(row.directory_version);
    let all = true;
    for (const row of rows) all = putNames(row, this.#remembered) && all;
    return all && userIds.every((id) => this.#memory.users.get(id) !== undefined);
  }

  /** Every name the rows and users need: what memory has (taken before the await) and one read of the rest. */
  async #read(db: Kysely<DB>, rows: TicketReferences[], userIds: string[]): Promise<Lookup> {
    const shared = !db.isTransaction;
    const found = perKind(() => new Map<string, Named>());
    const missing = perKind(() => new Set<string>());
    // putNames asks for exactly the records a ticket shows; this lookup notes what it was asked.
    const note: Lookup = (kind, id) => {
      const name = shared ? this.#memory[kind].get(id) : undefined;
      if (name === undefined) missing[kind].add(id);
      else found[kind].set(id, name);
      return name;
    };
    for (const row of rows) putNames(row, note);
    for (const id of userIds) note("users", id);
    const read = await findDirectoryNames(db, {
      companies: [...missing.companies],
      contacts: [...missing.contacts],
      users: [...missing.users],
      teams: [...missing.teams],
    });
    if (shared) this.#observe(read.version);
    const remember = shared && read.version === this.#version;
    for (const kind of directoryKinds)
      for (const [id, ...name] of read[kind]) {
        found[kind].set(id, name);
        if (remember) this.#memory[kind].set(id, name);
      }
    return (kind, id) => found[kind].get(id);
  }

  #observe(version: number): void {
    if (version <= this.#version) return;
    this.#version = version;
    for (const kind of directoryKinds) this.#memory[kind].clear();
  }
}
