import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import type { Kysely } from "kysely";
import { insertAttachments } from "../attachments/attachment.repository.js";
import { detectContentType } from "../attachments/content-type.js";
import { sanitizeFileName } from "../attachments/file-name.js";
import { lockTicketForComment } from "../comments/comment.repository.js";
import { recordComment } from "../comments/record-comment.js";
import type { DB } from "../db/schema.js";
import type { AppContext } from "../server/context.js";
import { newId } from "../shared/ids.js";
import { moveSlaClock, readSlaBeforeChange } from "../sla/sla-clock.js";
import { recordNewTicket } from "../tickets/create-ticket.js";
import { lockTicketForReply, updateTicketRow } from "../tickets/ticket.repository.js";
import { insertTicketEvents } from "../tickets/ticket-event.repository.js";
import { decideNewTicket, decideTicketChange } from "../tickets/ticket-rules.js";
import { parseVerpAddress } from "./bounce-address.js";
import {
  decideInboundMail,
  type InboundDecision,
  type InboundFacts,
  type ThreadTicket,
} from "./decide-inbound-mail.js";
import {
  failInboundMail,
  findActiveUserByEmail,
  findBouncedMail,
  findCategoryRoute,
  findCompanyByDomain,
  findContactsByEmail,
  findInboundMail,
  findInboundMailByMessageId,
  findThreadTicketById,
  findThreadTicketByMessageIds,
  findThreadTicketByNumber,
  findUserRole,
  finishInboundMail,
  insertContactOnce,
  insertInboundMail,
  isOurOutboundMessageId,
  lockInboundMail,
  markAddressBouncing,
  markOutboundBounced,
  unsortedCompanyId,
} from "./inbound-mail.repository.js";
import { mailSecret } from "./mail-secret.js";
import { findActiveMailboxAddresses, findMailboxTeam } from "./mailbox.repository.js";
import { ticketIdFromMessageId } from "./message-id.js";
import { type InboundMail, parseInboundMail } from "./parse-inbound-mail.js";
import { queueMailsForInbound } from "./queue-mail.js";
import { cleanSubject, ticketNumberInSubject } from "./subject.js";

/** A message still being processed after this long fails (and is retried later): it must not block the ones behind it. */
const processingTimeLimitMs = 60_000;

export type ReceivedMail = {
  raw: Buffer;
  via: "smtp" | "imap";
  mailboxId: string | null;
  envelope?: { from: string | null; to: string[] };
};

export type ReceiveResult = { id: string | null; outcome: string };

/**
 * One message that reached us, by SMTP or IMAP: kept raw first (so nothing is lost, and a second delivery of
 * the same Message-ID is ignored, rule 1), then processed. Resolves once the ticket or comment (or the
 * failure record) has committed; the listener then answers 250 and the IMAP watcher flags the message
 * seen. Never rejects for a message it could not process: that one is kept as failed mail for admins to
 * retry. It rejects only when even the raw message could not be stored (the database is down), and then
 * the sender or the IMAP server keeps the message and tries again.
 */
export async function receiveMail(ctx: AppContext, mail: ReceivedMail): Promise<ReceiveResult> {
  let parsed: InboundMail | null = null;
  let parseError: string | null = null;
  try {
    parsed = await parseInboundMail(mail.raw, { maxAttachmentBytes: ctx.config.attachmentMaxBytes });
  } catch (error) {
    parseError = `The message could not be read: ${errorText(error)}`;
  }
  const messageId = (
    parsed?.messageId || `sha256:${createHash("sha256").update(mail.raw).digest("hex")}`
  ).slice(0, 995);
  const id = await insertInboundMail(ctx.db, {
    id: newId(),
    mailbox_id: mail.mailboxId,
    message_id: messageId,
    received_via: mail.via,
    envelope_from: mail.envelope?.from ?? null,
    envelope_to: mail.envelope?.to ?? [],
    from_address: parsed?.from?.address ?? null,
    subject: parsed?.subject.slice(0, 500) ?? null,
    automatic: parsed?.automatic?.slice(0, 500) ?? null,
    raw: mail.raw,
    size: mail.raw.length,
    ...(parseError ? { status: "failed" as const, error: parseError } : {}),
  });
  if (!id) return receiveAgain(ctx, messageId);
  if (!parsed) return { id, outcome: "failed" };
  // The message as just stored, so processing need not read its raw bytes back from the database.
  const stored = { mailbox_id: mail.mailboxId, envelope_to: mail.envelope?.to ?? [], raw: mail.raw };
  return { id, outcome: await processInboundMail(ctx, id, { mail: parsed, stored }) };
}

