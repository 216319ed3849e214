import fastJsonStringify from "fast-json-stringify";
import type { FastifySerializerCompiler } from "fastify/types/schema.js";
import { type ZodType, z } from "zod";

/**
 * Responses are written by fast-json-stringify from the route's zod response schema turned into JSON
 * Schema once at start-up, instead of re-validating every response with zod and then JSON.stringify
 * (fastify-type-provider-zod's serializer: 10% of the server's CPU on a 25-ticket page, bench/README.md).
 * It writes only the properties the schema declares, so a column that is not in the representation
 * (a password hash, a token) still never leaves the server.
 */
export const responseSerializerCompiler: FastifySerializerCompiler<ZodType | { properties: ZodType }> = ({
  schema,
}) => {
  const zodSchema =
    "properties" in schema && schema.properties instanceof z.ZodType ? schema.properties : schema;
  return fastJsonStringify(
    nullableWithoutBranches(responseJsonSchema(zodSchema as ZodType)) as unknown as Parameters<
      typeof fastJsonStringify
    >[0],
    // A real union (anyOf, e.g. a macro's assignee) is written by testing each branch with ajv first, which
    // must know our `unsafe` format (below) as any string, or it warns on every schema it compiles.
    { ajv: { formats: { unsafe: true } } },
  );
};

type JsonSchema = Record<string, unknown>;

const isNullSchema = (schema: unknown): boolean =>
  typeof schema === "object" &&
  schema !== null &&
  Object.keys(schema).length === 1 &&
  (schema as JsonSchema).type === "null";

const combinators = ["anyOf", "oneOf", "allOf", "$ref", "if", "not"];

/**
 * zod writes `x.nullable()` as `anyOf: [x, {type: "null"}]`, and fast-json-stringify writes an `anyOf` by
 * validating the value against each branch with ajv first: a 25-ticket page ran 100 such validations
 * (uuid patterns included), 3% of the server's CPU on a list page (CPU profile, bench/README.md). The
 * same schema as `{...x, nullable: true}` is written with one `=== null` test. Branches that are not a
 * plain "x or null" keep their anyOf.
 */
export function nullableWithoutBranches(schema: unknown): JsonSchema {
  return rewrite(schema) as JsonSchema;
}

function rewrite(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewrite);
  if (typeof node !== "object" || node === null) return node;
  const entries = Object.entries(node as JsonSchema).map(([key, value]) => [key, rewrite(value)] as const);
  const out: JsonSchema = Object.fromEntries(entries);
  const branches = out.anyOf;
  if (!Array.isArray(branches) || branches.length !== 2) return out;
  const nullIndex = branches.findIndex(isNullSchema);
  const other = branches[1 - nullIndex] as JsonSchema | undefined;
  if (nullIndex < 0 || !other || typeof other !== "object") return out;
  if (combinators.some((key) => key in other) || typeof other.type !== "string") return out;
  const { anyOf: _, ...siblings } = out;
  return { ...siblings, ...other, nullable: true };
}

/**
 * The JSON Schema the serializer writes a handler's result by (not the API description): dates are Date
 * objects written as ISO 8601 strings, ids and plain enum values are written without escaping.
 */
export function responseJsonSchema(schema: ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, {
    io: "output",
    target: "draft-07",
    unrepresentable: "any",
    override: (ctx) => {
      const type = ctx.zodSchema._zod.def.type;
      if (type === "date") {
        ctx.jsonSchema.type = "string";
        ctx.jsonSchema.format = "date-time";
      }
      if (needsNoEscaping(ctx.jsonSchema)) ctx.jsonSchema.format = "unsafe";
      // Extra properties are left out when writing, as zod strips them; `false` would instead make a
      // nullable object (anyOf [object, null]) match no branch and fail the response.
      if (type === "object" && ctx.jsonSchema.additionalProperties === false)
        delete ctx.jsonSchema.additionalProperties;
    },
  });
}

const plainWord = /^[\w-]*$/;

/**
 * Ids (uuid columns) and enum values (status, priority, role: PostgreSQL enums or checked keys) can hold no
 * quote, backslash or control character, so they are written as they are (fast-json-stringify's `unsafe`
 * format) instead of being scanned character by character: a 25-ticket page holds ~150 ids and ~50 enum
 * values, and is written in 44–47 µs instead of 56–58 (in-process, bench/README.md, round 10). Only strings
 * whose schema says so; every other string is escaped.
 */
function needsNoEscaping(schema: Record<string, unknown>): boolean {
  if (schema.type !== "string") return false;
  if (schema.format === "uuid") return true;
  const values = schema.enum;
  return Array.isArray(values) && values.every((v) => typeof v === "string" && plainWord.test(v));
}
