import { setTimeout as delay } from "node:timers/promises";
import type { ImapFlow } from "imapflow";
import { describeImapFailure, redact } from "./imap-failure.js";
import { createImapClient, type ImapSettings, type ImapTimeouts } from "./imap-settings.js";

export type { ImapSettings } from "./imap-settings.js";
export { type ImapConnectionCheck, testImapConnection } from "./test-imap-connection.js";

export type ImapStatus = { lastFetchAt: Date | null; lastError: string | null };

export type ImapMessageInfo = {
  uid: number;
  uidValidity: bigint;
  /** The message's size on the server, in bytes. */
  size: number;
  /** true when the message was larger than `maxMessageBytes` and `raw` holds only its first bytes. */
  truncated: boolean;
};

type LogFn = (fields: object, message: string) => void;
/** A pino logger fits. */
export type WatcherLog = { info: LogFn; warn: LogFn; error: LogFn };

export type ImapWatcherOptions = {
  settings: ImapSettings;
  /**
   * Called for each unseen message, one at a time in UID order. The contract:
   * - Resolve only once the message's ticket or comment, or a failed-mail record of it, has COMMITTED. Only
   *   then is the message flagged \Seen. A message that can never become a ticket (unparseable, refused)
   *   must be recorded as failed and resolve, or it blocks the mailbox.
   * - Reject only for a passing failure (database down). The message stays unseen and the round stops
   *   there, so later messages wait behind it and keep their order (a reply never overtakes its ticket); it
   *   is tried again after a backoff (1 s doubling to 60 s).
   * - Be idempotent by Message-ID. The same message can arrive twice: when the process dies between the
   *   commit and \Seen, when the connection drops in that gap, or when two watchers (two instances) read
   *   one mailbox at once.
   */
  onMessage: (raw: Buffer, info: ImapMessageInfo) => Promise<void>;
  /** After every successful fetch round and every error. */
  onStatus?: (status: ImapStatus) => void;
  log: WatcherLog;
  /** How often to look for mail when the server lacks IDLE, and the safety net when it has it. */
  pollMs?: number;
  /**
   * Messages larger than this arrive truncated to it, flagged `truncated`, so one huge mail can neither
   * exhaust memory nor block the mailbox; the intake keeps its headers and says what was cut.
   */
  maxMessageBytes?: number;
  /** Waits between reconnects and between retries of a rejected message: doubling from initialMs to maxMs. */
  backoff?: { initialMs: number; maxMs: number };
  timeouts?: ImapTimeouts;
  signal?: AbortSignal;
};

const defaults = {
  pollMs: 30_000,
  maxMessageBytes: 40 * 1024 * 1024,
  backoff: { initialMs: 1000, maxMs: 60_000 },
  timeouts: { connectMs: 30_000, socketMs: 5 * 60_000 },
};

/**
 * Watches one IMAP folder: IDLE where the server has it, else a poll every `pollMs`; each unseen message
 * goes to `onMessage` and is flagged \Seen once that resolves. Any connection failure is logged, reported
 * through `onStatus` and retried with backoff; nothing it does rejects or emits unhandled.
 */
export class ImapWatcher {
  readonly #options: ImapWatcherOptions;
  readonly #pollMs: number;
  readonly #maxMessageBytes: number;
  readonly #backoff: { initialMs: number; maxMs: number };
  readonly #halt = new AbortController();
  readonly #news = new Wakeup();
  #status: ImapStatus = { lastFetchAt: null, lastError: null };
  #running: Promise<void> | null = null;
  #connecting: ImapFlow | null = null;
  #onAbort = () => void this.stop();

  constructor(options: ImapWatcherOptions) {
    this.#options = options;
    this.#pollMs = options.pollMs ?? defaults.pollMs;
    this.#maxMessageBytes = options.maxMessageBytes ?? defaults.maxMessageBytes;
    this.#backoff = options.backoff ?? defaults.backoff;
  }

