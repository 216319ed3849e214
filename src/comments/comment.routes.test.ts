import { beforeAll, expect, it } from "vitest";
import type { Actor } from "../server/context.js";
import { createTestTicket } from "../test/factories.js";
import { createTestUser, describeApi, type TestUser } from "../test/http.js";
import { searchComments } from "./comment.service.js";

describeApi("comments", (use, engine) => {
  let agent: TestUser;
  let otherAgent: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    const { app } = use();
    agent = await createTestUser(app, { role: "agent", name: "Alice Agent" });
    otherAgent = await createTestUser(app, { role: "agent", name: "Bob Agent" });
    admin = await createTestUser(app, { role: "admin", name: "Ada Admin" });
  });

  const post = (ticketId: string, user: TestUser, payload: unknown) =>
    use().app.inject({
      method: "POST",
      url: `/api/v1/tickets/${ticketId}/comments`,
      headers: user.headers,
      payload: payload as object,
    });

  const ticketRow = (id: string) =>
    use().database.db.selectFrom("tickets").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

  const eventsOf = (id: string) =>
    use()
      .database.db.selectFrom("ticket_events")
      .select(["type", "field", "old_value", "new_value", "actor_id"])
      .where("ticket_id", "=", id)
      .orderBy("created_at")
      .orderBy("id")
      .execute();

  it("marks internal notes, and only an agent's public reply is the first response", async () => {
    const ticket = await createTestTicket(use().database.db);
    const note = await post(ticket.id, agent, {
      text: "  Customer sounds upset, check billing first  ",
      is_internal: true,
    });
    expect(note.statusCode).toBe(201);
    expect(note.json()).toMatchObject({
      ticket_id: ticket.id,
      text: "Customer sounds upset, check billing first",
      is_internal: true,
      author: { id: agent.id, name: "Alice Agent", email: agent.email },
      abilities: { edit: true, delete: true },
    });
    const afterNote = await ticketRow(ticket.id);
    expect(afterNote.first_response_at).toBeNull();
    expect(afterNote.updated_at.getTime()).toBeGreaterThan(ticket.updated_at.getTime());

    const reply = await post(ticket.id, agent, { text: "We are looking into it." });
    expect(reply.statusCode).toBe(201);
    expect(reply.json().is_internal).toBe(false);
    const answered = await ticketRow(ticket.id);
    expect(answered.first_response_at?.toISOString()).toBe(reply.json().created_at);
    expect(answered.updated_at.toISOString()).toBe(reply.json().created_at);

    const later = await post(ticket.id, admin, { text: "Fixed now." });
    expect(later.statusCode).toBe(201);
    expect((await ticketRow(ticket.id)).first_response_at).toEqual(answered.first_response_at);

    expect(await eventsOf(ticket.id)).toEqual([
      {
        type: "commented",
        field: "internal_note",
        old_value: null,
        new_value: "Customer sounds upset, check billing first",
        actor_id: agent.id,
      },
      {
        type: "commented",
        field: "comment",
        old_value: null,
        new_value: "We are looking into it.",
        actor_id: agent.id,
      },
      { type: "commented", field: "comment", old_value: null, new_value: "Fixed now.", actor_id: admin.id },
    ]);

    const thread = await use().app.inject({
      method: "GET",
      url: `/api/v1/tickets/${ticket.id}/comments`,
      headers: otherAgent.headers,
    });
    expect(thread.statusCode).toBe(200);
    expect(thread.json().count).toBe(3);
    expect(thread.json().results.map((c: { text: string }) => c.text)).toEqual([
      "Customer sounds upset, check billing first",
      "We are looking into it.",
      "Fixed now.",
    ]);
    // Abilities are the caller's: another agent may not touch Alice's words.
    expect(thread.json().results[0].abilities).toEqual({ edit: false, delete: false });

    const page = await use().app.inject({
      method: "GET",
      url: `/api/v1/tickets/${ticket.id}/comments?limit=1&offset=1`,
      headers: agent.headers,
    });
    expect(page.json()).toMatchObject({ count: 3, results: [{ text: "We are looking into it." }] });
  });

  it("rejects empty, oversize and unknown input, unknown tickets and anonymous callers", async () => {
    const ticket = await createTestTicket(use().database.db);
    const blank = await post(ticket.id, agent, { text: "   " });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.details[0].field).toBe("text");
    expect((await post(ticket.id, agent, { text: "x".repeat(50_001) })).statusCode).toBe(400);
    expect((await post(ticket.id, agent, { text: "x".repeat(50_000) })).statusCode).toBe(201);
    expect((await post(ticket.id, agent, { text: "hi", author_id: admin.id })).statusCode).toBe(400);
    expect((await post(ticket.id, agent, { text: "hi", is_internal: "yes" })).statusCode).toBe(400);
    const missing = await post("0190f1e2-7c3b-7000-8000-000000000000", agent, { text: "hi" });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe("not_found");
    const anonymous = await use().app.inject({
      method: "POST",
      url: `/api/v1/tickets/${ticket.id}/comments`,
      payload: { text: "hi" },
    });
    expect(anonymous.statusCode).toBe(401);
    expect((await ticketRow(ticket.id)).first_response_at).not.toBeNull();
  });

  it("lets the author or an admin edit and delete, never another agent", async () => {
    const ticket = await createTestTicket(use().database.db);
    const comment = (await post(ticket.id, agent, { text: "Try restarting the player" })).json();
    const patch = (user: TestUser, text: string) =>
      use().app.inject({
        method: "PATCH",
        url: `/api/v1/comments/${comment.id}`,
        headers: user.headers,
        payload: { text },
      });
    const remove = (user: TestUser) =>
      use().app.inject({ method: "DELETE", url: `/api/v1/comments/${comment.id}`, headers: user.headers });

    const refused = await patch(otherAgent, "Hijacked");
    expect(refused.statusCode).toBe(403);
    expect((await remove(otherAgent)).statusCode).toBe(403);

    const own = await patch(agent, "Try restarting the player, then the router");
    expect(own.statusCode).toBe(200);
    expect(own.json().text).toBe("Try restarting the player, then the router");

    const byAdmin = await patch(admin, "Try restarting the player (edited by admin)");
    expect(byAdmin.statusCode).toBe(200);
    expect(byAdmin.json()).toMatchObject({
      text: "Try restarting the player (edited by admin)",
      author: { id: agent.id },
      abilities: { edit: true, delete: true },
    });
    expect(new Date(byAdmin.json().updated_at).getTime()).toBeGreaterThan(
      new Date(comment.updated_at).getTime(),
    );

    const internalChange = await use().app.inject({
      method: "PATCH",
      url: `/api/v1/comments/${comment.id}`,
      headers: agent.headers,
      payload: { is_internal: true },
    });
    expect(internalChange.statusCode).toBe(400);

    expect((await remove(admin)).statusCode).toBe(204);
    expect((await remove(admin)).statusCode).toBe(404);
    expect((await patch(agent, "again")).statusCode).toBe(404);

    const events = await eventsOf(ticket.id);
    expect(events.map((e) => e.type)).toEqual([
      "commented",
      "comment_edited",
      "comment_edited",
      "comment_deleted",
    ]);
    expect(events[1]).toMatchObject({
      old_value: "Try restarting the player",
      new_value: "Try restarting the player, then the router",
      actor_id: agent.id,
    });
    expect(events[3]).toMatchObject({
      old_value: "Try restarting the player (edited by admin)",
      actor_id: admin.id,
    });
    // The reply was sent: deleting it does not undo the first response.
    expect((await ticketRow(ticket.id)).first_response_at).not.toBeNull();
  });

  it("lists comments across tickets, newest first, with filters and search", async () => {
    const db = use().database.db;
    const printer = await createTestTicket(db, { subject: "Printer jams on every page" });
    const music = await createTestTicket(db, { subject: "Zone volume too low" });
    await post(printer.id, agent, { text: "The printers in building B were replaced" });
    await post(printer.id, otherAgent, { text: "Ordered new toner", is_internal: true });
    await post(music.id, otherAgent, { text: "Raised the volume limit for the lobby zone" });

    const list = async (query: string) => {
      const response = await use().app.inject({
        method: "GET",
        url: `/api/v1/comments?${query}`,
        headers: admin.headers,
      });
      expect(response.statusCode).toBe(200);
      return response.json() as { count: number; results: { text: string; ticket: { id: string } }[] };
    };
    const texts = (page: { results: { text: string }[] }) => page.results.map((c) => c.text);

    const byTicket = await list(`ticket_id=${printer.id}`);
    expect(texts(byTicket)).toEqual(["Ordered new toner", "The printers in building B were replaced"]);
    expect(byTicket.results[0]?.ticket).toEqual({
      id: printer.id,
      ticket_number: printer.ticket_number,
      subject: "Printer jams on every page",
    });
    expect(texts(await list(`ticket_id=${printer.id}&is_internal=true`))).toEqual(["Ordered new toner"]);
    expect(texts(await list(`ticket_id=${printer.id}&is_internal=false`))).toEqual([
      "The printers in building B were replaced",
    ]);
    // Full-text search stems words: "printer" finds "printers".
    expect(texts(await list("search=printer"))).toContain("The printers in building B were replaced");
    expect(texts(await list(`search=${encodeURIComponent(music.ticket_number)}`))).toEqual([
      "Raised the volume limit for the lobby zone",
    ]);
    expect(texts(await list("search=jams")).sort()).toEqual(
      ["Ordered new toner", "The printers in building B were replaced"].sort(),
    );
    const byAuthor = await list(`search=bob%20agent&ticket_id=${music.id}`);
    expect(texts(byAuthor)).toEqual(["Raised the volume limit for the lobby zone"]);
    expect((await list("search=100%25_off")).count).toBe(0);

    const all = await list("limit=2");
    expect(all.results).toHaveLength(2);
    expect(all.count).toBeGreaterThanOrEqual(3);
    expect(all.results[0]?.text).toBe("Raised the volume limit for the lobby zone");
    expect(
      (await use().app.inject({ method: "GET", url: "/api/v1/comments?limit=101", headers: admin.headers }))
        .statusCode,
    ).toBe(400);
    expect(
      (await use().app.inject({ method: "GET", url: "/api/v1/comments?colour=red", headers: admin.headers }))
        .statusCode,
    ).toBe(400);
  });

  it("says count_capped once the comments matching pass the cap", async () => {
    const ticket = await createTestTicket(use().database.db);
    for (const text of ["One", "Two", "Three"]) await post(ticket.id, agent, { text });
    const response = await use().app.inject({
      method: "GET",
      url: `/api/v1/comments?ticket_id=${ticket.id}`,
      headers: admin.headers,
    });
    expect(response.json()).toMatchObject({ count: 3, count_capped: false });
    const actor: Actor = { ...admin, via: "token", session_id: null };
    const filters = { ticket_id: ticket.id, limit: 1, offset: 0 };
    const capped = await searchComments(use().app.ctx, actor, filters, 2);
    expect(capped).toMatchObject({ count: 2, count_capped: true });
    expect(capped.results).toHaveLength(1);
    expect(await searchComments(use().app.ctx, actor, filters, 3)).toMatchObject({
      count: 3,
      count_capped: false,
    });
  });

  it.runIf(engine === "postgres")(
    "keeps the earliest reply as first response when agents answer at once",
    async () => {
      const ticket = await createTestTicket(use().database.db);
      const replies = await Promise.all(
        [agent, otherAgent, admin, agent, otherAgent].map((user, i) =>
          post(ticket.id, user, { text: `Reply ${i}` }),
        ),
      );
      expect(replies.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201]);
      const earliest = replies.map((r) => r.json().created_at as string).sort()[0];
      expect((await ticketRow(ticket.id)).first_response_at?.toISOString()).toBe(earliest);
    },
  );
});
