/**
 * Typed domain errors. Domain functions throw these; the HTTP layer maps each to its
 * status code (see server/error-handler.ts). Nothing else decides a status code.
 */
export type ErrorDetail = { field: string; message: string };

export class DomainError extends Error {
  readonly status: number = 400;
  readonly code: string = "bad_request";
  constructor(
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input that passed the schema but breaks a rule (400). */
export class ValidationError extends DomainError {
  override readonly status = 400;
  override readonly code = "invalid_input";
  static field(field: string, message: string): ValidationError {
    return new ValidationError(`${field}: ${message}`, [{ field, message }]);
  }
}

export class UnauthenticatedError extends DomainError {
  override readonly status = 401;
  override readonly code = "unauthenticated";
  constructor(message = "Sign in first") {
    super(message);
  }
}

export class ForbiddenError extends DomainError {
  override readonly status = 403;
  override readonly code = "forbidden";
}

export class NotFoundError extends DomainError {
  override readonly status = 404;
  override readonly code = "not_found";
  constructor(entity: string, id?: string) {
    super(id === undefined ? `${entity} not found` : `${entity} ${id} not found`);
  }
}

/** The request conflicts with current state: duplicates, in-use records, impossible transitions (409). */
export class ConflictError extends DomainError {
  override readonly status = 409;
  override readonly code: string = "conflict";
}

export class InvalidTransitionError extends ConflictError {
  override readonly code = "invalid_transition";
}

export class PayloadTooLargeError extends DomainError {
  override readonly status = 413;
  override readonly code = "payload_too_large";
}

/** The request body is not in a format the endpoint takes, e.g. JSON sent to an upload (415). */
export class UnsupportedMediaTypeError extends DomainError {
  override readonly status = 415;
  override readonly code = "unsupported_media_type";
}

export class TooManyRequestsError extends DomainError {
  override readonly status = 429;
  override readonly code = "too_many_requests";
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
