import { defineJobType, type JobType } from "../jobs/job-type.js";
import type { AppContext } from "../server/context.js";
import { type ImapSettings, ImapWatcher } from "./imap-watcher.js";
import { findRetryableInboundMailIds, findUnprocessedInboundMailIds } from "./inbound-mail.repository.js";
import { findMailboxesToWatch, recordMailboxFetch } from "./mailbox.repository.js";
import { mailboxesChangedChannel } from "./mailbox.service.js";
import { enqueueMissingSendJobs } from "./outbox.repository.js";
import { processInboundMail, receiveMail } from "./process-inbound-mail.js";
import { sendMailJobType } from "./send-mail.job.js";
import { SmtpListener } from "./smtp-listener.js";
import { createMailTransport, type MailTransport } from "./smtp-transport.js";
import { ticketCreatedJobType } from "./ticket-created.job.js";

/** The recurring sweep that processes mail left unprocessed by a crash, and retries failed mail with backoff. */
export const inboundSweepJob = "email.inbound-sweep";
const inboundSweepEveryMs = 60_000;
/** Failed mail is retried after 1, 5, 30 minutes, 2 and 6 hours, then waits for an admin (SPEC §6's schedule). */
const inboundRetryAfterMs = [60_000, 300_000, 1_800_000, 7_200_000, 21_600_000];
/** How often the list of IMAP mailboxes is read again, so added, changed or removed mailboxes take effect. */
const mailboxRefreshMs = 30_000;

export type MailChannel = {
  /** The job types the server's runner must run for mail. */
  jobTypes: JobType[];
  schedules: { name: string; everyMs: number }[];
  /** Where the SMTP listener listens, when it does. */
  smtpAddress: { port: number; host: string } | null;
  /** Reads the mailbox list again now (after an admin changed a mailbox). */
  refreshMailboxes(): Promise<void>;
  close(): Promise<void>;
};

function settingsOf(row: Awaited<ReturnType<typeof findMailboxesToWatch>>[number]): ImapSettings | null {
  if (!row.imap_host || !row.imap_port || !row.imap_user || !row.imap_password) return null;
  return {
    host: row.imap_host,
    port: row.imap_port,
    secure: row.imap_secure,
    user: row.imap_user,
    password: row.imap_password,
    folder: row.imap_folder,
  };
}

/**
 * Starts what the email channel runs beside the HTTP server: the SMTP listener (SMTP_LISTEN_PORT), one
 * IMAP watcher per active mailbox with an IMAP account, and the job types that send mail (only with
 * SMTP_URL: without it outbound mail waits, queued) and sweep inbound mail. Every instance runs all of
 * it: the listener takes what reaches it, two watchers on one mailbox give each message once (the
 * Message-ID is stored once, processing locks it), and jobs run once across instances.
 */