  get status(): ImapStatus {
    return { ...this.#status };
  }

  /** Starts watching; a stopped watcher stays stopped. */
  start(): void {
    if (this.#running || this.#halt.signal.aborted) return;
    const { signal } = this.#options;
    if (signal?.aborted) return;
    signal?.addEventListener("abort", this.#onAbort, { once: true });
    this.#running = this.#run();
  }

  /** Lets a message being handled finish (and be flagged \Seen), then logs out. Never rejects. */
  async stop(): Promise<void> {
    this.#halt.abort();
    this.#options.signal?.removeEventListener("abort", this.#onAbort);
    this.#news.set();
    // A connect in progress has nothing to finish; anything later ends at the next check of #stopping.
    this.#connecting?.close();
    await this.#running;
  }

  get #stopping(): boolean {
    return this.#halt.signal.aborted;
  }

  get #where(): object {
    const { user, host, port, folder } = this.#options.settings;
    return { mailbox: `${user}@${host}:${port}/${folder}` };
  }

  async #run(): Promise<void> {
    let failures = 0;
    while (!this.#stopping) {
      const client = createImapClient(this.#options.settings, this.#options.timeouts ?? defaults.timeouts);
      try {
        await this.#session(client, () => {
          failures = 0;
        });
      } catch (error) {
        if (this.#stopping) break;
        const reason = describeImapFailure(error, this.#options.settings.password);
        const retryInMs = this.#delay(failures++);
        this.#options.log.warn({ ...this.#where, reason, retryInMs }, "IMAP connection failed; reconnecting");
        this.#report({ lastError: reason });
        await this.#pause(retryInMs);
      } finally {
        await closeQuietly(client);
      }
    }
    this.#options.log.info(this.#where, "IMAP watcher stopped");
  }

  /** One connection, from login until it fails or the watcher stops. */
  async #session(client: ImapFlow, onRoundDone: () => void): Promise<void> {
    this.#connecting = client;
    try {
      await client.connect();
      await client.mailboxOpen(this.#options.settings.folder);
    } finally {
      this.#connecting = null;
    }
    const idle = client.capabilities.has("IDLE");
    this.#options.log.info({ ...this.#where, idle }, "IMAP mailbox connected");
    client.on("exists", () => this.#news.set());
    client.on("close", () => this.#news.set());
    let rejections = 0;
    while (!this.#stopping) {
      // Mail that arrives from here on, even during this round, makes the next wait end at once.
      this.#news.clear();
      const rejected = await this.#fetchRound(client);
      onRoundDone();
      if (rejected) {
        const retryInMs = this.#delay(rejections++);
        this.#report({ lastFetchAt: new Date(), lastError: rejected });
        await this.#pause(retryInMs);
        continue;
      }
      rejections = 0;
      this.#report({ lastFetchAt: new Date(), lastError: null });
      if (idle && !this.#news.isSet && !this.#stopping) {
        // Ended by the next command we send (imapflow breaks IDLE first) or by logout.
        client.idle().catch(() => {});
      }
      await this.#news.wait(this.#pollMs);
      if (!client.usable && !this.#stopping)
        throw Object.assign(new Error("connection closed"), { code: "NoConnection" });
    }
  }

  /** Hands every unseen message on in UID order; returns why one was rejected, or null. */
  async #fetchRound(client: ImapFlow): Promise<string | null> {
    const found = await client.search({ seen: false }, { uid: true });
    if (!Array.isArray(found)) throw new Error("SEARCH UNSEEN failed");
    for (const uid of [...found].sort((a, b) => a - b)) {
      if (this.#stopping) return null;
      const message = await this.#download(client, uid);
      if (!message) continue; // expunged meanwhile
      if (this.#stopping) return null; // not handed on, so still unseen: the next run takes it
      const uidValidity = client.mailbox ? client.mailbox.uidValidity : 0n;
      try {
        await this.#options.onMessage(message.raw, {
          uid,
          uidValidity,
          size: message.size,
          truncated: message.truncated,
        });
      } catch (error) {
        const reason = `message UID ${uid} not taken in: ${redact(messageOf(error), this.#options.settings.password)}`;
        this.#options.log.error(
          { ...this.#where, uid, reason },
          "Inbound message failed; it stays unseen and is retried",
        );
        return reason;
      }
      if (!(await client.messageFlagsAdd(String(uid), ["\\Seen"], { uid: true }))) {
        throw new Error(`STORE \\Seen failed for UID ${uid}`);
      }
    }
    return null;
  }

  async #download(client: ImapFlow, uid: number) {
    // download() fetches with BODY.PEEK, so reading does not flag \Seen: only a committed intake does.
    const download = await client.download(String(uid), undefined, {
      uid: true,
      maxBytes: this.#maxMessageBytes,
    });
    if (!download.content) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of download.content) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const size = Math.max(download.meta.expectedSize ?? 0, raw.length);
    return { raw, size, truncated: size > raw.length };
  }

  #delay(attempt: number): number {
    const { initialMs, maxMs } = this.#backoff;
    return Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  }

  /** Sleeps, but no longer than until stop(). */
  async #pause(ms: number): Promise<void> {
    await delay(ms, undefined, { signal: this.#halt.signal }).catch(() => {});
  }

  #report(change: Partial<ImapStatus>): void {
    this.#status = { ...this.#status, ...change };
    try {
      this.#options.onStatus?.({ ...this.#status });
    } catch (error) {
      this.#options.log.warn({ ...this.#where, reason: messageOf(error) }, "IMAP status listener threw");
    }
  }
}

/** A latch: set() ends the current wait, or the next one if nobody waits yet. */
class Wakeup {
  #pending = false;
  #wake: (() => void) | null = null;

  get isSet(): boolean {
    return this.#pending;
  }

  set(): void {
    this.#pending = true;
    this.#wake?.();
  }

  clear(): void {
    this.#pending = false;
  }

  wait(ms: number): Promise<void> {
    if (this.#pending) {
      this.#pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = null;
        this.#pending = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = done;
    });
  }
}

async function closeQuietly(client: ImapFlow): Promise<void> {
  if (!client.usable) {
    client.close();
    return;
  }
  const timer = setTimeout(() => client.close(), 5000);
  await client.logout().catch(() => client.close());
  clearTimeout(timer);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
