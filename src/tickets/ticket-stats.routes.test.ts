import { expect, it } from "vitest";
import { createTestCompany } from "../test/factories.js";
import { createTestUser, describeApi } from "../test/http.js";

type Ticket = { id: string };

describeApi("ticket stats", (use) => {
  it("counts totals by status and priority, my open work, unassigned and overdue open tickets", async () => {
    const { app } = use();
    const db = app.ctx.db;
    const me = await createTestUser(app);
    const company = await createTestCompany(db);
    const get = async () => {
      const response = await app.inject({ method: "GET", url: "/api/v1/tickets/stats", headers: me.headers });
      expect(response.statusCode).toBe(200);
      return response.json();
    };
    expect(await get()).toEqual({
      total: 0,
      by_status: { new: 0, assigned: 0, in_progress: 0, pending: 0, resolved: 0, closed: 0 },
      by_priority: { low: 0, medium: 0, high: 0, urgent: 0 },
      my_open: 0,
      unassigned: 0,
      overdue: 0,
    });
    const create = async (body: Record<string, unknown>) => {
      const response = await app.inject({
        method: "POST",
        url: "/api/v1/tickets",
        headers: me.headers,
        payload: { company_id: company.id, category: "general", subject: "s", description: "d", ...body },
      });
      return response.json() as Ticket;
    };
    const past = "2021-01-01T00:00:00Z";
    await create({ priority: "urgent", due_date: past });
    await create({ assigned_to: me.id, priority: "high" });
    const mineDone = await create({ assigned_to: me.id, due_date: past });
    await app.inject({
      method: "PATCH",
      url: `/api/v1/tickets/${mineDone.id}`,
      headers: me.headers,
      payload: { status: "closed" },
    });
    const pending = await create({ priority: "low" });
    await app.inject({
      method: "PATCH",
      url: `/api/v1/tickets/${pending.id}`,
      headers: me.headers,
      payload: { status: "pending" },
    });
    expect(await get()).toEqual({
      total: 4,
      by_status: { new: 1, assigned: 1, in_progress: 0, pending: 1, resolved: 0, closed: 1 },
      by_priority: { low: 1, medium: 1, high: 1, urgent: 1 },
      my_open: 1,
      unassigned: 2,
      overdue: 1,
    });
  });

  it("stays exact through priority changes and deletes (kept by triggers, not recounted)", async () => {
    const { app } = use();
    const admin = await createTestUser(app, { role: "admin" });
    const company = await createTestCompany(app.ctx.db);
    const stats = async () =>
      (await app.inject({ method: "GET", url: "/api/v1/tickets/stats", headers: admin.headers })).json();
    const before = await stats();
    const created = await app.inject({
      method: "POST",
      url: "/api/v1/tickets",
      headers: admin.headers,
      payload: {
        company_id: company.id,
        category: "general",
        subject: "s",
        description: "d",
        priority: "low",
      },
    });
    const ticket = created.json() as Ticket;
    expect((await stats()).by_priority.low).toBe(before.by_priority.low + 1);
    await app.inject({
      method: "PATCH",
      url: `/api/v1/tickets/${ticket.id}`,
      headers: admin.headers,
      payload: { priority: "urgent" },
    });
    const changed = await stats();
    expect(changed.by_priority).toEqual({
      ...before.by_priority,
      urgent: before.by_priority.urgent + 1,
    });
    expect(changed.total).toBe(before.total + 1);
    const deleted = await app.inject({
      method: "DELETE",
      url: `/api/v1/tickets/${ticket.id}`,
      headers: admin.headers,
    });
    expect(deleted.statusCode).toBe(204);
    expect(await stats()).toEqual(before);
  });
});