/**
 * A Message-ID stored already. When it is still `received` (never processed: the process that stored it
 * died before the ticket committed, or another instance is processing it this moment) it is processed now,
 * because the caller confirms the message on our answer (IMAP flags it \Seen, SMTP answers 250) and must not
 * confirm one whose ticket does not exist; else it would wait for the sweep, minutes later. The row lock in
 * apply() turns the second of two concurrent tries into "duplicate". Processed, ignored or failed: ignored.
 */
async function receiveAgain(ctx: AppContext, messageId: string): Promise<ReceiveResult> {
  const stored = await findInboundMailByMessageId(ctx.db, messageId);
  if (stored?.status !== "received") return { id: null, outcome: "duplicate" };
  return { id: stored.id, outcome: await processInboundMail(ctx, stored.id) };
}

/**
 * Processes a stored message (on arrival, or again when an admin or the retry job asks). Returns the
 * outcome; a failure is recorded on the message, never thrown.
 */
export async function processInboundMail(
  ctx: AppContext,
  id: string,
  known?: {
    mail: InboundMail;
    stored: { mailbox_id: string | null; envelope_to: string[]; raw: Uint8Array };
  },
): Promise<string> {
  try {
    const row = known?.stored ?? (await findInboundMail(ctx.db, id));
    if (!row) return "gone";
    // PGlite returns bytea as a Uint8Array, pg as a Buffer: a view, not a copy.
    const raw = Buffer.from(row.raw.buffer, row.raw.byteOffset, row.raw.byteLength);
    const message =
      known?.mail ?? (await parseInboundMail(raw, { maxAttachmentBytes: ctx.config.attachmentMaxBytes }));
    return await withTimeLimit(
      async () =>
        apply(
          ctx,
          {
            id,
            mailboxId: row.mailbox_id,
            envelopeTo: row.envelope_to,
            raw,
            secret: await mailSecret(ctx),
          },
          message,
        ),
      processingTimeLimitMs,
    );
  } catch (error) {
    await failInboundMail(ctx.db, id, errorText(error).slice(0, 2000));
    ctx.log.warn({ inboundMailId: id, error: errorText(error) }, "Inbound mail could not be processed");
    return "failed";
  }
}

type SenderContacts = Awaited<ReturnType<typeof findContactsByEmail>>;
type StoredMail = {
  id: string;
  mailboxId: string | null;
  envelopeTo: string[];
  raw: Buffer;
  secret: string;
  /** The sender's contacts as the facts found them, so applying the decision does not look them up again. */
  senderContacts?: SenderContacts;
};
type StoredFile = { id: string; key: string; name: string; size: number; contentType: string };

/**
 * Files are written before the transaction (never file I/O while it holds locks, and on the embedded
 * database while it holds the only connection), and removed again unless the decision keeps them.
 */
async function apply(ctx: AppContext, stored: StoredMail, mail: InboundMail): Promise<string> {
  const files = await storeAttachments(ctx, mail);
  let kept: StoredFile[] = [];
  try {
    const original = await storeOriginal(ctx, stored);
    files.push(original);
    const applied = await ctx.db.transaction().execute(async (trx) => {
      const row = await lockInboundMail(trx, stored.id);
      // Another instance processed it meanwhile (two IMAP watchers, a retry racing the first try).
      if (!row || row.status === "processed" || row.status === "ignored")
        return { outcome: "duplicate", keep: false };
      const facts = await gatherFacts(trx, stored.secret, stored, mail);
      const decision = decideInboundMail(facts);
      return applyDecision(trx, ctx, stored, mail, { attachments: files.slice(0, -1), original }, decision);
    });
    if (applied.keep)
      kept = applied.outcome === "reply" || applied.outcome === "agent_reply" ? files.slice(0, -1) : files;
    return applied.outcome;
  } finally {
    const keep = new Set(kept);
    await ctx.storage.remove(files.filter((file) => !keep.has(file)).map((file) => file.key));
  }
}

async function storeAttachments(ctx: AppContext, mail: InboundMail): Promise<StoredFile[]> {
  const stored: StoredFile[] = [];
  try {
    for (const attachment of mail.attachments) {
      if (attachment.tooLarge || !attachment.content) continue;
      const saved = await ctx.storage.save(Readable.from([attachment.content]), {
        maxBytes: ctx.config.attachmentMaxBytes,
      });
      stored.push({
        id: newId(),
        key: saved.key,
        size: saved.size,
        name: sanitizeFileName(attachment.filename || "attachment"),
        contentType: await detectContentType(ctx.storage.pathOf(saved.key), attachment.contentType),
      });
    }
  } catch (error) {
    await ctx.storage.remove(stored.map((file) => file.key));
    throw error;
  }
  return stored;
}

