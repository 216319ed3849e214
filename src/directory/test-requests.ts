import type { TestApp } from "../test/http.js";

/** Test helper: a JSON request to /api/v1 as a user (their headers), answering status and body. */
export function requester(use: () => TestApp) {
  return async (
    method: "GET" | "POST" | "PATCH" | "DELETE",
    url: string,
    who: { headers: Record<string, string> } | null,
    payload?: unknown,
  ) => {
    const response = await use().app.inject({
      method,
      url: `/api/v1${url}`,
      headers: who?.headers ?? {},
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    const body = response.body ? response.json() : null;
    return { status: response.statusCode, body };
  };
}

/** The distinct fields named in a 400/409 error body. */
export function errorFields(body: { error?: { details?: { field: string }[] } }): string[] {
  return [...new Set((body.error?.details ?? []).map((detail) => detail.field))];
}
