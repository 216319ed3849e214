import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from "fastify-type-provider-zod";
import { DomainError, type ErrorDetail, TooManyRequestsError } from "../shared/errors.js";

type ErrorBody = { error: { code: string; message: string; details?: ErrorDetail[] } };

export function errorBody(code: string, message: string, details?: ErrorDetail[]): ErrorBody {
  return { error: details ? { code, message, details } : { code, message } };
}

/** Fastify's own client errors, by code, with the status and our code for each. */
const fastifyErrors: Record<string, [number, string]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, "unsupported_media_type"],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, "invalid_content_length"],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, "invalid_json"],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, "invalid_json"],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, "payload_too_large"],
  FST_REQ_FILE_TOO_LARGE: [413, "payload_too_large"],
  FST_FILES_LIMIT: [413, "payload_too_large"],
  FST_PARTS_LIMIT: [413, "payload_too_large"],
  FST_INVALID_MULTIPART_CONTENT_TYPE: [415, "unsupported_media_type"],
  FST_ERR_VALIDATION: [400, "invalid_input"],
};

function validationDetails(error: FastifyError): ErrorDetail[] {
  const where = error.validationContext ?? "body";
  return (error.validation ?? []).map((issue) => {
    const path = issue.instancePath.replace(/^\//, "").replaceAll("/", ".");
    // fastify-type-provider-zod puts the zod issue's code in `keyword` and its other fields in `params`.
    const unknownKeys =
      issue.keyword === "unrecognized_keys" ? (issue.params as { keys?: string[] }).keys : undefined;
    const field = unknownKeys?.length
      ? unknownKeys.map((key) => (path ? `${path}.${key}` : key)).join(",")
      : path || where;
    return { field, message: issue.message ?? "is invalid" };
  });
}

/** pg's overload and outage errors: none is the request's fault, so each is a 503 the client may retry. */
const unavailableCodes = new Set(["ECONNREFUSED", "ECONNRESET", "57P01", "57P03", "53300"]);

/**
 * The database cannot take the request now: pg-pool waited `connectionTimeoutMillis` for a free connection
 * (overload), or the server refused or dropped the connection (restart, too many connections).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && unavailableCodes.has(code)) return true;
  return /timeout exceeded when trying to connect|Connection terminated (unexpectedly|due to connection timeout)/.test(
    error.message,
  );
}

/**
 * PostgreSQL "data exception" errors (SQLSTATE class 22: a NUL byte in text, a number or date out of
 * range) mean the input could not be stored: the caller's fault, so 400 — never a 500. Schemas catch
 * what they can by field; this is the net under them.
 */
export function isInvalidData(error: unknown): boolean {
  const { code, severity } = error as { code?: unknown; severity?: unknown };
  return typeof code === "string" && /^22[0-9A-Z]{3}$/.test(code) && typeof severity === "string";
}

/** Every error leaves as {error: {code, message, details?}}; no stack trace ever does. */
export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof DomainError) {
    if (error instanceof TooManyRequestsError) reply.header("Retry-After", String(error.retryAfterSeconds));
    void reply.status(error.status).send(errorBody(error.code, error.message, error.details));
    return;
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const details = validationDetails(error as FastifyError);
    const fields = details.map((d) => d.field).join(", ");
    void reply.status(400).send(errorBody("invalid_input", `Invalid ${fields}`, details));
    return;
  }
  if (isResponseSerializationError(error)) {
    request.log.error({ err: error, issues: error.cause.issues }, "response did not match its schema");
    void reply.status(500).send(errorBody("internal_error", "Something went wrong on our side"));
    return;
  }
  const known = error.code ? fastifyErrors[error.code] : undefined;
  if (known) {
    void reply.status(known[0]).send(errorBody(known[1], error.message));
    return;
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    void reply.status(status).send(errorBody(error.code?.toLowerCase() ?? "bad_request", error.message));
    return;
  }
  if (isInvalidData(error)) {
    request.log.info({ err: error }, "input the database cannot store");
    void reply
      .status(400)
      .send(
        errorBody(
          "invalid_input",
          "A value cannot be stored (for example a NUL character or a number out of range)",
        ),
      );
    return;
  }
  if (isDatabaseUnavailable(error)) {
    request.log.warn({ err: error }, "database unavailable");
    reply.header("Retry-After", "1");
    void reply.status(503).send(errorBody("unavailable", "The service is busy; retry in a moment"));
    return;
  }
  request.log.error({ err: error }, "unhandled error");
  void reply.status(500).send(errorBody("internal_error", "Something went wrong on our side"));
}
