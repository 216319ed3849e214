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
    responseJsonSchema(zodSchema as ZodType) as unknown as Parameters<typeof fastJsonStringify>[0],
  );
};

/** The JSON Schema of what a handler returns: dates are Date objects written as ISO 8601 strings. */
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
      // Extra properties are left out when writing, as zod strips them; `false` would instead make a
      // nullable object (anyOf [object, null]) match no branch and fail the response.
      if (type === "object" && ctx.jsonSchema.additionalProperties === false)
        delete ctx.jsonSchema.additionalProperties;
    },
  });
}
