import type { MailboxesTable, Updateable } from "../db/schema.js";
import type { Page } from "../directory/directory.schema.js";
import { isForeignKeyViolation, isUniqueViolation } from "../directory/pg-errors.js";
import type { AppContext } from "../server/context.js";
import { ConflictError, NotFoundError, ValidationError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import { testImapConnection } from "./imap-watcher.js";
import {
  countMailboxes,
  deleteMailboxRow,
  findMailboxById,
  findMailboxCredentials,
  findMailboxes,
  insertMailbox,
  type MailboxRow,
  updateMailboxRow,
} from "./mailbox.repository.js";
import type { CreateMailboxInput, MailboxView, UpdateMailboxInput } from "./mailbox.schema.js";

/** Every instance's mail channel re-reads its mailboxes on this news (mail-channel.ts). */
export const mailboxesChangedChannel = "email.mailboxes_changed";

async function announce(ctx: AppContext): Promise<void> {
  await ctx.news.publish(mailboxesChangedChannel, "");
}

const addressTaken = (address: string) =>
  new ConflictError(`A mailbox for ${address} already exists`, [
    { field: "address", message: "is already taken" },
  ]);
const teamGone = () => ValidationError.field("team_id", "no such team");

export function presentMailbox(row: MailboxRow): MailboxView {
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    team: row.team_id && row.team_name ? { id: row.team_id, name: row.team_name } : null,
    is_active: row.is_active,
    imap:
      row.imap_host && row.imap_port && row.imap_user
        ? {
            host: row.imap_host,
            port: row.imap_port,
            secure: row.imap_secure,
            user: row.imap_user,
            folder: row.imap_folder,
            has_password: row.has_password,
          }
        : null,
    last_fetch_at: row.last_fetch_at,
    last_error: row.last_error,
    last_error_at: row.last_error_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export async function findMailboxPage(ctx: AppContext, page: Page) {
  const [rows, count] = await Promise.all([findMailboxes(ctx.db, page), countMailboxes(ctx.db)]);
  return { count, results: rows.map(presentMailbox) };
}

export async function getMailbox(ctx: AppContext, id: string): Promise<MailboxView> {
  const row = await findMailboxById(ctx.db, id);
  if (!row) throw new NotFoundError("Mailbox", id);
  return presentMailbox(row);
}

function imapColumns(imap: UpdateMailboxInput["imap"]): Updateable<MailboxesTable> {
  if (imap === undefined) return {};
  if (imap === null)
    return { imap_host: null, imap_port: null, imap_user: null, imap_password: null, imap_folder: "INBOX" };
  return {
    imap_host: imap.host,
    imap_port: imap.port,
    imap_secure: imap.secure,
    imap_user: imap.user,
    imap_folder: imap.folder,
    // Left out on update: the stored password stays.
    ...(imap.password === undefined ? {} : { imap_password: imap.password }),
    // New settings start with a clean slate: the last error was about the old ones.
    last_error: null,
    last_error_at: null,
  };
}

async function write<T>(address: string | undefined, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (isUniqueViolation(error) && address) throw addressTaken(address);
    if (isForeignKeyViolation(error)) throw teamGone();
    throw error;
  }
}

export async function createMailbox(ctx: AppContext, input: CreateMailboxInput): Promise<MailboxView> {
  const id = newId();
  await write(input.address, () =>
    insertMailbox(ctx.db, {
      id,
      name: input.name,
      address: input.address,
      team_id: input.team_id ?? null,
      is_active: input.is_active,
      ...imapColumns(input.imap ?? null),
    }),
  );
  await announce(ctx);
  return getMailbox(ctx, id);
}

export async function updateMailbox(
  ctx: AppContext,
  id: string,
  input: UpdateMailboxInput,
): Promise<MailboxView> {
  const current = await getMailbox(ctx, id);
  if (input.imap && input.imap.password === undefined && !current.imap?.has_password)
    throw ValidationError.field("imap.password", "is required for a new IMAP account");
  const { imap, ...plain } = input;
  await write(input.address, () => updateMailboxRow(ctx.db, id, { ...plain, ...imapColumns(imap) }));
  await announce(ctx);
  return getMailbox(ctx, id);
}

/** Mail already received keeps its tickets and raw messages; the mailbox reference becomes empty. */
export async function deleteMailbox(ctx: AppContext, id: string): Promise<void> {
  if (!(await deleteMailboxRow(ctx.db, id))) throw new NotFoundError("Mailbox", id);
  await announce(ctx);
}

/** POST /mailboxes/{id}/test: logs in with the stored settings and says what failed, never with the password. */
export async function testMailbox(ctx: AppContext, id: string) {
  const settings = await findMailboxCredentials(ctx.db, id);
  if (!settings) throw new NotFoundError("Mailbox", id);
  const { imap_host, imap_port, imap_user, imap_password } = settings;
  if (!imap_host || !imap_port || !imap_user || !imap_password)
    throw ValidationError.field("imap", "this mailbox has no IMAP account to test");
  const result = await testImapConnection({
    host: imap_host,
    port: imap_port,
    secure: settings.imap_secure,
    user: imap_user,
    password: imap_password,
    folder: settings.imap_folder,
  });
  return result.ok
    ? { ok: true, reason: null, messages: result.messages, idle: result.idle }
    : { ok: false, reason: result.reason, messages: null, idle: null };
}
