import type { Kysely } from "kysely";
import type { DB } from "../db/schema.js";

/**
 * News for every instance of this server, this one included: a sign-out that must take effect everywhere
 * at once, later ticket events for live updates and wake-ups for job workers. Each instance on PostgreSQL
 * listens on a connection of its own (postgres-news.ts); the embedded database has one process, so news
 * stays in it (in-process-news.ts). Either way news arrives asynchronously, after the publishing
 * transaction committed, and never when it rolled back.
 *
 * News is a nudge, not a record: it can be lost while a connection is down (subscribers are then told
 * they may have missed some, and should re-read what they keep), and an instance also hears its own, so
 * a handler must be idempotent. Anything that must not be lost belongs in a table, with news only
 * saying "look".
 */
export interface InstanceNews {
  /**
   * Sends `payload` (JSON text, under 8000 bytes as NOTIFY requires: send ids, not records) on `channel`.
   * With `within` a Kysely transaction it is sent when that transaction commits; otherwise at once.
   */
  publish(channel: string, payload: string, within?: Kysely<DB>): Promise<void>;
  /** Calls `onNews` for each payload published on `channel` by any instance; returns how to stop. */
  subscribe(channel: string, onNews: NewsHandler, onMissedNews?: MissedNewsHandler): Unsubscribe;
  /** Resolves once every channel subscribed so far is being listened to. */
  ready(): Promise<void>;
  /** Stops listening; nothing is delivered afterwards. */
  close(): Promise<void>;
}

export type NewsHandler = (payload: string) => void;
/** The instance may have missed news on the channel (its connection was lost and is back). */
export type MissedNewsHandler = () => void;
export type Unsubscribe = () => void;

/** Where news reports a failing handler or a lost connection (the app's logger). */
export type NewsLog = {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
};
export const silentNewsLog: NewsLog = { warn() {}, error() {} };

/** PostgreSQL's limit: a NOTIFY payload must be shorter than 8000 bytes (in the server's encoding, UTF-8). */
export const maxPayloadBytes = 7999;

/** Lower-case names with dots, like `auth.signed_in`; at most 63 bytes (NAMEDATALEN), as LISTEN requires. */
const channelPattern = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/;

export function checkChannel(channel: string): void {
  if (channel.length > 63 || !channelPattern.test(channel))
    throw new RangeError(
      `Invalid news channel ${JSON.stringify(channel)}: use a-z, 0-9, _ and dots, up to 63`,
    );
}

export function checkPayload(channel: string, payload: string): void {
  const bytes = Buffer.byteLength(payload, "utf8");
  if (bytes > maxPayloadBytes)
    throw new RangeError(
      `News on ${channel} is ${bytes} bytes; NOTIFY takes at most ${maxPayloadBytes}: send ids and let subscribers read the rest`,
    );
}

type Subscriber = { onNews: NewsHandler; onMissedNews: MissedNewsHandler | undefined };

/** The subscribers of each channel, shared by both implementations. One failing handler never stops the rest. */
export class Subscribers {
  readonly #byChannel = new Map<string, Set<Subscriber>>();

  constructor(private readonly log: NewsLog) {}

  /** Adds one; `first` says whether the channel had none before (PostgreSQL then starts to LISTEN). */
  add(channel: string, onNews: NewsHandler, onMissedNews?: MissedNewsHandler) {
    checkChannel(channel);
    let set = this.#byChannel.get(channel);
    const first = set === undefined;
    if (!set) {
      set = new Set();
      this.#byChannel.set(channel, set);
    }
    const subscriber: Subscriber = { onNews, onMissedNews };
    set.add(subscriber);
    /** Returns whether the channel has no subscriber left. */
    const remove = (): boolean => {
      const current = this.#byChannel.get(channel);
      if (!current?.delete(subscriber) || current.size > 0) return false;
      this.#byChannel.delete(channel);
      return true;
    };
    return { first, remove };
  }

  channels(): string[] {
    return [...this.#byChannel.keys()];
  }

  has(channel: string): boolean {
    return this.#byChannel.has(channel);
  }

  deliver(channel: string, payload: string): void {
    for (const subscriber of [...(this.#byChannel.get(channel) ?? [])])
      this.#call(channel, () => subscriber.onNews(payload));
  }

  /** Tells every subscriber of every channel that news may have been lost. */
  missed(): void {
    for (const [channel, set] of this.#byChannel)
      for (const subscriber of [...set]) {
        const { onMissedNews } = subscriber;
        if (onMissedNews) this.#call(channel, onMissedNews);
      }
  }

  clear(): void {
    this.#byChannel.clear();
  }

  #call(channel: string, handler: () => void): void {
    try {
      handler();
    } catch (error) {
      this.log.error({ err: error, channel }, "A news handler failed");
    }
  }
}
