import { type Kysely, sql } from "kysely";
import type pg from "pg";
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

const firstRetryMs = 250;
const maxRetryMs = 30_000;

/** The pause before reconnection attempt `attempt` (0-based): doubling up to 30 s, with jitter so instances spread out. */
export function reconnectDelayMs(attempt: number, random = Math.random()): number {
  const base = Math.min(maxRetryMs, firstRetryMs * 2 ** Math.min(attempt, 16));
  return Math.round(base * (0.5 + random / 2));
}

/**
 * News through PostgreSQL's LISTEN/NOTIFY. Publishing is `select pg_notify(...)` on the app's own
 * connections, or in the caller's transaction, so PostgreSQL delivers it on commit. Listening needs a
 * session that stays put, so it has a dedicated connection, outside the pools: a pipelined connection is
 * shared statement by statement, and a pooled one goes back to the pool. Every instance (each process of a
 * WEB_CONCURRENCY server too) listens on its own and hears its own news as well.
 *
 * A lost connection is opened again after a growing pause; once it listens again every subscriber is
 * told it may have missed news (NOTIFY keeps nothing for a session that was not listening).
 */
export class PostgresNews implements InstanceNews {
  readonly #subscribers: Subscribers;
  /** The connection being opened or open; `#client` once it is open. */
  #current: pg.Client | undefined;
  #client: pg.Client | undefined;
  /** Channels the current connection LISTENs to. */
  #listening = new Set<string>();
  /** LISTEN and UNLISTEN, one after another on the connection. */
  #sync: Promise<void> = Promise.resolve();
  #retry: NodeJS.Timeout | undefined;
  #attempt = 0;
  #lostSome = false;
  #closed = false;
  #waiters: (() => void)[] = [];

  constructor(
    private readonly db: Kysely<DB>,
    private readonly connect: () => pg.Client,
    private readonly log: NewsLog = silentNewsLog,
  ) {
    this.#subscribers = new Subscribers(log);
  }

  async publish(channel: string, payload: string, within?: Kysely<DB>): Promise<void> {
    checkChannel(channel);
    checkPayload(channel, payload);
    await sql`select pg_notify(${channel}, ${payload})`.execute(within ?? this.db);
  }

  subscribe(channel: string, onNews: NewsHandler, onMissedNews?: MissedNewsHandler): Unsubscribe {
    const { first, remove } = this.#subscribers.add(channel, onNews, onMissedNews);
    if (first) this.#listen();
    return () => {
      if (remove()) this.#listen();
    };
  }

  async ready(): Promise<void> {
    while (!this.#closed && !this.#isListeningToAll()) {
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    this.#subscribers.clear();
    const client = this.#current;
    this.#current = undefined;
    this.#client = undefined;
    this.#wake();
    await client?.end().catch(() => {});
  }

  #isListeningToAll(): boolean {
    const wanted = this.#subscribers.channels();
    return (
      this.#client !== undefined &&
      wanted.length === this.#listening.size &&
      wanted.every((channel) => this.#listening.has(channel))
    );
  }

  #wake(): void {
    for (const resolve of this.#waiters.splice(0)) resolve();
  }

  /** Brings the connection's LISTENs in line with the subscribed channels, opening it first if needed. */
  #listen(): void {
    if (this.#closed) return;
    const client = this.#client;
    if (!client) {
      this.#open();
      return;
    }
    this.#sync = this.#sync
      .then(async () => {
        for (const channel of this.#subscribers.channels())
          if (!this.#listening.has(channel)) {
            await client.query(`listen ${client.escapeIdentifier(channel)}`);
            this.#listening.add(channel);
          }
        for (const channel of [...this.#listening])
          if (!this.#subscribers.has(channel)) {
            await client.query(`unlisten ${client.escapeIdentifier(channel)}`);
            this.#listening.delete(channel);
          }
        this.#wake();
      })
      .catch((error: unknown) => this.#lost(client, error));
  }

  #open(): void {
    if (this.#current || this.#retry || this.#closed) return;
    const client = this.connect();
    this.#current = client;
    client.on("notification", (message) => {
      if (client === this.#client) this.#subscribers.deliver(message.channel, message.payload ?? "");
    });
    client.on("error", (error) => this.#lost(client, error));
    client.on("end", () => this.#lost(client, new Error("connection ended")));
    client.connect().then(
      () => {
        if (client !== this.#current) return;
        this.#client = client;
        this.#listening = new Set();
        this.#listen();
        // Told once the LISTENs are in place: whatever a subscriber re-reads then cannot miss news again.
        this.#sync = this.#sync.then(() => {
          if (this.#client !== client) return;
          this.#attempt = 0;
          if (!this.#lostSome) return;
          this.#lostSome = false;
          this.log.warn({}, "News connection is back; subscribers may have missed news");
          this.#subscribers.missed();
        });
      },
      (error: unknown) => this.#lost(client, error),
    );
  }

  /** The current connection failed or ended (events of connections already given up are ignored). */
  #lost(client: pg.Client, error: unknown): void {
    if (client !== this.#current) return;
    this.#current = undefined;
    this.#client = undefined;
    void client.end().catch(() => {});
    if (this.#closed) return;
    this.#lostSome = true;
    const delay = reconnectDelayMs(this.#attempt++);
    this.log.warn({ err: error, retryInMs: delay }, "News connection lost; reconnecting");
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      this.#open();
    }, delay);
  }
}
