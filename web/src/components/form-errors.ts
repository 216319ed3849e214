import { ApiError, errorMessage } from "../api/client";

/**
 * The API's 400/409 answer laid out for a form: `fieldError(path)` is the message for one input (shown under
 * it), and `alert` carries the error's message with every detail the form has no input for.
 */
export function formErrors(error: unknown, shownHere: (field: string) => boolean) {
  const details = error instanceof ApiError ? error.details : [];
  const fieldError = (field: string) => details.find((d) => d.field === field)?.message;
  const otherDetails = details.filter((d) => !shownHere(d.field));
  const alert =
    error instanceof ApiError
      ? [error.message, ...otherDetails.map((d) => `${d.field}: ${d.message}`)].join("; ")
      : error
        ? errorMessage(error)
        : null;
  return { fieldError, alert };
}