async function gatherFacts(
  db: Kysely<DB>,
  secret: string,
  stored: StoredMail,
  mail: InboundMail,
): Promise<InboundFacts> {
  const alreadyStored = mail.messageId ? await isOurOutboundMessageId(db, mail.messageId) : false;

  let bounce: InboundFacts["bounce"] = null;
  if (mail.bounce) {
    const outboxId = stored.envelopeTo.map((to) => parseVerpAddress(to, secret)).find((x) => x) ?? null;
    const bounced = await findBouncedMail(db, { messageIds: mail.bounce.originalMessageIds, outboxId });
    if (bounced) {
      const { outbox_id: _o, to_address, ...ticket } = bounced;
      const recipients = mail.bounce.recipients.length > 0 ? mail.bounce.recipients : [to_address];
      bounce = { ticket, recipients, permanent: mail.bounce.permanent };
    }
  }

  const threadIds = [...mail.inReplyTo, ...[...mail.references].reverse()];
  let threadTicket: ThreadTicket | null = null;
  for (const messageId of threadIds) {
    const ticketId = ticketIdFromMessageId(messageId, secret);
    if (ticketId) {
      threadTicket = (await findThreadTicketById(db, ticketId)) ?? null;
      if (threadTicket) break;
    }
  }
  if (!threadTicket) threadTicket = (await findThreadTicketByMessageIds(db, threadIds)) ?? null;

  const number = ticketNumberInSubject(mail.subject);
  const taggedTicket = number ? ((await findThreadTicketByNumber(db, number)) ?? null) : null;

  const address = mail.from?.address ?? null;
  if (address) stored.senderContacts = await findContactsByEmail(db, address);
  const sender = address
    ? {
        address,
        user: (await findActiveUserByEmail(db, address)) ?? null,
        contactCompanyIds: (stored.senderContacts ?? []).map((contact) => contact.company_id),
      }
    : null;
  return { alreadyStored, automatic: mail.automatic, bounce, threadTicket, taggedTicket, sender };
}

type Applied = { outcome: string; keep: boolean };
type Files = { attachments: StoredFile[]; original: StoredFile };

async function applyDecision(
  trx: Kysely<DB>,
  ctx: AppContext,
  stored: StoredMail,
  mail: InboundMail,
  files: Files,
  decision: InboundDecision,
): Promise<Applied> {
  const now = new Date();
  switch (decision.kind) {
    case "ignore":
      await finishInboundMail(trx, stored.id, { status: "ignored", outcome: decision.reason });
      return { outcome: "ignored", keep: false };
    case "bounce":
      return applyBounce(trx, stored, mail, decision, now);
    case "new_ticket":
      return applyNewTicket(trx, ctx, stored, mail, files, decision, now);
    case "reply":
      return applyReply(trx, ctx, stored, mail, files, decision, now);
  }
}

async function applyBounce(
  trx: Kysely<DB>,
  stored: StoredMail,
  mail: InboundMail,
  decision: Extract<InboundDecision, { kind: "bounce" }>,
  now: Date,
): Promise<Applied> {
  const ticket = await lockTicketForComment(trx, decision.ticketId);
  if (!ticket) {
    await finishInboundMail(trx, stored.id, {
      status: "ignored",
      outcome: "bounce of a deleted ticket's mail",
    });
    return { outcome: "ignored", keep: false };
  }
  const report = mail.bounce;
  const reason = [report?.status, report?.diagnostic].filter(Boolean).join(" ") || "no reason given";
  const commentId = newId();
  await recordComment(trx, ticket, {
    id: commentId,
    ticket_id: decision.ticketId,
    text: `Mail to ${decision.recipients.join(", ")} could not be delivered${decision.permanent ? "" : " yet"}: ${reason}`,
    is_internal: true,
    channel: "email",
    author: null,
    author_contact_id: null,
    at: now,
  });
  if (decision.permanent) {
    for (const address of decision.recipients) await markAddressBouncing(trx, address.toLowerCase(), reason);
    const outboxId = (
      await findBouncedMail(trx, { messageIds: report?.originalMessageIds ?? [], outboxId: null })
    )?.outbox_id;
    if (outboxId) await markOutboundBounced(trx, outboxId, `Bounced: ${reason}`);
  }
  await finishInboundMail(trx, stored.id, {
    status: "processed",
    outcome: "bounce",
    ticket_id: decision.ticketId,
    comment_id: commentId,
  });
  return { outcome: "bounce", keep: false };
}

