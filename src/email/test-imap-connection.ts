import { describeImapFailure } from "./imap-failure.js";
import { createImapClient, type ImapSettings } from "./imap-settings.js";

export type ImapConnectionCheck =
  | { ok: true; messages: number; idle: boolean }
  | { ok: false; reason: string };

/**
 * Logs in, opens the folder read-only and logs out: what `POST /mailboxes/{id}/test` reports. Never throws;
 * a failure comes back as a plain reason (see describeImapFailure) that never holds the password.
 */
export async function testImapConnection(
  settings: ImapSettings,
  timeoutMs = 15_000,
): Promise<ImapConnectionCheck> {
  const client = createImapClient(settings, { connectMs: timeoutMs, socketMs: timeoutMs });
  let timer: NodeJS.Timeout | undefined;
  // imapflow's own timeouts cover each phase; this bounds the whole check, e.g. a server that accepts the
  // connection and then answers nothing after login.
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })), timeoutMs);
  });
  const check = async (): Promise<ImapConnectionCheck> => {
    await client.connect();
    const mailbox = await client.mailboxOpen(settings.folder, { readOnly: true });
    return { ok: true, messages: mailbox.exists, idle: client.capabilities.has("IDLE") };
  };
  const checking = check();
  checking.catch(() => {}); // when the deadline wins, the check's own rejection is not wanted
  try {
    return await Promise.race([checking, deadline]);
  } catch (error) {
    return { ok: false, reason: describeImapFailure(error, settings.password) };
  } finally {
    clearTimeout(timer);
    if (client.usable) await client.logout().catch(() => client.close());
    else client.close();
  }
}
