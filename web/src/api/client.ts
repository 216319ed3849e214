import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";

/** Every shape the API returns or accepts, generated from its OpenAPI document. */
export type Schemas = components["schemas"];

let csrfToken: string | null = null;

/** The session's CSRF token, sent as X-CSRF-Token on every write made with the session cookie. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}
export function getCsrfToken(): string | null {
  return csrfToken;
}

type ExpiredListener = () => void;
let onSessionExpired: ExpiredListener = () => {};
/** Called when a signed-in request answers 401: the app sends the agent to sign in and back. */
export function handleSessionExpired(listener: ExpiredListener): void {
  onSessionExpired = listener;
}

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);
// 401 from these means "not signed in", handled by the screens themselves.
const quietPaths = ["/api/v1/auth/me", "/api/v1/auth/login", "/api/v1/setup"];

const sessionMiddleware: Middleware = {
  onRequest({ request }) {
    if (!safeMethods.has(request.method) && csrfToken) request.headers.set("X-CSRF-Token", csrfToken);
    return request;
  },
  onResponse({ request, response }) {
    const path = new URL(request.url).pathname;
    if (response.status === 401 && !quietPaths.includes(path)) onSessionExpired();
    return response;
  },
};

export const api = createClient<paths>({
  baseUrl: typeof window === "undefined" ? "http://localhost" : window.location.origin,
  credentials: "same-origin",
});
api.use(sessionMiddleware);

type ErrorBody = {
  error?: { code?: string; message?: string; details?: { field: string; message: string }[] };
};

export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { field: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export function toApiError(status: number, body: unknown): ApiError {
  const error = (body as ErrorBody | undefined)?.error;
  return new ApiError(
    status,
    error?.code ?? "http_error",
    error?.message ?? `The server answered ${status}`,
    error?.details ?? [],
  );
}

/** The data of an openapi-fetch call, or an ApiError carrying the API's message. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<NonNullable<T>> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch {
    throw new ApiError(0, "network_error", "Cannot reach the server. Check your connection and try again.");
  }
  if (!result.response.ok) throw toApiError(result.response.status, result.error);
  return result.data as NonNullable<T>;
}

/** A message for any thrown value, for notifications and error alerts. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const fields = error.details.map((d) => `${d.field}: ${d.message}`).join("; ");
    return fields ? `${error.message} (${fields})` : error.message;
  }
  return error instanceof Error ? error.message : "Something went wrong";
}

/** The JSON body an operation accepts, e.g. RequestBody<"/api/v1/tickets/{id}", "patch">. */
export type RequestBody<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: { content: { "application/json": infer Body } };
}
  ? Body
  : never;
