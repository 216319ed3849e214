import { type PGlite, parse, protocol, type Results } from "@electric-sql/pglite";
import { type Column, type RowShape, readPreparedResult, rowShape } from "./pglite-rows.js";
import { maxPreparedPerConnection, shouldPrepare, statementName } from "./prepared-statements.js";

type Message = { name: string };
type Statement = { parameterTypes: number[]; shape: RowShape };

/**
 * The embedded database's `query`, with the statements `shouldPrepare` picks prepared once per process, as
 * the PostgreSQL pool does (prepared-statements.ts). PGlite's own query() parses, describes and plans every
 * statement in six calls into the engine; a prepared one is bound and executed in one call, and keeps its
 * plan after five runs. On the list endpoints planning was about half of PGlite's time per query, much of
 * it `fstat` calls made to size every table and index the plan might use (bench/README.md).
 *
 * Only statements outside a transaction take this path (they queue behind a running transaction, as
 * query() does); inside one, PGlite's own query runs. A statement the engine no longer accepts in its
 * prepared form (a migration changed a table under it) is prepared again once.
 */
function preparedQueries(pglite: PGlite) {
  const statements = new Map<string, Statement>();
  const { serialize } = protocol;

  const run = async (message: Uint8Array) =>
    (await pglite.execProtocolStream(message, { syncToFs: false })) as Message[];

  /** The engine's answer as wire bytes, which PGlite's other entry points also parse (pglite-rows.ts). */
  const runRaw = async (message: Uint8Array) => {
    const chunks: Uint8Array[] = [];
    // A chunk is a view of the engine's memory, valid only during the callback.
    await pglite.execProtocolRawStream(message, {
      syncToFs: false,
      onRawData: (chunk) => chunks.push(chunk.slice()),
    });
    return chunks.length === 1 ? (chunks[0] as Uint8Array) : concat(chunks);
  };

  async function prepare(name: string, text: string): Promise<Statement> {
    const messages = await run(
      concat([serialize.parse({ name, text }), serialize.describe({ type: "S", name }), serialize.sync()]),
    );
    const description = messages.find((m) => m.name === "rowDescription") as { fields: Column[] } | undefined;
    const statement = {
      parameterTypes: parse.parseDescribeStatementResults(messages as never),
      shape: rowShape(description?.fields ?? [], pglite.parsers),
    };
    statements.set(name, statement);
    return statement;
  }

  async function execute(name: string, statement: Statement, params: readonly unknown[]) {
    const values = params.map((param, i) => {
      if (param === null || param === undefined) return null;
      const serializer = pglite.serializers[statement.parameterTypes[i] ?? 0];
      return serializer ? (serializer(param) as string) : String(param);
    });
    const bytes = await runRaw(
      concat([serialize.bind({ statement: name, values }), serialize.execute({}), serialize.sync()]),
    );
    const result = readPreparedResult(bytes, statement.shape);
    if (result) return result;
    // An error: PGlite's own parser turns it into the DatabaseError its query() would throw.
    const messages: unknown[] = [];
    new protocol.Parser().parse(bytes, (message: unknown) => messages.push(message));
    throw messages.find((message) => message instanceof Error) ?? new Error("PGlite: statement failed");
  }

  async function preparedRun(name: string, text: string, params: readonly unknown[]) {
    const known = statements.get(name);
    try {
      return await execute(name, known ?? (await prepare(name, text)), params);
    } catch (error) {
      // 0A000: "cached plan must not change result type"; 26000: the statement is gone.
      const code = (error as { code?: string }).code;
      if (!known || (code !== "0A000" && code !== "26000")) throw error;
      statements.delete(name);
      await run(concat([serialize.close({ type: "S", name }), serialize.sync()]));
      return execute(name, await prepare(name, text), params);
    }
  }

  /** Drop-in for PGlite's query(text, params, { rowMode: "object" }) outside a transaction. */
  return async function query<T>(
    text: string,
    params: unknown[] = [],
    options?: { rowMode?: string },
  ): Promise<Results<T>> {
    const plain =
      options === undefined || (Object.keys(options).length === 1 && options.rowMode === "object");
    const name = plain && shouldPrepare(text) ? statementName(text) : undefined;
    if (name === undefined || (!statements.has(name) && statements.size >= maxPreparedPerConnection))
      return pglite.query<T>(text, params, options as never);
    return pglite._runExclusiveTransaction(() =>
      pglite._runExclusiveQuery(async () => {
        const result = await preparedRun(name, text, params);
        await pglite.syncToFs();
        return result as Results<T>;
      }),
    );
  };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.byteLength;
  }
  return all;
}

/** The PGlite instance as Kysely sees it: everything its own, but query() prepares (preparedQueries). */
export function withPreparedQueries(pglite: PGlite): PGlite {
  const query = preparedQueries(pglite);
  return new Proxy(pglite, {
    get(target, property) {
      if (property === "query") return query;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
