import { randomUUID } from "node:crypto";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { loadConfig } from "../config/config.js";
import { type Database, postgresPool } from "../db/database.js";
import { pgTypes } from "../db/pg-types.js";
import type { DB } from "../db/schema.js";
import { buildApp } from "../server/app.js";
import { percentile } from "./http-load.js";
import type { Scenario } from "./scenarios.js";

/** The statements one request runs, in order, as the app sent them to PostgreSQL. */
export type CapturedRequest = { statements: { sql: string; parameters: readonly unknown[] }[] };

export type BaselineMeasurement = {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  statements: number;
};

const uuidV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const ticketNumber = /^T-\d{8}-\d+$/;

/** Milliseconds in a UUID v7: ids minted during the captured request are newer than its start. */
const v7Time = (id: string) => Number.parseInt(id.replaceAll("-", "").slice(0, 12), 16);

/**
 * Runs each scenario's first request through the real app (in this process, over a logging Kysely) and
 * records the SQL it issues in the steady state: a read is made once before the one recorded.
 */
export async function captureSql(
  url: string,
  scenarios: Scenario[],
  token: string,
): Promise<Map<string, CapturedRequest>> {
  let current: CapturedRequest | undefined;
  // The app's own pool reads values as the app does (pg-types.ts).
  const pool = new pg.Pool({ connectionString: url, max: 2, types: pgTypes() });
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (event.level === "query")
        current?.statements.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  const database: Database = { db, engine: "postgres", location: "bench", close: () => db.destroy() };
  const app = await buildApp({
    config: loadConfig({ DATABASE_URL: url, LOG_LEVEL: "silent" }),
    database,
    logger: false,
  });
  const captured = new Map<string, CapturedRequest>();
  try {
    // Steady state: the token's sign-in is cached after the first request (SignedInCache), so the
    // captured requests carry no authentication lookup, as under load.
    await app.inject({
      method: "GET",
      url: "/api/v1/auth/me",
      headers: { authorization: `Bearer ${token}` },
    });
    for (const scenario of scenarios) {
      // Each read once beforehand, uncaptured, as under load: the server then remembers the names its
      // tickets show (directory-names.ts), a search's breadth and the overdue count, and the captured
      // request runs only what every request runs.
      if (scenario.method === "GET")
        await app.inject({
          method: "GET",
          url: scenario.paths[0] ?? "/",
          headers: { authorization: `Bearer ${token}` },
        });
      current = { statements: [] };
      const started = Date.now();
      const body = scenario.body?.(1_000_000);
      const response = await app.inject({
        method: scenario.method,
        url: scenario.paths[0] ?? "/",
        headers: { authorization: `Bearer ${token}` },
        ...(body === undefined ? {} : { payload: body as object }),
      });
      if (response.statusCode >= 300)
        throw new Error(`${scenario.key}: ${response.statusCode} ${response.body}`);
      // Ids minted during the request get fresh values on every replay.
      const minted = (id: string) => uuidV7.test(id) && v7Time(id) >= started - 5;
      const fresh = current.statements.map((s) => ({
        sql: s.sql,
        // An id parameter, or a JSON one holding ids (a batch of new tickets): each is rewritten per replay.
        parameters: s.parameters.map((p) => {
          const ids = typeof p === "string" ? (p.match(uuidsIn) ?? []).filter(minted) : [];
          return ids.length > 0 ? { freshIn: p, ids } : p;
        }),
      }));
      captured.set(scenario.key, { statements: fresh });
    }
  } finally {
    await app.close();
    await db.destroy();
  }
  return captured;
}

const uuidsIn = /[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** One replay's values: each id minted by the request maps to one new id for the whole replay. */
function bind(parameters: readonly unknown[], i: number, minted: Map<string, string>): unknown[] {
  const freshId = (captured: string) => {
    let id = minted.get(captured);
    if (!id) {
      id = randomUUID();
      minted.set(captured, id);
    }
    return id;
  };
  return parameters.map((p) => {
    if (p && typeof p === "object" && "freshIn" in p && "ids" in p) {
      let text = String(p.freshIn);
      for (const id of p.ids as string[]) text = text.replaceAll(id, freshId(id));
      return text;
    }
    if (typeof p === "string" && ticketNumber.test(p)) return `${p}-replay${i}`;
    return p;
  });
}

const writes = /\b(insert|update|delete)\b/i;

/**
 * What a replay sends: a write's COMMIT becomes ROLLBACK, and a write the app ran without an explicit
 * transaction (one statement is atomic; a batched creation is one) is wrapped in one, so the replay never
 * keeps what it wrote. Without that, (g)'s baseline left thousands of identical "Bench ticket" rows behind
 * (one created_at for all), which the later baselines and `bench explain` then read.
 */
export function replayedStatements(request: CapturedRequest): CapturedRequest["statements"] {
  const statements = request.statements.map((s) =>
    /^commit$/i.test(s.sql.trim()) ? { ...s, sql: "rollback" } : s,
  );
  const inTransaction = /^begin\b/i.test(statements[0]?.sql.trim() ?? "");
  if (inTransaction || !statements.some((s) => writes.test(s.sql))) return statements;
  return [{ sql: "begin", parameters: [] }, ...statements, { sql: "rollback", parameters: [] }];
}

/**
 * Replays a captured request with `connections` concurrent clients for `seconds`. Writes end
 * in ROLLBACK instead of COMMIT so the data set stays as loaded (this spares the baseline the
 * commit's WAL flush, which makes it a slightly generous ceiling for the write scenarios).
 */
export async function replaySql(
  url: string,
  request: CapturedRequest,
  options: { connections: number; seconds: number; warmupSeconds: number },
): Promise<BaselineMeasurement> {
  // The app's own pool (database.ts): its planner settings, statements prepared per connection, values read
  // as the app reads them, statements on their own pipelined and transactions on connections of their own.
  // DATABASE_PIPELINES as the server reads it, so a run with pipelines off measures both sides without.
  const { databasePipelines } = loadConfig({ DATABASE_PIPELINES: process.env.DATABASE_PIPELINES });
  const pool = postgresPool(url, { poolSize: options.connections, pipelines: databasePipelines });
  const statements = replayedStatements(request);
  let counter = 0;
  // Each request checks a client out and back, as Kysely does for each statement or transaction.
  const loop = async (until: number, latencies: number[] | null, errors: { n: number }) => {
    while (Date.now() < until) {
      const client = await pool.connect();
      const started = performance.now();
      const i = counter++;
      try {
        const minted = new Map<string, string>();
        for (const s of statements) await client.query(s.sql, bind(s.parameters, i, minted));
        latencies?.push(performance.now() - started);
      } catch {
        errors.n += 1;
        await client.query("rollback", []).catch(() => {});
      } finally {
        client.release();
      }
    }
  };
  try {
    const warmErrors = { n: 0 };
    const warmUntil = Date.now() + options.warmupSeconds * 1000;
    await Promise.all(Array.from({ length: options.connections }, () => loop(warmUntil, null, warmErrors)));
    const latencies: number[] = [];
    const errors = { n: 0 };
    const started = Date.now();
    await Promise.all(
      Array.from({ length: options.connections }, () =>
        loop(started + options.seconds * 1000, latencies, errors),
      ),
    );
    const seconds = (Date.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      rps: latencies.length / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      errors: errors.n,
      statements: statements.length,
    };
  } finally {
    await pool.end();
  }
}
