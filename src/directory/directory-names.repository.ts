import { type Kysely, sql } from "kysely";
import type { DB } from "../db/schema.js";

/** A person as a ticket shows them: [name, email]. */
export type NameAndEmail = [name: string, email: string];

/** The kinds of directory record a ticket shows by name. */
export const directoryKinds = ["companies", "contacts", "users", "teams"] as const;
export type DirectoryKind = (typeof directoryKinds)[number];

/** A record's name, and a person's email (contacts and users). */
export type Named = readonly [name: string, email?: string];

/** The names read of each kind, `[id, name, email?]`, and the directory version they were read at. */
export type DirectoryNamesRead = { version: number } & Record<DirectoryKind, [id: string, ...Named][]>;

/** The statement every ticket projection carries: the directory version its rows were read at. */
export const directoryVersion = sql<number>`(select version from directory_version)`;

/**
 * The names of these records in one statement, each by its primary key, with the version they were read at
 * (the same snapshot, so the names are exactly that version's). JSON arrays read the same on both engines.
 */
export async function findDirectoryNames(
  db: Kysely<DB>,
  ids: Record<DirectoryKind, string[]>,
): Promise<DirectoryNamesRead> {
  const { rows } = await sql<DirectoryNamesRead>`
    select
      ${directoryVersion} as version,
      (select coalesce(json_agg(json_build_array(id, name)), '[]') from companies
        where id = any(${sql.val(ids.companies)}::uuid[])) as companies,
      (select coalesce(json_agg(json_build_array(id, name, email)), '[]') from contacts
        where id = any(${sql.val(ids.contacts)}::uuid[])) as contacts,
      (select coalesce(json_agg(json_build_array(id, name, email)), '[]') from users
        where id = any(${sql.val(ids.users)}::uuid[])) as users,
      (select coalesce(json_agg(json_build_array(id, name)), '[]') from teams
        where id = any(${sql.val(ids.teams)}::uuid[])) as teams
  `.execute(db);
  const [read] = rows;
  if (!read) throw new Error("the directory names statement returned no row");
  return read;
}
