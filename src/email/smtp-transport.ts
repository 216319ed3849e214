import nodemailer, {
  type SendMailOptions,
  type SMTPPoolOptions,
  type SMTPPoolSentMessageInfo,
  type Transporter,
} from "nodemailer";
import { ConfigError } from "../config/config.js";

/**
 * Outbound SMTP through nodemailer's pooled transport, and what a failure means for the outbox:
 * permanent (give up, mark the mail failed) or temporary (retry with backoff).
 */

export type MailTransport = Transporter<SMTPPoolSentMessageInfo, SMTPPoolOptions>;

export type MailTransportOptions = {
  /** Connection, greeting and socket inactivity timeout; 30 s by default. */
  timeoutMs?: number;
  /** Parallel SMTP connections; 5 by default (nodemailer's). */
  maxConnections?: number;
};

export type SentMail = {
  /** The Message-ID as sent, without angle brackets. */
  messageId: string;
  /** The server's final reply, e.g. "250 2.0.0 Ok: queued as 4Xy". */
  response: string;
  accepted: string[];
  /** Recipients the server refused while accepting the mail for the others. */
  rejected: string[];
};

export type SmtpErrorClass = { permanent: boolean; message: string };

/** Credentials of each transport, so errors from it can be scrubbed of them. */
const transportSecrets = new WeakMap<object, string[]>();

/**
 * A pooled transport for SMTP_URL (`smtp://user:pass@host:587`, STARTTLS when offered; `smtps://…`
 * for implicit TLS on 465). Nodemailer's URL query options work too (`?tls.rejectUnauthorized=false`
 * for a relay with a self-signed certificate). Connects lazily: a bad URL throws here, a bad host or
 * password shows when the first mail is sent.
 */
export function createMailTransport(smtpUrl: string, options: MailTransportOptions = {}): MailTransport {
  const url = URL.canParse(smtpUrl) ? new URL(smtpUrl) : null;
  if (!url || (url.protocol !== "smtp:" && url.protocol !== "smtps:") || url.hostname === "")
    throw new ConfigError(
      // A value that is not even a URL is not repeated: it may be the bare password.
      `Invalid SMTP_URL${url ? `=${JSON.stringify(scrubCredentials(url.href, credentialForms(url)))}` : ""}: must look like smtp://user:password@host:587 or smtps://user:password@host:465`,
    );
  const timeout = options.timeoutMs ?? 30_000;
  const transport = nodemailer.createTransport({
    pool: true,
    url: smtpUrl,
    maxConnections: options.maxConnections ?? 5,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    dnsTimeout: timeout,
    // Close idle connections ourselves, before the socket timeout would report them as errors.
    idleTimeout: Math.max(1, Math.floor(timeout * 0.8)),
    // Attachments come from our storage by path; never let a path turn into an HTTP fetch.
    disableUrlAccess: true,
    logger: false,
  });
  transportSecrets.set(transport, credentialForms(url));
  return transport;
}

/** Sends one composed mail. Throws an Error whose message is free of the transport's credentials. */
export async function sendMail(transport: MailTransport, options: SendMailOptions): Promise<SentMail> {
  try {
    const info = await transport.sendMail(options);
    return {
      messageId: info.messageId.replace(/^<|>$/g, ""),
      response: info.response,
      accepted: info.accepted.map(String),
      rejected: info.rejected.map(String),
    };
  } catch (error) {
    throw scrubbedError(error, transportSecrets.get(transport) ?? []);
  }
}

const authReplies = new Set([530, 534, 535, 538]);

type SmtpFailure = { code?: unknown; responseCode?: unknown; message?: unknown };

/**
 * Permanent: the server refused this mail for good (a 5xx reply; not 503, which says the session
 * was in the wrong state, so a new connection may succeed), or the mail itself is unsendable.
 * Temporary: 4xx replies, connection and TLS problems, timeouts, and failed logins. A failed login
 * is a configuration error, not the mail's fault: the mail stays queued and goes out once SMTP_URL
 * is fixed (the retry schedule still ends in `failed` after about 9 hours).
 * Pass the SMTP URL when the error may come from elsewhere than sendMail, so its credentials are scrubbed.
 */
export function classifySmtpError(error: unknown, smtpUrl?: string): SmtpErrorClass {
  const failure: SmtpFailure = typeof error === "object" && error !== null ? error : {};
  const code = typeof failure.code === "string" ? failure.code : undefined;
  const responseCode = typeof failure.responseCode === "number" ? failure.responseCode : undefined;
  const text = typeof failure.message === "string" ? failure.message : String(error);
  const secrets = smtpUrl && URL.canParse(smtpUrl) ? credentialForms(new URL(smtpUrl)) : [];
  const message = scrubCredentials(text, secrets);
  // RFC 4954's authentication replies (required, too weak, invalid, encryption required) arrive
  // as a 5xx on MAIL FROM too, when SMTP_URL has no credentials for a relay that wants them.
  if (code === "EAUTH" || code === "ENOAUTH" || code === "EOAUTH2" || authReplies.has(responseCode ?? 0))
    return { permanent: false, message: `SMTP login failed, check SMTP_URL: ${message}` };
  if (responseCode !== undefined)
    return { permanent: responseCode >= 500 && responseCode < 600 && responseCode !== 503, message };
  return { permanent: code === "EENVELOPE" || code === "EMAXRECIPIENTS", message };
}

function scrubbedError(error: unknown, secrets: string[]): Error {
  const failure: SmtpFailure & { response?: unknown; command?: unknown } =
    typeof error === "object" && error !== null ? error : {};
  const text = typeof failure.message === "string" ? failure.message : String(error);
  // A new error rather than the original: its cause, stack and properties could still hold a credential.
  const scrubbed = new Error(scrubCredentials(text, secrets)) as Error & Record<string, unknown>;
  if (typeof failure.code === "string") scrubbed.code = failure.code;
  if (typeof failure.responseCode === "number") scrubbed.responseCode = failure.responseCode;
  if (typeof failure.response === "string") scrubbed.response = scrubCredentials(failure.response, secrets);
  if (typeof failure.command === "string") scrubbed.command = scrubCredentials(failure.command, secrets);
  return scrubbed;
}

/** The password as it may show in text: raw, URL-encoded, and inside AUTH PLAIN/LOGIN's base64. */
function credentialForms(url: URL): string[] {
  if (!url.password) return [];
  const user = safeDecode(url.username);
  const pass = safeDecode(url.password);
  const base64 = (s: string) => Buffer.from(s).toString("base64");
  return [
    url.password,
    pass,
    encodeURIComponent(pass),
    base64(pass),
    base64(`\0${user}\0${pass}`),
    base64(`${user}\0${user}\0${pass}`),
  ];
}

/** Removes known secrets and the password of any URL written in the text. */
export function scrubCredentials(text: string, secrets: readonly string[]): string {
  let out = text.replace(/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):[^\s@/]*@/gi, "$1:***@");
  // Longest first, so a secret containing another is removed whole.
  for (const secret of [...new Set(secrets)].filter(Boolean).sort((a, b) => b.length - a.length))
    out = out.split(secret).join("***");
  return out;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
