import { type RawBuilder, type SqlBool, sql } from "kysely";

/** `%text%` for ILIKE with the user's % _ and \ taken literally (backslash is PostgreSQL's default escape). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The lower-cased copies of directory names kept by migration 0015, each with its trigram index. */
type FoldedColumn = "companies.name_folded" | "contacts.name_folded" | "contacts.email_folded";

/**
 * Whether a folded column contains the text, any case: the same as ILIKE on the original, without
 * lower-casing every row (migration 0015). The pattern is folded by PostgreSQL's lower(), the function that
 * folded the column.
 */
function foldedContains(column: FoldedColumn, text: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} like lower(${containsPattern(text)})`;
}

/** A company's name contains the text, any case (the company list and a ticket search both ask this). */
export function companyNameContains(text: string): RawBuilder<SqlBool> {
  return foldedContains("companies.name_folded", text);
}

/** A contact's name or email contains the text, any case (the contact list and a ticket search). */
export function contactContains(text: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${foldedContains("contacts.name_folded", text)} or ${foldedContains("contacts.email_folded", text)})`;
}
