import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  nullableWithoutBranches,
  responseJsonSchema,
  responseSerializerCompiler,
} from "./response-serializer.js";

const user = z.object({
  id: z.string(),
  name: z.string(),
  team: z.object({ id: z.string(), name: z.string() }).nullable(),
  role: z.enum(["admin", "agent"]),
  created_at: z.date(),
  last_seen_at: z.date().nullable(),
  tags: z.array(z.string()),
  count: z.number().int(),
});

const serialize = (schema: z.ZodType, value: unknown) =>
  (
    responseSerializerCompiler({ schema, method: "GET", url: "/x", httpStatus: "200" }) as (
      v: unknown,
    ) => string
  )(value);

describe("responseSerializerCompiler", () => {
  const value = {
    id: "u1",
    name: "Ana <script>",
    team: null,
    role: "agent",
    created_at: new Date("2026-11-24T10:00:00.000Z"),
    last_seen_at: null,
    tags: ["a", "b"],
    count: 3,
  };

  it("writes what JSON.stringify writes for a value that matches the schema", () => {
    expect(JSON.parse(serialize(user, value))).toEqual(JSON.parse(JSON.stringify(value)));
  });

  it("never writes a property the schema does not declare (a password hash, a token)", () => {
    const out = serialize(user, { ...value, password_hash: "$argon2id$secret", token_hash: "abc" });
    expect(out).not.toContain("argon2id");
    expect(out).not.toContain("token_hash");
    const nested = serialize(user, { ...value, team: { id: "t", name: "Tech", secret: "x" } });
    expect(JSON.parse(nested).team).toEqual({ id: "t", name: "Tech" });
  });

  it("writes dates as ISO 8601 strings, inside arrays too", () => {
    const list = z.object({ results: z.array(user) });
    expect(JSON.parse(serialize(list, { results: [value] })).results[0].created_at).toBe(
      "2026-11-24T10:00:00.000Z",
    );
  });
});

describe("nullable properties", () => {
  const ticket = z.object({
    id: z.uuid(),
    contact: z.object({ id: z.uuid(), name: z.string(), email: z.string() }).nullable(),
    due_date: z.date().nullable(),
    note: z.string().nullable(),
    either: z
      .union([
        z.object({ kind: z.literal("a"), a: z.string() }),
        z.object({ kind: z.literal("b"), b: z.number() }),
      ])
      .nullable(),
  });
  const id = "0194f3a2-7c1e-7d3a-9b2c-1234567890ab";

  it("are written without validating branches, null or not", () => {
    const full = {
      id,
      contact: { id, name: "Ana", email: "ana@example.com", password_hash: "x" },
      due_date: new Date("2026-12-02T10:00:00.000Z"),
      note: "n",
      either: { kind: "b", b: 2 },
    };
    expect(JSON.parse(serialize(ticket, full))).toEqual({
      id,
      contact: { id, name: "Ana", email: "ana@example.com" },
      due_date: "2026-12-02T10:00:00.000Z",
      note: "n",
      either: { kind: "b", b: 2 },
    });
    const empty = { id, contact: null, due_date: null, note: null, either: null };
    expect(JSON.parse(serialize(ticket, empty))).toEqual(empty);
  });

  it("become one nullable schema; a union or null keeps its branches", () => {
    const schema = nullableWithoutBranches(responseJsonSchema(ticket)) as {
      properties: Record<string, Record<string, unknown>>;
    };
    expect(schema.properties.contact).toMatchObject({ type: "object", nullable: true });
    expect(schema.properties.contact).not.toHaveProperty("anyOf");
    expect(schema.properties.due_date).toMatchObject({ type: "string", format: "date-time", nullable: true });
    expect(schema.properties.either).toHaveProperty("anyOf");
  });
});

describe("strings that cannot need escaping", () => {
  const row = z.object({
    id: z.uuid(),
    owner_id: z.uuid().nullable(),
    status: z.enum(["new", "in_progress"]),
    subject: z.string(),
    odd: z.enum(['say "hi"', "plain"]),
  });
  const schema = responseJsonSchema(row) as { properties: Record<string, Record<string, unknown>> };

  it("ids and plain enum values are written as they are; any other string is escaped", () => {
    expect(schema.properties.id?.format).toBe("unsafe");
    expect(schema.properties.status?.format).toBe("unsafe");
    expect(schema.properties.subject?.format).toBeUndefined();
    expect(schema.properties.odd?.format).toBeUndefined();
  });

  it("still writes the same JSON", () => {
    const value = {
      id: "0194f3a2-7c1e-7d3a-9b2c-1234567890ab",
      owner_id: null,
      status: "in_progress",
      subject: 'A "quoted" \\ subject\n',
      odd: 'say "hi"',
    };
    expect(JSON.parse(serialize(row, value))).toEqual(value);
  });
});
