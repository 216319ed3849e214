import { type Kysely, sql } from "kysely";
import type { DB } from "../db/schema.js";
import {
  checkChannel,
  checkPayload,
  type InstanceNews,
  type MissedNewsHandler,
  type NewsHandler,
  type NewsLog,
  Subscribers,
  silentNewsLog,
  type Unsubscribe,
} from "./instance-news.js";

const firstCheckMs = 1;
const maxCheckMs = 250;

/**
 * News within one process: the embedded database's (one process owns PGlite) and test contexts'. Kysely
 * has no commit hook, so news published in a transaction notes the transaction's id, and is delivered
 * once PostgreSQL reports that transaction committed (dropped if it rolled back). On PGlite a statement
 * sent while a transaction is open runs inside it, so the check is simply repeated, with a growing pause,
 * until the transaction has ended.
 */
export class InProcessNews implements InstanceNews {
  readonly #subscribers: Subscribers;
  readonly #waiting = new Set<Promise<void>>();
  #closed = false;

  constructor(
    private readonly db: Kysely<DB>,
    log: NewsLog = silentNewsLog,
  ) {
    this.#subscribers = new Subscribers(log);
  }

  async publish(channel: string, payload: string, within?: Kysely<DB>): Promise<void> {
    checkChannel(channel);
    checkPayload(channel, payload);
    if (this.#closed) return;
    if (!within?.isTransaction) {
      // Asynchronous, as news from PostgreSQL is: a handler never runs inside the publisher's call.
      setImmediate(() => this.#deliver(channel, payload));
      return;
    }
    const { rows } = await sql<{ xid: string }>`select pg_current_xact_id()::text as xid`.execute(within);
    const xid = rows[0]?.xid;
    if (xid === undefined) throw new Error("No transaction id");
    const waiting = this.#deliverOnCommit(xid, channel, payload).finally(() => this.#waiting.delete(waiting));
    this.#waiting.add(waiting);
  }

  subscribe(channel: string, onNews: NewsHandler, onMissedNews?: MissedNewsHandler): Unsubscribe {
    const { remove } = this.#subscribers.add(channel, onNews, onMissedNews);
    return () => void remove();
  }

  ready(): Promise<void> {
    return Promise.resolve();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#subscribers.clear();
    await Promise.allSettled(this.#waiting);
  }

  #deliver(channel: string, payload: string): void {
    if (!this.#closed) this.#subscribers.deliver(channel, payload);
  }

  async #deliverOnCommit(xid: string, channel: string, payload: string): Promise<void> {
    let pause = firstCheckMs;
    let failures = 0;
    while (!this.#closed) {
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, maxCheckMs);
      let status: string | null | undefined;
      try {
        const { rows } = await sql<{ status: string | null }>`
          select pg_xact_status(${xid}::xid8) as status`.execute(this.db);
        status = rows[0]?.status;
      } catch {
        // Inside a failed transaction on PGlite (it is about to roll back), or the database is closing.
        if (++failures > 20) return;
        continue;
      }
      if (status === "aborted") return;
      // null: too old to know, so long past that it certainly ended; news is a nudge, deliver it.
      if (status !== "in progress") return this.#deliver(channel, payload);
    }
  }
}
