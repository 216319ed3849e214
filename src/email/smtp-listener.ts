import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";
import type { AppContext } from "../server/context.js";
import { findActiveMailboxByAddress } from "./mailbox.repository.js";
import { receiveMail } from "./process-inbound-mail.js";

/** Limits of the inbound listener (SPEC §6): never an open relay, never a memory hog. */
export type SmtpListenerLimits = {
  /** Largest message accepted, refused with 552 at DATA. Default: the attachment limit plus room for the text. */
  maxMessageBytes: number;
  /** Recipients per message; more get 452 (the sender retries them in another transaction). */
  maxRecipients: number;
  /** Connections open at once from one IP address; more get 421. */
  maxConnectionsPerClient: number;
  /** Connections open at once in all. */
  maxClients: number;
};

export function defaultSmtpLimits(ctx: AppContext): SmtpListenerLimits {
  // Base64 makes an attachment a third larger; the message around it is a few kilobytes.
  return {
    maxMessageBytes: Math.ceil(ctx.config.attachmentMaxBytes * 1.4) + 1024 * 1024,
    maxRecipients: 50,
    maxConnectionsPerClient: 10,
    maxClients: 200,
  };
}

class SmtpError extends Error {
  constructor(
    message: string,
    readonly responseCode: number,
  ) {
    super(message);
  }
}

/**
 * The address a recipient names: `support+anything@desk.example` is `support@desk.example`, so VERP
 * bounce addresses (message-id.ts) and sub-addresses reach their mailbox.
 */
export function baseAddress(address: string): string {
  const lower = address.trim().toLowerCase();
  const at = lower.lastIndexOf("@");
  if (at < 0) return lower;
  const local = lower.slice(0, at);
  const plus = local.indexOf("+");
  return `${plus >= 0 ? local.slice(0, plus) : local}${lower.slice(at)}`;
}

/**
 * The inbound SMTP listener (smtp-server), on when SMTP_LISTEN_PORT is set: a domain's MX or a forwarding
 * rule delivers here. It takes mail only for the addresses of active mailboxes (550 for any other, so it
 * is never a relay), and answers 250 only once the message's ticket or comment (or its failed-mail record)
 * has committed; if even that fails (the database is down) it answers 451 and the sender tries again.
 * No AUTH and no STARTTLS: it takes mail the way an MX does, from anyone, for us only. Put it behind a
 * TLS-terminating MTA or proxy if the network between needs encryption.
 */
export class SmtpListener {
  readonly #server: SMTPServer;
  readonly #perClient = new Map<string, number>();

  constructor(
    private readonly ctx: AppContext,
    private readonly limits: SmtpListenerLimits = defaultSmtpLimits(ctx),
  ) {
    this.#server = new SMTPServer({
      name: new URL(ctx.config.publicUrl).hostname,
      banner: "Ticketdesk",
      authOptional: true,
      disabledCommands: ["AUTH", "STARTTLS"],
      size: limits.maxMessageBytes,
      maxClients: limits.maxClients,
      logger: false,
      onConnect: (session, callback) => this.#onConnect(session, callback),
      onClose: (session) => this.#onClose(session),
      onRcptTo: (address, session, callback) => {
        this.#onRcptTo(address.address, session).then(
          () => callback(),
          (error: Error) => callback(error),
        );
      },
      onData: (stream, session, callback) => {
        this.#onData(stream, session).then(
          () => callback(),
          (error: Error) => callback(error),
        );
      },
    });
    // A client's broken connection is its own problem; it must never take the server down.
    this.#server.on("error", (error) =>
      ctx.log.warn({ error: error.message }, "SMTP listener connection error"),
    );
  }

  #onConnect(session: SMTPServerSession, callback: (error?: Error) => void): void {
    const ip = session.remoteAddress;
    const open = (this.#perClient.get(ip) ?? 0) + 1;
    if (open > this.limits.maxConnectionsPerClient) {
      callback(new SmtpError("Too many connections from your address; try again later", 421));
      return;
    }
    this.#perClient.set(ip, open);
    (session as SMTPServerSession & { counted?: boolean }).counted = true;
    callback();
  }

  #onClose(session: SMTPServerSession): void {
    if (!(session as SMTPServerSession & { counted?: boolean }).counted) return;
    const ip = session.remoteAddress;
    const open = (this.#perClient.get(ip) ?? 1) - 1;
    if (open <= 0) this.#perClient.delete(ip);
    else this.#perClient.set(ip, open);
  }

  async #onRcptTo(address: string, session: SMTPServerSession): Promise<void> {
    if (session.envelope.rcptTo.length >= this.limits.maxRecipients) {
      throw new SmtpError(`Too many recipients; at most ${this.limits.maxRecipients} per message`, 452);
    }
    const mailbox = await findActiveMailboxByAddress(this.ctx.db, baseAddress(address)).catch(() => {
      throw new SmtpError("Temporary failure; try again later", 451);
    });
    if (!mailbox) throw new SmtpError(`No mailbox here for <${address}>`, 550);
  }

  async #onData(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    if (stream.sizeExceeded) {
      throw new SmtpError(`Message too large; at most ${this.limits.maxMessageBytes} bytes`, 552);
    }
    const recipients = session.envelope.rcptTo.map((rcpt) => rcpt.address);
    let mailboxId: string | null = null;
    for (const recipient of recipients) {
      const mailbox = await findActiveMailboxByAddress(this.ctx.db, baseAddress(recipient));
      if (mailbox) {
        mailboxId = mailbox.id;
        break;
      }
    }
    // What a final MTA adds on delivery: the envelope sender, so a null sender (<>, a bounce) is visible.
    const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
    const returnPath = Buffer.from(`Return-Path: <${mailFrom.replace(/[\r\n<>]/g, "")}>\r\n`);
    try {
      await receiveMail(this.ctx, {
        raw: Buffer.concat([returnPath, ...chunks]),
        via: "smtp",
        mailboxId,
        envelope: {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: recipients,
        },
      });
    } catch (error) {
      this.ctx.log.error(
        { error: error instanceof Error ? error.message : String(error) },
        "Inbound mail could not be stored; the sender will retry",
      );
      throw new SmtpError("Temporary failure storing the message; try again later", 451);
    }
  }

  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      this.#server.server.once("error", onError);
      this.#server.listen(port, host, () => {
        this.#server.server.off("error", onError);
        resolve(this.#server.server.address() as AddressInfo);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
