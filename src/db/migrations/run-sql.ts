import { type Kysely, sql } from "kysely";

/**
 * Runs a SQL script one statement at a time: both drivers send queries through the
 * extended protocol, which takes a single statement. Statements end with `;` at the end
 * of a line; `$$` bodies (functions) are kept whole.
 */
export async function runSql(db: Kysely<unknown>, script: string): Promise<void> {
  for (const statement of splitStatements(script)) await sql.raw(statement).execute(db);
}

export function splitStatements(script: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  let inBody = false;
  for (const line of script.split("\n")) {
    if (line.trim().startsWith("--") && current.length === 0) continue;
    current.push(line);
    if ((line.match(/\$\$/g)?.length ?? 0) % 2 === 1) inBody = !inBody;
    if (!inBody && line.trimEnd().endsWith(";")) {
      const text = current.join("\n").trim();
      if (text) statements.push(text);
      current = [];
    }
  }
  const rest = current.join("\n").trim();
  if (rest) statements.push(rest);
  return statements;
}
