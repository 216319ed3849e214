import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiApp } from "../server/app.js";
import type { Actor } from "../server/context.js";
import { testEngines } from "../test/databases.js";
import { createTestTicket } from "../test/factories.js";
import {
  closeTestApp,
  createTestApp,
  createTestUser,
  describeApi,
  type TestApp,
  type TestUser,
} from "../test/http.js";
import { storageKeysOfTicket } from "./attachment.repository.js";
import { searchAttachments } from "./attachment.service.js";

const png = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5b1f5e90000000049454e44ae426082",
  "hex",
);

type Part = { field?: string; name: string; type?: string; content: Buffer | string };

/** A multipart/form-data request body as a browser sends it (file names as raw UTF-8). */
function multipart(parts: Part[]) {
  const boundary = "----ticketdesk-test-boundary";
  const chunks = parts.flatMap((part) => [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${part.field ?? "file"}"; filename="${part.name}"\r\n` +
        `Content-Type: ${part.type ?? "application/octet-stream"}\r\n\r\n`,
    ),
    Buffer.from(part.content),
    Buffer.from("\r\n"),
  ]);
  return {
    payload: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

function upload(app: ApiApp, ticketId: string, user: TestUser, parts: Part[]) {
  const body = multipart(parts);
  return app.inject({
    method: "POST",
    url: `/api/v1/tickets/${ticketId}/attachments`,
    headers: { ...user.headers, ...body.headers },
    payload: body.payload,
  });
}

/** Every file under the app's attachment storage (temporary uploads included). */
async function filesOnDisk(t: TestApp): Promise<string[]> {
  const root = path.join(t.dataDir, "attachments");
  const entries = await fs.readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describeApi("attachments", (use) => {
  let agent: TestUser;
  let otherAgent: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    const { app } = use();
    agent = await createTestUser(app, { role: "agent", name: "Alice Agent" });
    otherAgent = await createTestUser(app, { role: "agent" });
    admin = await createTestUser(app, { role: "admin" });
  });

  const eventsOf = (ticketId: string) =>
    use()
      .database.db.selectFrom("ticket_events")
      .select(["type", "field", "old_value", "new_value", "actor_id"])
      .where("ticket_id", "=", ticketId)
      .orderBy("created_at")
      .orderBy("id")
      .execute();

  it("stores uploads under generated keys with detected types, sanitized names and events", async () => {
    const t = use();
    const ticket = await createTestTicket(t.database.db);
    const response = await upload(t.app, ticket.id, agent, [
      { name: "C:\\Users\\alice\\screen shot.png", type: "application/octet-stream", content: png },
      { name: "../../etc/passwd", type: "text/plain; charset=utf-8", content: "root:x:0:0\n" },
      { name: "Résumé 日本.bin", type: "image/jpeg", content: Buffer.alloc(1536, 7) },
    ]);
    expect(response.statusCode).toBe(201);
    const [image, text, binary] = response.json().results;
    expect(image).toMatchObject({
      ticket_id: ticket.id,
      name: "screen shot.png",
      size: png.length,
      size_display: `${png.length} bytes`,
      content_type: "image/png",
      uploaded_by: { id: agent.id, name: "Alice Agent" },
      download_url: `/api/v1/attachments/${image.id}/download`,
      abilities: { delete: true },
    });
    expect(text).toMatchObject({ name: "passwd", content_type: "text/plain" });
    // The client's claim of image/jpeg is not believed for bytes that are no image.
    expect(binary).toMatchObject({
      name: "Résumé 日本.bin",
      size_display: "1.5 KB",
      content_type: "application/octet-stream",
    });

    const rows = await t.database.db
      .selectFrom("ticket_attachments")
      .select("storage_key")
      .where("ticket_id", "=", ticket.id)
      .execute();
    const stored = await filesOnDisk(t);
    for (const { storage_key } of rows) {
      expect(storage_key).toMatch(/^\d{4}\/\d{2}\/[0-9a-f-]{36}$/);
      expect(stored).toContain(path.join(t.dataDir, "attachments", storage_key));
    }
    expect(stored.some((file) => file.includes("passwd") || file.includes("screen"))).toBe(false);
    expect((await storageKeysOfTicket(t.database.db, ticket.id)).sort()).toEqual(
      rows.map((r) => r.storage_key).sort(),
    );

    expect(await eventsOf(ticket.id)).toEqual(
      ["screen shot.png", "passwd", "Résumé 日本.bin"].map((name) => ({
        type: "attachment_added",
        field: "attachment",
        old_value: null,
        new_value: name,
        actor_id: agent.id,
      })),
    );
    const after = await t.database.db
      .selectFrom("tickets")
      .select("updated_at")
      .where("id", "=", ticket.id)
      .executeTakeFirstOrThrow();
    expect(after.updated_at.getTime()).toBeGreaterThan(ticket.updated_at.getTime());
  });

  it("downloads with attachment disposition, exact length, type and nosniff", async () => {
    const t = use();
    const ticket = await createTestTicket(t.database.db);
    const [file] = (
      await upload(t.app, ticket.id, agent, [{ name: "Résumé (final).png", content: png }])
    ).json().results;
    const response = await t.app.inject({
      method: "GET",
      url: file.download_url,
      headers: otherAgent.headers,
    });
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.equals(png)).toBe(true);
    expect(response.headers["content-type"]).toBe("image/png");
    expect(response.headers["content-length"]).toBe(String(png.length));
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["content-disposition"]).toBe(
      `attachment; filename="Resume (final).png"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%28final%29.png`,
    );

    const missing = await t.app.inject({
      method: "GET",
      url: "/api/v1/attachments/0190f1e2-7c3b-7000-8000-000000000000/download",
      headers: agent.headers,
    });
    expect(missing.statusCode).toBe(404);
    // A row whose file is gone answers 404, not a broken stream.
    const key = (await storageKeysOfTicket(t.database.db, ticket.id))[0] ?? "";
    await fs.rm(path.join(t.dataDir, "attachments", key));
    const gone = await t.app.inject({ method: "GET", url: file.download_url, headers: agent.headers });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.code).toBe("not_found");
  });

  it("refuses non-multipart bodies with 415, and empty or mislabelled uploads with 400, leaving nothing", async () => {
    const t = use();
    const ticket = await createTestTicket(t.database.db);
    const before = await filesOnDisk(t);
    for (const [type, payload] of [
      ["application/json", '{"file":"x"}'],
      ["application/json", "{"],
      ["text/plain", "hello"],
    ] as const) {
      const response = await t.app.inject({
        method: "POST",
        url: `/api/v1/tickets/${ticket.id}/attachments`,
        headers: { ...agent.headers, "content-type": type },
        payload,
      });
      expect(response.statusCode, type).toBe(415);
      expect(response.json().error.code).toBe("unsupported_media_type");
    }
    const empty = multipart([]);
    const none = await t.app.inject({
      method: "POST",
      url: `/api/v1/tickets/${ticket.id}/attachments`,
      headers: { ...agent.headers, ...empty.headers },
      payload: empty.payload,
    });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.details[0].field).toBe("file");
    const wrongField = await upload(t.app, ticket.id, agent, [
      { name: "a.txt", type: "text/plain", content: "first" },
      { field: "document", name: "b.txt", type: "text/plain", content: "second" },
    ]);
    expect(wrongField.statusCode).toBe(400);
    expect(wrongField.json().error.details[0].field).toBe("document");
    const noTicket = await upload(t.app, "0190f1e2-7c3b-7000-8000-000000000000", agent, [
      { name: "a.txt", content: "x" },
    ]);
    expect(noTicket.statusCode).toBe(404);
    expect(await filesOnDisk(t)).toEqual(before);
    expect(await storageKeysOfTicket(t.database.db, ticket.id)).toEqual([]);
  });

  it("lets the uploader or an admin remove a file, which removes it from disk", async () => {
    const t = use();
    const ticket = await createTestTicket(t.database.db);
    const [mine, other] = (
      await upload(t.app, ticket.id, agent, [
        { name: "one.txt", type: "text/plain", content: "one" },
        { name: "two.txt", type: "text/plain", content: "two" },
      ])
    ).json().results;
    const [key1, key2] = (
      await t.database.db
        .selectFrom("ticket_attachments")
        .select(["id", "storage_key"])
        .where("ticket_id", "=", ticket.id)
        .orderBy("name")
        .execute()
    ).map((r) => path.join(t.dataDir, "attachments", r.storage_key));
    const remove = (id: string, user: TestUser) =>
      t.app.inject({ method: "DELETE", url: `/api/v1/attachments/${id}`, headers: user.headers });

    const listed = await t.app.inject({
      method: "GET",
      url: `/api/v1/attachments?ticket_id=${ticket.id}`,
      headers: otherAgent.headers,
    });
    expect(listed.json().results.map((a: { abilities: unknown }) => a.abilities)).toEqual([
      { delete: false },
      { delete: false },
    ]);
    const refused = await remove(mine.id, otherAgent);
    expect(refused.statusCode).toBe(403);
    expect(await filesOnDisk(t)).toContain(key1);

    expect((await remove(mine.id, agent)).statusCode).toBe(204);
    expect(await filesOnDisk(t)).not.toContain(key1);
    expect((await remove(other.id, admin)).statusCode).toBe(204);
    expect(await filesOnDisk(t)).not.toContain(key2);
    expect((await remove(other.id, admin)).statusCode).toBe(404);
    expect(await storageKeysOfTicket(t.database.db, ticket.id)).toEqual([]);
    const events = (await eventsOf(ticket.id)).filter((e) => e.type === "attachment_removed");
    expect(events).toEqual([
      {
        type: "attachment_removed",
        field: "attachment",
        old_value: "one.txt",
        new_value: null,
        actor_id: agent.id,
      },
      {
        type: "attachment_removed",
        field: "attachment",
        old_value: "two.txt",
        new_value: null,
        actor_id: admin.id,
      },
    ]);
  });

  it("lists files across tickets, newest first, searching file names and ticket numbers", async () => {
    const t = use();
    const first = await createTestTicket(t.database.db);
    const second = await createTestTicket(t.database.db, { subject: "Invoice missing" });
    await upload(t.app, first.id, agent, [
      { name: "router-config_v2.txt", type: "text/plain", content: "a" },
    ]);
    await upload(t.app, second.id, agent, [{ name: "Invoice 2026-11.pdf", content: "%PDF-1.4\n" }]);
    const list = async (query: string) => {
      const response = await t.app.inject({
        method: "GET",
        url: `/api/v1/attachments?${query}`,
        headers: admin.headers,
      });
      expect(response.statusCode).toBe(200);
      return response.json() as { count: number; results: { name: string; ticket: unknown }[] };
    };
    const found = await list("search=INVOICE");
    expect(found.results.map((a) => a.name)).toEqual(["Invoice 2026-11.pdf"]);
    expect(found.results[0]?.ticket).toEqual({
      id: second.id,
      ticket_number: second.ticket_number,
      subject: "Invoice missing",
    });
    expect((await list(`search=${first.ticket_number}`)).results.map((a) => a.name)).toEqual([
      "router-config_v2.txt",
    ]);
    // _ is a literal underscore, not a wildcard.
    expect((await list("search=config_v")).count).toBe(1);
    expect((await list("search=configXv")).count).toBe(0);
    const newest = await list("limit=1");
    expect(newest.results.map((a) => a.name)).toEqual(["Invoice 2026-11.pdf"]);
    expect(newest.count).toBeGreaterThanOrEqual(2);
    expect(
      (await t.app.inject({ method: "GET", url: "/api/v1/attachments?limit=0", headers: admin.headers }))
        .statusCode,
    ).toBe(400);
  });

  it("says count_capped once the files matching pass the cap", async () => {
    const ticket = await createTestTicket(use().database.db);
    await upload(use().app, ticket.id, agent, [
      { name: "one.txt", type: "text/plain", content: "1" },
      { name: "two.txt", type: "text/plain", content: "2" },
      { name: "three.txt", type: "text/plain", content: "3" },
    ]);
    const response = await use().app.inject({
      method: "GET",
      url: `/api/v1/attachments?ticket_id=${ticket.id}`,
      headers: admin.headers,
    });
    expect(response.json()).toMatchObject({ count: 3, count_capped: false });
    const actor: Actor = { ...admin, via: "token", session_id: null };
    const filters = { ticket_id: ticket.id, limit: 1, offset: 0 };
    const capped = await searchAttachments(use().app.ctx, actor, filters, 2);
    expect(capped).toMatchObject({ count: 2, count_capped: true });
    expect(capped.results).toHaveLength(1);
    expect(await searchAttachments(use().app.ctx, actor, filters, 3)).toMatchObject({
      count: 3,
      count_capped: false,
    });
  });
});