/** Rule 4: the sender as a contact: known by address, else new under the company of their domain, else "Unsorted". */
async function senderContact(
  trx: Kysely<DB>,
  stored: StoredMail,
  mail: InboundMail,
  preferCompanyId: string | null,
): Promise<{ id: string; company_id: string } | null> {
  const from = mail.from;
  if (!from) return null;
  const known = stored.senderContacts ?? (await findContactsByEmail(trx, from.address));
  const match = known.find((contact) => contact.company_id === preferCompanyId) ?? known[0];
  if (match) return match;
  const domain = from.address.split("@")[1] ?? "";
  const companyId =
    preferCompanyId ??
    (await findCompanyByDomain(trx, domain))?.id ??
    (await unsortedCompanyId(trx, newId()));
  const name = (from.name || from.address.split("@")[0] || from.address).slice(0, 200);
  const id = await insertContactOnce(trx, { id: newId(), company_id: companyId, name, email: from.address });
  return { id, company_id: companyId };
}

async function applyNewTicket(
  trx: Kysely<DB>,
  ctx: AppContext,
  stored: StoredMail,
  mail: InboundMail,
  files: Files,
  decision: Extract<InboundDecision, { kind: "new_ticket" }>,
  now: Date,
): Promise<Applied> {
  const contact = await senderContact(trx, stored, mail, null);
  const companyId = contact?.company_id ?? (await unsortedCompanyId(trx, newId()));
  const mailbox = stored.mailboxId ? await findMailboxTeam(trx, stored.mailboxId) : undefined;
  const category = (await findCategoryRoute(trx, "general")) ?? { key: "general", default_team_id: null };
  const { status, assigned_team } = decideNewTicket({
    category,
    assigned_team: mailbox?.team_id ?? null,
    assignee: null,
  });
  const ours = new Set(await findActiveMailboxAddresses(trx));
  const cc = [...mail.to, ...mail.cc]
    .map((a) => a.address)
    .filter(
      (address, i, all) => !ours.has(address) && address !== mail.from?.address && all.indexOf(address) === i,
    )
    .slice(0, 50);
  const ticketId = newId();
  const number = ticketNumberInSubject(mail.subject);
  await recordNewTicket(
    trx,
    {
      id: ticketId,
      // A follow-up or a stranger's tagged mail: the old ticket's tag and "Re:" would only mislead here.
      subject: ((number ? cleanSubject(mail.subject) : mail.subject.trim()) || "(no subject)").slice(0, 200),
      description: mail.reply.trim() || mail.text.trim() || "(no text)",
      status,
      priority: "medium",
      category: category.key,
      company_id: companyId,
      contact_id: contact?.id ?? null,
      assigned_team,
      created_by: null,
      tags: [],
      channel: "email",
      follow_up_of: decision.followUpOf,
      cc,
    },
    { now, timeZone: ctx.config.timeZone, sla: ctx.sla },
  );
  await attachFiles(trx, ticketId, null, [...files.attachments, files.original], now);
  await noteSkippedFiles(trx, ticketId, mail, now);
  if (decision.followUpOf) {
    await insertTicketEvents(trx, [
      {
        ticket_id: decision.followUpOf,
        actor_id: null,
        actor_contact_id: contact?.id ?? null,
        type: "follow_up_created",
        new_value: ticketId,
        created_at: now,
      },
    ]);
  }
  // Recorded first: the mails below continue the thread of this message.
  await finishInboundMail(trx, stored.id, {
    status: "processed",
    outcome: decision.followUpOf ? "follow_up" : "new_ticket",
    ticket_id: ticketId,
  });
  // The acknowledgement and the team's notice are written by the job the ticket's insert enqueued
  // (ticket-created.job.ts): outside this transaction, which holds the day's ticket counter until it commits.
  ctx.overdue.invalidate();
  return { outcome: decision.followUpOf ? "follow_up" : "new_ticket", keep: true };
}

