import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/**
 * The outbound relay of the mail benchmark: an smtp-server on 127.0.0.1 that accepts everything and keeps,
 * per mail, only when it arrived and the few headers the benchmark reads (what kind of mail, whom to, its
 * Message-ID and subject, so a customer can answer an acknowledgement). Lean on purpose: it shares the
 * machine's two cores with the server under test (src/test/smtp-sink.ts keeps every raw message).
 */

export type SinkKind = "acknowledgement" | "notification" | "reply";

export type Arrival = {
  /** performance.now() when the sink answered 250. */
  at: number;
  kind: SinkKind;
  to: string;
  messageId: string;
  subject: string;
  /** The body carries this bench marker (which outbound phase queued it), or null. */
  marker: string | null;
};

export type MailSink = {
  smtpUrl: string;
  arrivals: Arrival[];
  /** Resolves once `count` mails matching `filter` arrived, or after `timeoutMs` (then false). */
  waitFor(filter: (a: Arrival) => boolean, count: number, timeoutMs: number): Promise<boolean>;
  /** Resolves once no mail arrived for `quietMs`, or after `timeoutMs`. */
  waitQuiet(quietMs: number, timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
};

const markerPattern = /Bench (outbox|api) mail \d+/;

function header(head: string, name: string): string {
  const match = new RegExp(`^${name}:[ \\t]*(.*)$`, "im").exec(head);
  return match?.[1]?.trim() ?? "";
}

export function describeMail(raw: Buffer, at: number): Arrival {
  const text = raw.toString("latin1");
  const end = text.indexOf("\r\n\r\n");
  // Unfold continued header lines.
  const head = (end < 0 ? text : text.slice(0, end)).replace(/\r\n[ \t]+/g, " ");
  const kind: SinkKind = /^auto-submitted:\s*auto-replied/im.test(head)
    ? "acknowledgement"
    : /^precedence:\s*bulk/im.test(head)
      ? "notification"
      : "reply";
  const marker = kind === "reply" ? (markerPattern.exec(text)?.[1] ?? null) : null;
  return {
    at,
    kind,
    to: header(head, "To"),
    messageId: header(head, "Message-ID"),
    subject: header(head, "Subject"),
    marker,
  };
}

export async function startMailSink(): Promise<MailSink> {
  const arrivals: Arrival[] = [];
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    logger: false,
    closeTimeout: 500,
    maxClients: 100,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        arrivals.push(describeMail(Buffer.concat(chunks), performance.now()));
        callback(null, "Queued");
      });
    },
  });
  server.on("error", () => {});
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  return {
    smtpUrl: `smtp://127.0.0.1:${port}`,
    arrivals,
    async waitFor(filter, count, timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        let n = 0;
        for (const a of arrivals) if (filter(a)) n += 1;
        if (n >= count) return true;
        if (performance.now() > deadline) return false;
        await sleep(20);
      }
    },
    async waitQuiet(quietMs, timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      let seen = arrivals.length;
      let since = performance.now();
      while (performance.now() < deadline) {
        await sleep(50);
        if (arrivals.length !== seen) {
          seen = arrivals.length;
          since = performance.now();
        } else if (performance.now() - since >= quietMs) return;
      }
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
