import {
  type Compilable,
  type CompiledQuery,
  createQueryId,
  type Kysely,
  type RootOperationNode,
} from "kysely";
import type { DB } from "./schema.js";

/** Stands for the i-th argument while the statement is compiled. */
class Slot {
  constructor(readonly index: number) {}
}

type Compiled = { sql: string; query: RootOperationNode; parameters: (Slot | { value: unknown })[] };

/**
 * A statement whose SQL text does not depend on its values, built and compiled by Kysely once per process
 * and then run with each call's values. Building and compiling the ticket detail's statement (the row, its
 * people, its comments and files as JSON) was a fifth of the server's CPU per request under load
 * (bench/README.md); the SQL text, and so the per-connection prepared statement, is the same either way.
 *
 * `build` must pass each argument to Kysely as a value (a parameter), unchanged: the arguments are stand-ins
 * while it runs, and compiling fails if one does not come out as a parameter. Plugins see every run's
 * operation tree, as compiled once: its SQL is the statement's, its values are the stand-ins.
 */
export class StatementTemplate<Args extends unknown[], Row> {
  #compiled: Compiled | undefined;

  constructor(private readonly build: (db: Kysely<DB>, ...args: Args) => Compilable<Row>) {}

  async execute(db: Kysely<DB>, ...args: Args): Promise<Row[]> {
    const compiled = this.#compile(db, args.length);
    const parameters = compiled.parameters.map((p) => (p instanceof Slot ? args[p.index] : p.value));
    const queryId = createQueryId();
    // Plugins still see the statement (tests record and count what is sent); the SQL is not rebuilt.
    db.getExecutor().transformQuery(compiled.query, queryId);
    const statement: CompiledQuery<Row> = { sql: compiled.sql, query: compiled.query, parameters, queryId };
    const result = await db.executeQuery<Row>(statement);
    return result.rows;
  }

  async executeTakeFirst(db: Kysely<DB>, ...args: Args): Promise<Row | undefined> {
    return (await this.execute(db, ...args))[0];
  }

  #compile(db: Kysely<DB>, arity: number): Compiled {
    if (this.#compiled) return this.#compiled;
    const slots = Array.from({ length: arity }, (_, i) => new Slot(i));
    const { sql, query, parameters } = this.build(db, ...(slots as unknown as Args)).compile();
    const used = new Set(parameters.filter((p): p is Slot => p instanceof Slot).map((p) => p.index));
    if (used.size !== arity) throw new Error("a statement template's argument did not become a parameter");
    this.#compiled = {
      sql,
      query,
      parameters: parameters.map((p) => (p instanceof Slot ? p : { value: p })),
    };
    return this.#compiled;
  }
}
