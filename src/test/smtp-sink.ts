import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { SMTPServer, type SMTPServerSession } from "smtp-server";

/** A real SMTP server on 127.0.0.1 for tests: captures what it is sent, fails or stalls on request. */

export type CapturedMail = { envelope: { from: string; to: string[] }; raw: Buffer };

export type SmtpSinkOptions = {
  /** Require AUTH PLAIN or LOGIN with these credentials (over plain text: allowInsecureAuth). */
  auth?: { user: string; pass: string };
};

export type SmtpSink = {
  /** `smtp://[user:pass@]127.0.0.1:<port>`. */
  smtpUrl: string;
  port: number;
  /** Every accepted mail, in order of acceptance. */
  messages: CapturedMail[];
  /** Refuse the next `count` mails with this reply code, at RCPT TO or (default) after DATA. */
  failNext(count: number, responseCode: number, options?: { at?: "rcpt" | "data"; message?: string }): void;
  /** Wait this long before answering each mail's DATA (0 = answer at once). */
  setDelay(ms: number): void;
  /** Resolves when at least `count` mails have arrived. */
  waitForMessages(count: number, timeoutMs?: number): Promise<CapturedMail[]>;
  stop(): Promise<void>;
};

type Failure = { remaining: number; responseCode: number; at: "rcpt" | "data"; message: string };

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: CapturedMail[] = [];
  let failure: Failure | null = null;
  let delayMs = 0;

  const takeFailure = (at: Failure["at"]): Error | null => {
    if (!failure || failure.at !== at || failure.remaining <= 0) return null;
    failure.remaining -= 1;
    return Object.assign(new Error(failure.message), { responseCode: failure.responseCode });
  };

  const server = new SMTPServer({
    secure: false,
    // No STARTTLS: nodemailer would upgrade and then refuse the server's self-signed certificate.
    disabledCommands: options.auth ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
    authMethods: ["PLAIN", "LOGIN"],
    allowInsecureAuth: true,
    authOptional: !options.auth,
    logger: false,
    // A pooled client may still hold a connection when the test stops the sink.
    closeTimeout: 500,
    onAuth(auth, _session, callback) {
      if (auth.username === options.auth?.user && auth.password === options.auth?.pass)
        return callback(null, { user: auth.username });
      callback(Object.assign(new Error("Authentication credentials invalid"), { responseCode: 535 }));
    },
    onRcptTo(_address, _session, callback) {
      callback(takeFailure("rcpt"));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        void (async () => {
          if (delayMs > 0) await sleep(delayMs);
          const refusal = takeFailure("data");
          if (refusal) return callback(refusal);
          messages.push({ envelope: envelopeOf(session), raw: Buffer.concat(chunks) });
          callback(null, `Message queued as sink-${messages.length}`);
        })();
      });
    },
  });
  // Clients that hang up mid-session surface here; a test sink has nothing to do about them.
  server.on("error", () => {});

  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  const credentials = options.auth
    ? `${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.pass)}@`
    : "";

  return {
    smtpUrl: `smtp://${credentials}127.0.0.1:${port}`,
    port,
    messages,
    failNext(
      count,
      responseCode,
      { at = "data", message = `Refused by the test sink (${responseCode})` } = {},
    ) {
      failure = { remaining: count, responseCode, at, message };
    },
    setDelay(ms) {
      delayMs = ms;
    },
    async waitForMessages(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline)
          throw new Error(`Sink got ${messages.length} of ${count} mails in ${timeoutMs} ms`);
        await sleep(10);
      }
      return messages;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function envelopeOf(session: SMTPServerSession): CapturedMail["envelope"] {
  const from = session.envelope.mailFrom;
  return {
    from: from ? from.address : "",
    to: session.envelope.rcptTo.map((r) => r.address),
  };
}
