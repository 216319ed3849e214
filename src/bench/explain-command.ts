import pg from "pg";
import { openPostgres, postgresConnectionOptions } from "../db/database.js";
import { createBenchToken } from "./bench-schema.js";
import { scenarioData, scenarios } from "./scenarios.js";
import { captureSql } from "./sql-baseline.js";

/** Prints EXPLAIN (ANALYZE, BUFFERS) of every SELECT each scenario's endpoint runs, for diagnosis. */
export async function explainScenarios(url: string, only: string[] | undefined): Promise<void> {
  const database = await openPostgres(url, 2);
  const { token } = await createBenchToken(database.db);
  const list = scenarios(await scenarioData(database.db)).filter(
    (s) => s.method === "GET" && (!only || only.includes(s.key)),
  );
  await database.close();
  const captured = await captureSql(url, list, token);
  const client = new pg.Client({ connectionString: url, options: postgresConnectionOptions });
  await client.connect();
  try {
    for (const [key, request] of captured) {
      for (const s of request.statements.filter((st) => /^\s*select/i.test(st.sql))) {
        if (s.sql.includes("api_tokens")) continue;
        // Once to warm this connection's catalog caches, as the app's pooled connections are: a first
        // plan's time is mostly cache loading (1.5–2 ms), not planning.
        await client.query(`explain ${s.sql}`, s.parameters as unknown[]);
        const result = await client.query<{ "QUERY PLAN": string }>(
          `explain (analyze, buffers) ${s.sql}`,
          s.parameters as unknown[],
        );
        console.log(
          `\n=== (${key}) ${s.sql.slice(0, 200)}\n${result.rows.map((r) => r["QUERY PLAN"]).join("\n")}`,
        );
      }
    }
  } finally {
    await client.end();
  }
}
