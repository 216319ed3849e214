import { expect, it } from "vitest";
import { createTestTicket } from "../test/factories.js";
import { createTestUser, describeApi } from "../test/http.js";

describeApi("first-run demo data", (use) => {
  const load = (headers: Record<string, string>, payload: object) =>
    use().app.inject({ method: "POST", url: "/api/v1/demo-data", headers, payload });
  const ticketCount = async () =>
    (await use().database.db.selectFrom("tickets").select("id").execute()).length;

  it("lets an admin fill an empty help desk once; agents and bad sizes are refused", async () => {
    const admin = await createTestUser(use().app, { role: "admin" });
    const agent = await createTestUser(use().app, { role: "agent" });

    expect((await load(agent.headers, { tickets: 5 })).statusCode).toBe(403);
    expect((await load({}, { tickets: 5 })).statusCode).toBe(401);
    const tooMany = await load(admin.headers, { tickets: 5001 });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.details[0].field).toBe("tickets");
    expect((await load(admin.headers, { tickets: 5, colour: "red" })).statusCode).toBe(400);
    expect(await ticketCount()).toBe(0);

    const loaded = await load(admin.headers, { tickets: 12 });
    expect(loaded.statusCode).toBe(201);
    expect(loaded.json()).toMatchObject({ tickets: 12, agent_password: expect.any(String) });
    expect(loaded.json().companies).toBeGreaterThan(0);
    expect(loaded.json().agents).toBeGreaterThan(0);
    expect(await ticketCount()).toBe(12);

    const tickets = await use().app.inject({ method: "GET", url: "/api/v1/tickets", headers: admin.headers });
    expect(tickets.json().count).toBe(12);

    const again = await load(admin.headers, {});
    expect(again.statusCode).toBe(409);
    expect(await ticketCount()).toBe(12);
  });
});

describeApi("demo data next to real tickets", (use) => {
  it("refuses with 409 once any ticket exists, and loads nothing", async () => {
    const admin = await createTestUser(use().app, { role: "admin" });
    await createTestTicket(use().database.db);
    const response = await use().app.inject({
      method: "POST",
      url: "/api/v1/demo-data",
      headers: admin.headers,
      payload: {},
    });
    expect(response.statusCode).toBe(409);
    const demoUsers = await use()
      .database.db.selectFrom("users")
      .select("id")
      .where("email", "like", "%@ticketdesk.example")
      .execute();
    expect(demoUsers).toHaveLength(0);
  });
});