for (const engine of testEngines()) {
  describe(`attachment size limit [${engine}]`, () => {
    let t: TestApp | undefined;
    const app = () => t as TestApp;
    beforeAll(async () => {
      t = await createTestApp(engine, { ATTACHMENT_MAX_BYTES: "1024" });
    }, 60_000);
    afterAll(() => closeTestApp(t));

    it("answers 413 for a file over ATTACHMENT_MAX_BYTES and leaves no file and no row", async () => {
      const agent = await createTestUser(app().app);
      const ticket = await createTestTicket(app().database.db);
      const exact = await upload(app().app, ticket.id, agent, [
        { name: "exact.bin", content: Buffer.alloc(1024, 1) },
      ]);
      expect(exact.statusCode).toBe(201);
      expect(exact.json().results[0].size).toBe(1024);
      const kept = await filesOnDisk(app());
      expect(kept).toHaveLength(1);

      for (const parts of [
        [{ name: "big.bin", content: Buffer.alloc(1025, 1) }],
        // A good file before a bad one goes too: an upload is all or nothing.
        [
          { name: "small.txt", type: "text/plain", content: "fine" },
          { name: "huge.bin", content: Buffer.alloc(64 * 1024, 2) },
        ],
      ]) {
        const response = await upload(app().app, ticket.id, agent, parts);
        expect(response.statusCode).toBe(413);
        expect(response.json().error.code).toBe("payload_too_large");
        expect(await filesOnDisk(app())).toEqual(kept);
      }
      expect(await storageKeysOfTicket(app().database.db, ticket.id)).toHaveLength(1);
    });
  });
}
