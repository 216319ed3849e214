import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config/config.js";
import { type Database, openPostgres } from "../db/database.js";
import { type ApiApp, buildApp } from "../server/app.js";
import { type BackgroundWork, startBackgroundWork } from "../server/background-work.js";
import { freshPostgresUrl, hasPostgres } from "../test/databases.js";
import { type Dovecot, startDovecot } from "../test/dovecot.js";
import { createTestUser, type TestUser } from "../test/http.js";
import { arrivalsByMessageId, headerOf, rawMail } from "../test/raw-mail.js";
import { type SmtpSink, startSmtpSink } from "../test/smtp-sink.js";

/**
 * Two instances of the server on one PostgreSQL database (each its own pool, app and background work), both
 * watching the same IMAP mailbox and both sending through one relay: every message makes one ticket, and
 * every mail reaches the relay once. (PGlite is one process; races only show here.)
 */
describe.runIf(hasPostgres())("mail channel on two instances [postgres]", { timeout: 60_000 }, () => {
  const count = 60;
  const user = "support";
  const address = "support@desk.example";
  let dovecot: Dovecot;
  let sink: SmtpSink;
  let dataDir: string;
  const databases: Database[] = [];
  const apps: ApiApp[] = [];
  const backgrounds: BackgroundWork[] = [];
  const logs: { msg?: string }[][] = [[], []];
  let admin: TestUser;

  beforeAll(async () => {
    [dovecot, sink] = await Promise.all([startDovecot(), startSmtpSink()]);
    await dovecot.addUser(user, `pw-${randomUUID()}`);
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "ticketdesk-two-"));
    const url = await freshPostgresUrl();
    const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: url, SMTP_URL: sink.smtpUrl });
    for (const i of [0, 1]) {
      const database = await openPostgres(url, 10);
      databases.push(database);
      const logStream = new Writable({
        write(chunk: Buffer, _encoding, done) {
          for (const line of chunk.toString().split("\n")) if (line) logs[i]?.push(JSON.parse(line));
          done();
        },
      });
      apps.push(await buildApp({ config, database, logger: true, logStream }));
    }
    admin = await createTestUser(app(0), { role: "admin" });
    const created = await app(0).inject({
      method: "POST",
      url: "/api/v1/mailboxes",
      headers: admin.headers,
      payload: { name: "Support", address, imap: dovecot.settings(user) },
    });
    expect(created.statusCode).toBe(201);
    for (const a of apps)
      backgrounds.push(await startBackgroundWork(a.ctx, { pollMs: 100, imapPollMs: 500 }));
  }, 60_000);

  afterAll(async () => {
    await Promise.allSettled(backgrounds.map((b) => b.close()));
    await Promise.allSettled(apps.map((a) => a.close()));
    await Promise.allSettled(databases.map((d) => d.close()));
    await Promise.allSettled([dovecot?.stop(), sink?.stop()]);
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  function app(i: number): ApiApp {
    const found = apps[i];
    if (!found) throw new Error(`no instance ${i}`);
    return found;
  }
  const db = () => app(0).ctx.db;

  /** Outbox rows and email.send jobs not finished yet: while there are any, mail may still go out. */
  async function unsettled(): Promise<number> {
    const { rows } = await sql<{ n: number }>`
      select (select count(*) from outbound_mails where status in ('queued', 'sending'))::int
        + (select count(*) from jobs where name = 'email.send' and status in ('queued', 'running'))::int as n`.execute(
      db(),
    );
    return rows[0]?.n ?? -1;
  }

  const messageIds = Array.from({ length: count }, (_, i) => `m${i}-${randomUUID()}@customer${i}.example`);

  it("makes one ticket per message from a mailbox both instances watch, and acknowledges each once", async () => {
    // Both watchers are connected and idling before the mail comes, so they race for every message.
    await expect
      .poll(() => logs.map((lines) => lines.some((l) => l.msg === "IMAP mailbox connected")), {
        timeout: 20_000,
      })
      .toEqual([true, true]);
    await dovecot.deliverAll(
      user,
      messageIds.map((messageId, i) =>
        rawMail({
          // One sender each: the loop guard caps automatic mail at 10 an hour per address.
          from: `Customer ${i} <customer${i}@customer${i}.example>`,
          to: address,
          subject: `Two instances ${i}`,
          messageId,
          text: `Message number ${i}.`,
        }),
      ),
    );

    await expect
      .poll(async () => (await dovecot.messages(user)).filter((m) => m.seen).length, { timeout: 40_000 })
      .toBe(count);
    const tickets = await db()
      .selectFrom("tickets")
      .select(["subject"])
      .where("subject", "like", "Two instances %")
      .execute();
    expect(tickets.map((t) => t.subject).sort()).toEqual(
      Array.from({ length: count }, (_, i) => `Two instances ${i}`).sort(),
    );
    const inbound = await db()
      .selectFrom("inbound_mails")
      .select(["message_id", "status", "ticket_id"])
      .execute();
    expect(inbound).toHaveLength(count);
    expect(inbound.every((m) => m.status === "processed" && m.ticket_id)).toBe(true);

    // Each acknowledgement is written by its ticket's creation job, then sent: wait for all to exist first.
    await expect
      .poll(async () => (await db().selectFrom("outbound_mails").select("id").execute()).length, {
        timeout: 40_000,
      })
      .toBe(count);
    await expect.poll(unsettled, { timeout: 40_000 }).toBe(0);
    const acks = sink.messages.filter((m) => /^Auto-Submitted: auto-replied$/im.test(m.raw.toString()));
    const answered = acks.map((m) => (headerOf(m, "In-Reply-To") ?? "").replace(/^<|>$/g, ""));
    expect(answered.sort()).toEqual([...messageIds].sort());
    expect([...arrivalsByMessageId(sink.messages).values()].every((n) => n === 1)).toBe(true);
    const outbox = await db().selectFrom("outbound_mails").select(["status"]).execute();
    expect(outbox.map((o) => o.status)).toEqual(Array(count).fill("sent"));
  });

  it("delivers each of 60 agent replies, posted through both instances, exactly once", async () => {
    const before = sink.messages.length;
    const tickets = await db()
      .selectFrom("tickets")
      .select(["id", "subject"])
      .where("subject", "like", "Two instances %")
      .orderBy("subject")
      .execute();
    expect(tickets).toHaveLength(count);
    const texts = tickets.map((t) => `Answer to ${t.subject}: ${randomUUID()}`);
    for (let i = 0; i < count; i += 10)
      await Promise.all(
        tickets.slice(i, i + 10).map(async (ticket, j) => {
          const response = await app((i + j) % 2).inject({
            method: "POST",
            url: `/api/v1/tickets/${ticket.id}/comments`,
            headers: admin.headers,
            payload: { text: texts[i + j] },
          });
          expect(response.statusCode).toBe(201);
        }),
      );

    await expect.poll(unsettled, { timeout: 40_000 }).toBe(0);
    const replies = sink.messages.slice(before);
    expect(replies).toHaveLength(count);
    for (const text of texts)
      expect(replies.filter((m) => m.raw.toString().includes(text.slice(-36))).length, text).toBe(1);
    const arrivals = arrivalsByMessageId(sink.messages);
    expect(arrivals.size).toBe(2 * count);
    expect([...arrivals.values()].every((n) => n === 1)).toBe(true);
    const sent = await db()
      .selectFrom("outbound_mails")
      .select(({ fn }) => fn.countAll<number>().as("n"))
      .where("status", "=", "sent")
      .executeTakeFirstOrThrow();
    expect(Number(sent.n)).toBe(2 * count);
  });
});
