import { randomUUID } from "node:crypto";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { type Dovecot, freePort, startDovecot } from "../test/dovecot.js";
import {
  type ImapMessageInfo,
  type ImapSettings,
  type ImapStatus,
  ImapWatcher,
  testImapConnection,
} from "./imap-watcher.js";

let server: Dovecot;
let pollingServer: Dovecot;
const passwords: string[] = [];
const logLines: string[] = [];
const watchers: ImapWatcher[] = [];

beforeAll(async () => {
  [server, pollingServer] = await Promise.all([startDovecot(), startDovecot({ idle: false })]);
});
afterEach(async () => {
  await Promise.all(watchers.splice(0).map((watcher) => watcher.stop()));
});
afterAll(async () => {
  await Promise.all([server?.stop(), pollingServer?.stop()]);
  // Every line any watcher logged in this file, failures included.
  for (const password of passwords) expect(logLines.filter((line) => line.includes(password))).toEqual([]);
});

/** A fresh user per test, so tests never see each other's mail. */
async function newUser(on: Dovecot): Promise<string> {
  const user = `u${randomUUID().slice(0, 8)}`;
  const password = `pw-${randomUUID()}`;
  passwords.push(password);
  await on.addUser(user, password);
  return user;
}

function mail(subject: string): string {
  return [
    "From: Customer <customer@example.com>",
    "To: support@example.com",
    `Subject: ${subject}`,
    `Message-ID: <${subject}.${randomUUID()}@example.com>`,
    "Date: Mon, 1 Jun 2026 10:00:00 +0000",
    "",
    `Body of ${subject}.`,
    "",
  ].join("\r\n");
}

type Received = { subject: string; raw: Buffer; info: ImapMessageInfo };
const subjectOf = (raw: Buffer) => /^Subject: (.*)$/m.exec(raw.toString())?.[1]?.trim() ?? "";

function watch(
  settings: ImapSettings,
  overrides: { onMessage?: (raw: Buffer, info: ImapMessageInfo) => Promise<void>; pollMs?: number } & Partial<
    ConstructorParameters<typeof ImapWatcher>[0]
  > = {},
) {
  const received: Received[] = [];
  const statuses: ImapStatus[] = [];
  const log = pino({ level: "info" }, { write: (line: string) => logLines.push(line) });
  const watcher = new ImapWatcher({
    settings,
    log,
    // Long by default: a test that passes with it proves IDLE, not the safety-net poll, brought the mail.
    pollMs: 120_000,
    backoff: { initialMs: 100, maxMs: 400 },
    onStatus: (status) => statuses.push(status),
    ...overrides,
    onMessage: async (raw, info) => {
      await overrides.onMessage?.(raw, info);
      received.push({ subject: subjectOf(raw), raw, info });
    },
  });
  watchers.push(watcher);
  watcher.start();
  return { watcher, received, statuses, subjects: () => received.map((r) => r.subject) };
}