export async function startMailChannel(
  ctx: AppContext,
  options: { imapPollMs?: number; transport?: MailTransport } = {},
): Promise<MailChannel> {
  const watchers = new Map<string, { key: string; watcher: ImapWatcher }>();
  let listener: SmtpListener | undefined;
  let smtpAddress: MailChannel["smtpAddress"] = null;
  if (ctx.config.smtpListen) {
    listener = new SmtpListener(ctx);
    const address = await listener.listen(ctx.config.smtpListen.port, ctx.config.smtpListen.host);
    smtpAddress = { port: address.port, host: address.address };
    ctx.log.info(
      { port: address.port, host: address.address },
      "SMTP listener is taking mail for active mailboxes",
    );
  }

  // One refresh at a time: news and the timer may ask at once, and two would start two watchers.
  let refreshing: Promise<void> = Promise.resolve();
  function refreshMailboxes(): Promise<void> {
    refreshing = refreshing.catch(() => {}).then(readMailboxes);
    return refreshing;
  }

  async function readMailboxes(): Promise<void> {
    const rows = await findMailboxesToWatch(ctx.db);
    const wanted = new Map<string, { key: string; settings: ImapSettings }>();
    for (const row of rows) {
      const settings = settingsOf(row);
      if (settings) wanted.set(row.id, { key: JSON.stringify(settings), settings });
    }
    for (const [id, running] of watchers) {
      if (wanted.get(id)?.key === running.key) continue;
      watchers.delete(id);
      await running.watcher.stop();
    }
    for (const [id, { key, settings }] of wanted) {
      if (watchers.has(id)) continue;
      const watcher = new ImapWatcher({
        settings,
        log: ctx.log,
        ...(options.imapPollMs ? { pollMs: options.imapPollMs } : {}),
        onMessage: async (raw) => {
          await receiveMail(ctx, { raw, via: "imap", mailboxId: id });
        },
        onStatus: (status) => {
          recordMailboxFetch(ctx.db, id, status).catch((error: unknown) =>
            ctx.log.warn(
              { mailbox: id, error: String(error) },
              "Could not record the mailbox's fetch status",
            ),
          );
        },
      });
      watchers.set(id, { key, watcher });
      watcher.start();
    }
  }

  await refreshMailboxes().catch((error: unknown) =>
    ctx.log.error({ error: String(error) }, "Could not read the mailboxes to watch"),
  );
  // An admin's change reaches every instance's watchers at once; the timer below is the safety net.
  const refreshSoon = () => {
    refreshMailboxes().catch((error: unknown) =>
      ctx.log.warn({ error: String(error) }, "Could not read the mailboxes to watch"),
    );
  };
  const unsubscribe = ctx.news.subscribe(mailboxesChangedChannel, refreshSoon, refreshSoon);
  const refresher = setInterval(() => {
    refreshMailboxes().catch((error: unknown) =>
      ctx.log.warn({ error: String(error) }, "Could not read the mailboxes to watch"),
    );
  }, mailboxRefreshMs);
  refresher.unref();

  const transport =
    options.transport ?? (ctx.config.smtpUrl ? createMailTransport(ctx.config.smtpUrl) : undefined);
  const jobTypes: JobType[] = [inboundSweepJobType(ctx), ticketCreatedJobType(ctx) as JobType];
  const schedules = [{ name: inboundSweepJob, everyMs: inboundSweepEveryMs }];
  if (transport) {
    jobTypes.push(sendMailJobType(ctx, transport) as JobType, outboxSweepJobType(ctx));
    schedules.push({ name: outboxSweepJob, everyMs: outboxSweepEveryMs });
    // Mail queued while no server could send it goes out now, not at the sweep's first period.
    enqueueMissingSendJobs(ctx.db).catch((error: unknown) =>
      ctx.log.warn({ error: String(error) }, "Could not enqueue the outbox's waiting mail"),
    );
  } else ctx.log.warn({}, "SMTP_URL is not set: outgoing mail waits in the outbox, queued, until it is");

  return {
    jobTypes,
    schedules,
    smtpAddress,
    refreshMailboxes,
    async close() {
      unsubscribe();
      clearInterval(refresher);
      await listener?.close();
      await Promise.all([...watchers.values()].map(({ watcher }) => watcher.stop()));
      watchers.clear();
      if (!options.transport) transport?.close();
    },
  };
}

/** Queued outbox mail without a sending job (written while no server had SMTP_URL): enqueued. */
export const outboxSweepJob = "email.outbox-sweep";
const outboxSweepEveryMs = 60_000;

export function outboxSweepJobType(ctx: AppContext) {
  return defineJobType<unknown>({
    name: outboxSweepJob,
    async run() {
      await enqueueMissingSendJobs(ctx.db);
    },
  });
}

/** Mail stored but never processed (a crash between the two) and failed mail due for another try. */
export function inboundSweepJobType(ctx: AppContext) {
  return defineJobType<unknown>({
    name: inboundSweepJob,
    timeoutMs: 300_000,
    async run() {
      const now = Date.now();
      const stranded = await findUnprocessedInboundMailIds(ctx.db, new Date(now - 120_000));
      const due = await findRetryableInboundMailIds(ctx.db, inboundRetryAfterMs, new Date(now));
      for (const id of [...stranded, ...due]) await processInboundMail(ctx, id);
    },
  });
}
