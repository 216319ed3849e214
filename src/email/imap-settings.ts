import { ImapFlow } from "imapflow";

/** Where one mailbox's mail is read from. `secure: false` still upgrades with STARTTLS when the server offers it. */
export type ImapSettings = {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
  folder: string;
};

/** Timeouts for one connection, in milliseconds. */
export type ImapTimeouts = { connectMs: number; socketMs: number };

/**
 * A client for these settings with imapflow's own logging off: its log lines carry protocol detail we do not
 * want in ours, and every failure reaches us as an error anyway. The 'error' listener is required: an
 * EventEmitter without one throws, and a dropped connection would take the process down.
 */
export function createImapClient(settings: ImapSettings, timeouts: ImapTimeouts): ImapFlow {
  const client = new ImapFlow({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    auth: { user: settings.user, pass: settings.password },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: timeouts.connectMs,
    greetingTimeout: timeouts.connectMs,
    socketTimeout: timeouts.socketMs,
  });
  client.on("error", () => {});
  return client;
}