function deferred() {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe("ImapWatcher", () => {
  test("hands on mail delivered before start and while idling, once each, in UID order, then flags it seen", async () => {
    const user = await newUser(server);
    const before = [mail("one"), mail("two")];
    for (const raw of before) await server.deliver(user, raw);
    const { received, subjects, statuses } = watch(server.settings(user));

    await expect.poll(subjects).toEqual(["one", "two"]);
    await server.deliver(user, mail("three"));
    await server.deliver(user, mail("four"));

    await expect.poll(subjects).toEqual(["one", "two", "three", "four"]);
    expect(received[0]?.raw.toString()).toBe(before[0]);
    const uids = received.map((r) => r.info.uid);
    expect(uids).toEqual([...uids].sort((a, b) => a - b));
    expect(received.every((r) => r.info.uidValidity > 0n && !r.info.truncated)).toBe(true);
    await expect
      .poll(async () => [...(await server.seenFlags(user)).values()])
      .toEqual([true, true, true, true]);
    await expect
      .poll(() => statuses.at(-1))
      .toMatchObject({ lastError: null, lastFetchAt: expect.any(Date) });
    expect(logLines.some((line) => line.includes(user) && line.includes('"idle":true'))).toBe(true);
  });

  test("polls every pollMs when the server has no IDLE", async () => {
    const user = await newUser(pollingServer);
    await pollingServer.deliver(user, mail("early"));
    const { subjects } = watch(pollingServer.settings(user), { pollMs: 200 });

    await expect.poll(subjects).toEqual(["early"]);
    await pollingServer.deliver(user, mail("late"));
    await expect.poll(subjects).toEqual(["early", "late"]);
    await expect.poll(async () => [...(await pollingServer.seenFlags(user)).values()]).toEqual([true, true]);
    expect(logLines.some((line) => line.includes(user) && line.includes('"idle":false'))).toBe(true);
  });

  test("a rejected message stays unseen, holds back the ones after it and is retried until it goes in", async () => {
    const user = await newUser(server);
    await server.deliver(user, mail("flaky"));
    await server.deliver(user, mail("after"));
    const attempts: string[] = [];
    let databaseUp = false;
    const { subjects, statuses } = watch(server.settings(user), {
      onMessage: async (raw) => {
        attempts.push(subjectOf(raw));
        if (!databaseUp) throw new Error("database unavailable");
      },
    });

    await expect.poll(() => attempts.length).toBeGreaterThanOrEqual(2);
    expect(new Set(attempts)).toEqual(new Set(["flaky"]));
    expect([...(await server.seenFlags(user)).values()]).toEqual([false, false]);
    await expect.poll(() => statuses.at(-1)?.lastError).toMatch(/not taken in: database unavailable/);

    databaseUp = true;
    await expect.poll(subjects).toEqual(["flaky", "after"]);
    await expect.poll(async () => [...(await server.seenFlags(user)).values()]).toEqual([true, true]);
    await expect.poll(() => statuses.at(-1)?.lastError).toBeNull();
  });

  test("a message is not flagged seen while its handler runs, and stop() waits for the handler", async () => {
    const user = await newUser(server);
    await server.deliver(user, mail("slow"));
    const commit = deferred();
    let started = false;
    const { watcher, subjects } = watch(server.settings(user), {
      onMessage: async () => {
        started = true;
        await commit.promise;
      },
    });

    await expect.poll(() => started).toBe(true);
    let stopped = false;
    const stopping = watcher.stop().then(() => {
      stopped = true;
    });
    try {
      expect(await server.seenFlags(user)).toEqual(new Map([[1, false]]));
      expect(stopped).toBe(false);
    } finally {
      commit.resolve(); // else a failure here would leave stop() waiting for good
    }
    await stopping;
    expect(subjects()).toEqual(["slow"]);
    expect(await server.seenFlags(user)).toEqual(new Map([[1, true]]));
  });

  test("two watchers on one mailbox lose nothing (duplicates are for Message-ID dedupe downstream)", async () => {
    const user = await newUser(server);
    for (let i = 0; i < 4; i++) await server.deliver(user, mail(`before-${i}`));
    const first = watch(server.settings(user));
    const second = watch(server.settings(user));
    for (let i = 0; i < 4; i++) await server.deliver(user, mail(`during-${i}`));

    const all = [0, 1, 2, 3].flatMap((i) => [`before-${i}`, `during-${i}`]).sort();
    await expect.poll(() => [...new Set([...first.subjects(), ...second.subjects()])].sort()).toEqual(all);
    await expect.poll(async () => [...(await server.seenFlags(user)).values()].every(Boolean)).toBe(true);
  });

  test("watches several mailboxes at once, each getting only its own mail", async () => {
    const [alice, bob] = [await newUser(server), await newUser(server)];
    const halt = new AbortController();
    const a = watch(server.settings(alice), { signal: halt.signal });
    const b = watch(server.settings(bob), { signal: halt.signal });
    await server.deliver(alice, mail("for-alice"));
    await server.deliver(bob, mail("for-bob"));

    await expect.poll(a.subjects).toEqual(["for-alice"]);
    await expect.poll(b.subjects).toEqual(["for-bob"]);

    // Aborting the signal alone stops both.
    halt.abort();
    const stoppedFor = (user: string) =>
      logLines.some((l) => l.includes(`${user}@`) && l.includes("watcher stopped"));
    await expect.poll(() => stoppedFor(alice) && stoppedFor(bob)).toBe(true);
  });

  test("reconnects after the server goes away and comes back on the same port", async () => {
    const own = await startDovecot();
    try {
      const user = await newUser(own);
      const { subjects, statuses } = watch(own.settings(user));
      await own.deliver(user, mail("before-outage"));
      await expect.poll(subjects).toEqual(["before-outage"]);

      await own.kill();
      await expect.poll(() => statuses.at(-1)?.lastError).toBe("connection refused");
      const outageSeenAt = new Date();
      await own.restart();
      await own.deliver(user, mail("after-outage"));

      await expect.poll(subjects).toEqual(["before-outage", "after-outage"]);
      // The round that handed the message on reports once it has flagged it.
      await expect.poll(() => statuses.at(-1)?.lastError).toBeNull();
      expect(statuses.at(-1)?.lastFetchAt?.getTime()).toBeGreaterThanOrEqual(outageSeenAt.getTime());
    } finally {
      await own.stop();
    }
  });

  test("keeps retrying a wrong password without ever logging it", async () => {
    const user = await newUser(server);
    const wrong = `wrong-${randomUUID()}`;
    passwords.push(wrong);
    const lines = logLines.length;
    const { statuses } = watch(server.settings(user, { password: wrong }));

    await expect
      .poll(() => statuses.filter((s) => s.lastError === "authentication failed").length)
      .toBeGreaterThan(1);
    const mine = logLines.slice(lines).filter((line) => line.includes(user));
    expect(mine.some((line) => line.includes("authentication failed"))).toBe(true);
    expect(mine.filter((line) => line.includes(wrong))).toEqual([]);
  });

  test("a message over maxMessageBytes arrives truncated and marked so", async () => {
    const user = await newUser(server);
    await server.deliver(user, `${mail("big")}${"x".repeat(5000)}\r\n`);
    await server.deliver(user, mail("small"));
    const { received } = watch(server.settings(user), { maxMessageBytes: 1000 });

    await expect.poll(() => received.length).toBe(2);
    const [big, small] = received;
    expect(big?.raw.length).toBe(1000);
    expect(big?.info).toMatchObject({ truncated: true, size: expect.any(Number) });
    expect(big?.info.size).toBeGreaterThan(5000);
    expect(subjectOf(big?.raw ?? Buffer.alloc(0))).toBe("big");
    expect(small?.info.truncated).toBe(false);
  });
});

describe("testImapConnection", () => {
  let tlsServer: Dovecot;
  let user: string;
  beforeAll(async () => {
    tlsServer = await startDovecot({ tls: true });
    user = await newUser(server);
    await server.deliver(user, mail("counted"));
  });
  afterAll(async () => {
    await tlsServer?.stop();
  });

  const check = async (settings: ImapSettings) => {
    const result = await testImapConnection(settings, 10_000);
    if (!result.ok) expect(result.reason).not.toContain(settings.password);
    return result;
  };

  test("says how many messages the folder holds and whether the server has IDLE", async () => {
    expect(await check(server.settings(user))).toEqual({ ok: true, messages: 1, idle: true });
    const polled = await newUser(pollingServer);
    expect(await check(pollingServer.settings(polled))).toEqual({ ok: true, messages: 0, idle: false });
  });

  test.each([
    [
      "a wrong password",
      () => server.settings(user, { password: `bad-${randomUUID()}` }),
      "authentication failed",
    ],
    ["an unknown folder", () => server.settings(user, { folder: "Nowhere" }), "folder not found"],
    ["a closed port", async () => server.settings(user, { port: await freePort() }), "connection refused"],
    ["an unknown host", () => server.settings(user, { host: "nonexistent.invalid" }), "host not found"],
    ["TLS against the plain port", () => server.settings(user, { secure: true }), "TLS handshake failed"],
    ["a self-signed certificate", () => tlsSettings(), "certificate not trusted"],
  ])("names %s", async (_, settings: () => ImapSettings | Promise<ImapSettings>, reason) => {
    expect(await check(await settings())).toEqual({ ok: false, reason });
  });

  const tlsSettings = () => ({ ...server.settings(user), port: tlsServer.tlsPort ?? 0, secure: true });
});
