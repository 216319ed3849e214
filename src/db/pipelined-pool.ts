import type { PostgresPool, PostgresPoolClient } from "kysely";
import type pg from "pg";

/**
 * Statements that need a session of their own: a transaction's first statement (Kysely opens every one
 * with `begin` or `start transaction`), and whatever leaves state in the session for the statements after
 * it: settings, advisory locks (Kysely's migrator holds one across its migrations), LISTEN, cursors,
 * prepared statements and temporary tables. A pipelined connection is shared by every request, so these
 * go to a connection of their own, as does everything after them on the same Kysely connection.
 */
const needsSession =
  /^\s*(begin|start\s+transaction|set|reset|listen|declare|prepare)\b|^\s*create\s+(temp|temporary)\b|pg_advisory_|pg_try_advisory_|set_config\s*\(/i;

/** Whether a statement text needs a session, remembered per text (the app has a few hundred). */
const sessionTexts = new Map<string, boolean>();
const maxRemembered = 5_000;
export function needsOwnSession(text: string): boolean {
  let needs = sessionTexts.get(text);
  if (needs === undefined) {
    needs = needsSession.test(text);
    if (sessionTexts.size >= maxRemembered) sessionTexts.clear();
    sessionTexts.set(text, needs);
  }
  return needs;
}

/**
 * A statement at the head of a pipeline for longer than this holds up everything queued behind it (a broad
 * search, a report); new statements then go to another pipeline, or to a connection of their own.
 */
export const stalledAfterMs = 10;

/** One pooled connection in pg's pipeline mode, kept for as long as it works. */
class PipelinedConnection {
  inFlight = 0;
  broken = false;
  /** When the statement now at the head of the pipeline started to run (PostgreSQL answers in order). */
  #headSince = 0;
  readonly #client: Promise<pg.PoolClient>;

  constructor(client: Promise<pg.PoolClient>) {
    this.#client = client.then(
      (connected) => {
        // A connection that fails is closed and forgotten: the next statement opens another.
        const drop = () => this.#drop(connected);
        connected.once("error", drop);
        connected.once("end", drop);
        return connected;
      },
      (error: unknown) => {
        this.broken = true;
        throw error;
      },
    );
  }

  async query(text: string, values: readonly unknown[]): Promise<pg.QueryResult> {
    if (this.inFlight === 0) this.#headSince = performance.now();
    this.inFlight += 1;
    try {
      const client = await this.#client;
      return await client.query(text, values as unknown[]);
    } finally {
      this.inFlight -= 1;
      // The next statement in the pipeline runs from now on.
      this.#headSince = performance.now();
    }
  }

  /** Whether its head statement has run for longer than `stalledAfterMs`. */
  stalled(now: number): boolean {
    return this.inFlight > 0 && now - this.#headSince > stalledAfterMs;
  }

  #drop(client: pg.PoolClient): void {
    if (this.broken) return;
    this.broken = true;
    client.release(true);
  }

  release(): void {
    if (this.broken) return;
    this.broken = true;
    this.#client.then(
      (client) => client.release(),
      () => {},
    );
  }
}

/**
 * A few connections on which statements are pipelined: each is written without waiting for the answer
 * to the one before, and PostgreSQL answers them in order. Under load one write and one read on each
 * side then carry several statements instead of one round trip each (bench/README.md, round 11). A
 * statement goes to the connection with the fewest statements in flight, leaving out any whose head
 * statement has stalled (a broad search, a report); when every pipeline has stalled, it runs on a
 * connection of its own from `overflow`, so a slow statement holds up only what was already queued
 * behind it in its first `stalledAfterMs`.
 */
export class Pipelines {
  readonly #connections: (PipelinedConnection | undefined)[];

  constructor(
    private readonly pool: pg.Pool,
    private readonly overflow: pg.Pool,
    count: number,
  ) {
    this.#connections = new Array(count).fill(undefined);
  }

  /** One statement on its own: its own implicit transaction, as on a connection of its own. */
  query(text: string, values: readonly unknown[]): Promise<pg.QueryResult> {
    const now = performance.now();
    let best = -1;
    let fewest = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.#connections.length; i += 1) {
      const connection = this.#connections[i];
      const usable = connection && !connection.broken;
      if (usable && connection.stalled(now)) continue;
      const inFlight = usable ? connection.inFlight : 0;
      if (inFlight < fewest) {
        fewest = inFlight;
        best = i;
      }
    }
    if (best < 0) return this.#onItsOwn(text, values);
    let connection = this.#connections[best];
    if (!connection || connection.broken) {
      connection = new PipelinedConnection(this.pool.connect());
      this.#connections[best] = connection;
    }
    return connection.query(text, values);
  }

  async #onItsOwn(text: string, values: readonly unknown[]): Promise<pg.QueryResult> {
    const client = await this.overflow.connect();
    try {
      return await client.query(text, values as unknown[]);
    } finally {
      client.release();
    }
  }

  /** Hands the connections back to their pool. */
  release(): void {
    for (const connection of this.#connections) connection?.release();
    this.#connections.fill(undefined);
  }
}

/**
 * What Kysely gets as a pooled client: statements on their own go to the pipelines; a transaction, or a
 * statement that leaves state in its session (`needsSession`), checks out a connection of its own, which
 * takes every later statement until Kysely releases this client. The dialect has no cursor configured, so
 * Kysely never passes one here.
 */
class StatementClient {
  #own: pg.PoolClient | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly pipelines: Pipelines,
  ) {}

  async query(text: string, values: readonly unknown[]): Promise<pg.QueryResult> {
    if (!this.#own) {
      if (!needsOwnSession(text)) return this.pipelines.query(text, values);
      this.#own = await this.pool.connect();
    }
    return this.#own.query(text, values as unknown[]);
  }

  release(destroy?: boolean): void {
    const own = this.#own;
    this.#own = undefined;
    own?.release(destroy);
  }
}

/**
 * The pool Kysely is given on PostgreSQL: statements on their own are pipelined on every connection of
 * `pipelinePool` (no connection is checked out for them); a transaction checks out one of `pool`'s.
 */
export class StatementPool implements PostgresPool {
  readonly #pipelines: Pipelines;
  readonly options: object;

  constructor(
    private readonly pool: pg.Pool,
    private readonly pipelinePool: pg.Pool,
  ) {
    this.#pipelines = new Pipelines(pipelinePool, pool, pipelinePool.options.max);
    this.options = pool.options;
  }

  async connect(): Promise<PostgresPoolClient> {
    // Kysely's client type also takes a cursor; it never passes one, as the dialect has none configured.
    return new StatementClient(this.pool, this.#pipelines) as unknown as PostgresPoolClient;
  }

  async end(): Promise<void> {
    this.#pipelines.release();
    await Promise.all([this.pool.end(), this.pipelinePool.end()]);
  }
}
