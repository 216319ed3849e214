/**
 * Why an IMAP connection failed, in words an admin can act on. Only these words (and, for anything
 * unrecognised, the error's message with the password cut out) ever leave this module: imapflow's errors
 * carry the executed command, which for LOGIN holds the password, so an error object is never logged.
 */
export type ImapFailureReason =
  | "authentication failed"
  | "connection refused"
  | "host not found"
  | "timed out"
  | "certificate not trusted"
  | "TLS handshake failed"
  | "folder not found"
  | "connection closed";

const untrustedCertificate = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_UNTRUSTED",
  "CERT_REVOKED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);
const timeouts = new Set(["CONNECT_TIMEOUT", "GREETING_TIMEOUT", "UPGRADE_TIMEOUT", "ETIMEOUT", "ETIMEDOUT"]);
const closed = new Set(["NoConnection", "EConnectionClosed", "ECONNRESET", "EPIPE", "StateLogout"]);

type ErrorFields = {
  message?: unknown;
  code?: unknown;
  authenticationFailed?: unknown;
  tlsFailed?: unknown;
  mailboxMissing?: unknown;
  serverResponseCode?: unknown;
  responseText?: unknown;
  _err?: unknown;
  cause?: unknown;
};

/** A plain reason for a failed connection or command; never contains `password`. */
export function describeImapFailure(error: unknown, password: string): string {
  const fields = (typeof error === "object" && error !== null ? error : {}) as ErrorFields;
  const code = codeOf(fields);
  if (fields.authenticationFailed === true || fields.serverResponseCode === "AUTHENTICATIONFAILED") {
    return "authentication failed";
  }
  if (fields.mailboxMissing === true || fields.serverResponseCode === "NONEXISTENT")
    return "folder not found";
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NONAME") return "host not found";
  if (code !== undefined && timeouts.has(code)) return "timed out";
  if (code !== undefined && untrustedCertificate.has(code)) return "certificate not trusted";
  if (fields.tlsFailed === true || code?.startsWith("ERR_SSL") || code?.startsWith("ERR_TLS")) {
    return "TLS handshake failed";
  }
  if (code !== undefined && closed.has(code)) return "connection closed";
  const message = typeof fields.message === "string" ? fields.message : String(error);
  // imapflow says "Command failed" for any NO or BAD; the server's own words say why.
  const detail = typeof fields.responseText === "string" ? `${message}: ${fields.responseText}` : message;
  return redact(detail, password) || "unknown IMAP error";
}

/** The error's own code, or that of the socket/TLS error imapflow wrapped. */
function codeOf(fields: ErrorFields): string | undefined {
  for (const candidate of [fields, fields._err, fields.cause]) {
    const code = (candidate as ErrorFields | undefined)?.code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

/** Cuts the password out of a text that could have quoted it back. */
export function redact(text: string, password: string): string {
  return password ? text.split(password).join("***") : text;
}
