import { type RawBuilder, type SqlBool, sql } from "kysely";

/** `%text%` for ILIKE with the user's % _ and \ taken literally (backslash is PostgreSQL's default escape). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The lower-cased copies of directory names kept by migration 0015, each with its trigram index. */
export type FoldedColumn = "name_folded" | "email_folded";

/**
 * Whether a folded column (`companies.name_folded`, `contacts.email_folded`, …) contains the text, any case:
 * the same as ILIKE on the original, without lower-casing every row (migration 0015). The pattern is folded
 * by PostgreSQL's lower(), the function that folded the column.
 */
export function foldedContains(table: string, column: FoldedColumn, text: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(`${table}.${column}`)} like lower(${containsPattern(text)})`;
}
