import fc from "fast-check";
import { beforeAll, expect, it } from "vitest";
import { createTestUser, describeApi, type TestUser } from "../test/http.js";
import { fillPath, listOperations, type Operation } from "../test/openapi-operations.js";

/** Values that break naive parsers: wrong types, huge, unicode, injection-looking, prototype keys. */
const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 50 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(
    "",
    " ",
    "-1",
    "1e309",
    "NaN",
    "00000000-0000-0000-0000-000000000000",
    "T-20260101-0001",
    "' or 1=1 --",
    "%00",
    "\u0000",
    "../../etc/passwd",
    "<img src=x onerror=alert(1)>",
    "__proto__",
    "x".repeat(5000),
    "me",
    "none",
    "-created_at",
    "true",
  ),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string(), { maxKeys: 3 }),
);

const bodyFor = (op: Operation) =>
  fc.oneof(
    fc.record(Object.fromEntries(op.bodyFields.map((field) => [field, nasty])), { requiredKeys: [] }),
    fc.dictionary(fc.constantFrom(...op.bodyFields, "__proto__", "constructor", "unknown_field"), nasty, {
      maxKeys: 5,
    }),
    nasty,
  );

const queryFor = (op: Operation) =>
  fc.dictionary(
    fc.constantFrom(...op.queryParams, "unknown", "limit", "offset"),
    fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom("-1", "0", "101", "1e3", "abc", "me", "none", "true", "-priority"),
    ),
    { maxKeys: 4 },
  );

const rawBodies = fc.oneof(
  fc.constant("{"),
  fc.constant("[]"),
  fc.constant("null"),
  fc.constant('{"a":'),
  fc.string({ maxLength: 200 }),
  fc.constant('{"__proto__":{"admin":true}}'),
);

export const fuzzRunsPerOperation = 25;

describeApi("fuzzing every endpoint", (use) => {
  let admin: TestUser;
  let operations: Operation[];

  beforeAll(async () => {
    const { app } = use();
    admin = await createTestUser(app, { role: "admin" });
    operations = (await listOperations(app)).filter(
      // Signing out would end the fuzzing identity's session; tokens are unaffected, but keep it simple.
      (op) => !(op.method === "POST" && op.path.endsWith("/auth/logout")),
    );
  });

  it("never answers 5xx or leaks a stack trace", async () => {
    const { app } = use();
    let sent = 0;
    for (const op of operations) {
      const pathValues = fc.dictionary(
        fc.constantFrom(...(op.pathParams.length ? op.pathParams : ["_"])),
        fc.string({ minLength: 1, maxLength: 60 }),
      );
      await fc.assert(
        fc.asyncProperty(
          pathValues,
          queryFor(op),
          bodyFor(op),
          rawBodies,
          fc.boolean(),
          async (params, query, body, raw, useRaw) => {
            const url = fillPath(op.path, params);
            const hasBody = op.method !== "GET" && op.method !== "DELETE";
            const response = await app.inject({
              method: op.method,
              url,
              query: query as Record<string, string>,
              headers: { ...admin.headers, ...(hasBody ? { "content-type": "application/json" } : {}) },
              ...(hasBody ? { payload: useRaw ? raw : JSON.stringify(body) } : {}),
            });
            sent += 1;
            expect(response.statusCode, `${op.method} ${url} → ${response.body.slice(0, 300)}`).toBeLessThan(
              500,
            );
            expect(response.body).not.toMatch(/\n\s+at \S+ \(|"stack"/);
          },
        ),
        { numRuns: fuzzRunsPerOperation },
      );
    }
    expect(sent).toBeGreaterThanOrEqual(operations.length * fuzzRunsPerOperation);
  }, 300_000);

  it("answers wrong content types with 415, not 500", async () => {
    const { app } = use();
    for (const op of operations.filter((o) => o.method === "POST" || o.method === "PATCH")) {
      const response = await app.inject({
        method: op.method,
        url: fillPath(op.path, {}),
        headers: { ...admin.headers, "content-type": "application/x-weird" },
        payload: "a=b",
      });
      expect(response.statusCode, `${op.method} ${op.path}`).toBeLessThan(500);
    }
  });
});