async function applyReply(
  trx: Kysely<DB>,
  ctx: AppContext,
  stored: StoredMail,
  mail: InboundMail,
  files: Files,
  decision: Extract<InboundDecision, { kind: "reply" }>,
  now: Date,
): Promise<Applied> {
  const current = await lockTicketForReply(trx, decision.ticketId);
  if (!current) throw new Error(`ticket ${decision.ticketId} is gone`);
  const user = decision.byUser ? await findUserRole(trx, decision.byUser) : undefined;
  const contact = user ? null : await senderContact(trx, stored, mail, current.company_id);
  const commentId = newId();
  await recordComment(trx, current, {
    id: commentId,
    ticket_id: decision.ticketId,
    text: mail.reply.trim() || mail.text.trim() || "(no text)",
    is_internal: false,
    channel: "email",
    author: user ?? null,
    author_contact_id: contact?.id ?? null,
    at: now,
  });
  // Rule 6, decided again on the locked row: the ticket may have moved since the facts were read.
  const status = user ? null : decision.status && current.status === "closed" ? null : decision.status;
  if (status && status !== current.status) {
    const change = decideTicketChange(current, { status }, { role: "agent" }, now);
    const slaBefore = await readSlaBeforeChange(trx, decision.ticketId);
    await updateTicketRow(trx, decision.ticketId, change.patch);
    if (slaBefore) await moveSlaClock(trx, ctx.sla, slaBefore, { ...current, ...change.patch }, now);
    await insertTicketEvents(
      trx,
      change.changes.map((c) => ({
        ticket_id: decision.ticketId,
        actor_id: null,
        actor_contact_id: contact?.id ?? null,
        type: "field_changed",
        ...c,
        created_at: now,
      })),
    );
  }
  await attachFiles(trx, decision.ticketId, commentId, files.attachments, now);
  await noteSkippedFiles(trx, decision.ticketId, mail, now);
  // Recorded first: the mails below continue the thread of this message.
  await finishInboundMail(trx, stored.id, {
    status: "processed",
    outcome: user ? "agent_reply" : "reply",
    ticket_id: decision.ticketId,
    comment_id: commentId,
  });
  await queueMailsForInbound(trx, ctx, {
    kind: user ? "agent_reply" : "customer_reply",
    ticketId: decision.ticketId,
    commentId,
    notify: decision.notify,
    inbound: mail,
    mailboxId: stored.mailboxId,
  });
  ctx.overdue.invalidate();
  return { outcome: user ? "agent_reply" : "reply", keep: true };
}

/** A new ticket's original message, as the attachment message.eml (a reply's is at /comments/{id}/source). */
async function storeOriginal(ctx: AppContext, stored: StoredMail): Promise<StoredFile> {
  // The raw message was accepted whole; it is kept whatever its size, as the record of what arrived.
  const saved = await ctx.storage.save(Readable.from([stored.raw]), { maxBytes: Number.MAX_SAFE_INTEGER });
  return {
    id: newId(),
    key: saved.key,
    size: saved.size,
    name: "message.eml",
    contentType: "message/rfc822",
  };
}

async function attachFiles(
  trx: Kysely<DB>,
  ticketId: string,
  commentId: string | null,
  files: StoredFile[],
  now: Date,
): Promise<void> {
  if (files.length === 0) return;
  await insertAttachments(
    trx,
    files.map((file) => ({
      id: file.id,
      ticket_id: ticketId,
      comment_id: commentId,
      name: file.name,
      size: file.size,
      content_type: file.contentType,
      storage_key: file.key,
      uploaded_by: null,
      created_at: now,
      updated_at: now,
    })),
  );
  await insertTicketEvents(
    trx,
    files.map((file) => ({
      ticket_id: ticketId,
      actor_id: null,
      type: "attachment_added",
      new_value: file.name,
      created_at: now,
    })),
  );
}

/** Files over the size limit are not kept; an internal note names them (SPEC §6 rule 5). */
async function noteSkippedFiles(
  trx: Kysely<DB>,
  ticketId: string,
  mail: InboundMail,
  now: Date,
): Promise<void> {
  const skipped = mail.attachments.filter((a) => a.tooLarge || !a.content);
  if (skipped.length === 0) return;
  const ticket = await lockTicketForComment(trx, ticketId);
  if (!ticket) return;
  const list = skipped.map((a) => `${a.filename || "attachment"} (${a.size} bytes)`).join(", ");
  await recordComment(trx, ticket, {
    id: newId(),
    ticket_id: ticketId,
    text: `Not attached, over the size limit: ${list}. The original message still holds them.`,
    is_internal: true,
    channel: "email",
    author: null,
    author_contact_id: null,
    at: new Date(now.getTime() + 1),
  });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function withTimeLimit<T>(work: () => Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`processing took longer than ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work(), limit]);
  } finally {
    clearTimeout(timer);
  }
}
