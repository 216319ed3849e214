import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../test/databases.js";
import { createTestCompany, createTestContact, findTeamId } from "../test/factories.js";
import { closeTestApp, createTestApp, createTestUser, type TestApp, type TestUser } from "../test/http.js";
import { sweepSla } from "./sla-sweep.js";

const minute = 60_000;

/** SPEC §7 on real tickets through the API: due times, pause, recompute, the sweep, escalation, auto-close. */
for (const engine of testEngines()) {
  describe(`ticket SLA through the API [${engine}]`, () => {
    let t: TestApp;
    let admin: TestUser;
    let agent: TestUser;
    let companyId: string;
    let contactId: string;
    let techId: string;

    beforeAll(async () => {
      t = await createTestApp(engine);
      techId = await findTeamId(t.app.ctx.db, "Tech");
      admin = await createTestUser(t.app, { role: "admin", name: "Ada Admin", team_id: techId });
      agent = await createTestUser(t.app, { name: "Tara", team_id: techId });
      const company = await createTestCompany(t.app.ctx.db);
      companyId = company.id;
      contactId = (await createTestContact(t.app.ctx.db, company.id)).id;
    }, 60_000);
    afterAll(async () => closeTestApp(t));

    async function create(payload: Record<string, unknown> = {}) {
      const res = await t.app.inject({
        method: "POST",
        url: "/api/v1/tickets",
        headers: agent.headers,
        payload: {
          company_id: companyId,
          contact_id: contactId,
          subject: "Music stops at noon",
          description: "Every day",
          ...payload,
        },
      });
      expect(res.statusCode).toBe(201);
      return res.json();
    }
    async function patch(id: string, payload: Record<string, unknown>, headers = agent.headers) {
      const res = await t.app.inject({ method: "PATCH", url: `/api/v1/tickets/${id}`, headers, payload });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    }
    const at = (iso: string) => new Date(iso).getTime();
    const events = async (id: string) =>
      (
        await t.app.inject({ method: "GET", url: `/api/v1/tickets/${id}/events`, headers: agent.headers })
      ).json().results as { type: string; field: string | null; new_value: string | null }[];

    it("gives a new ticket its policy's due times, a due date that follows them, and ok states", async () => {
      const ticket = await create({ priority: "high" });
      const created = at(ticket.created_at);
      expect(at(ticket.first_response_due_at) - created).toBe(240 * minute);
      expect(at(ticket.resolution_due_at) - created).toBe(1440 * minute);
      expect(ticket.due_date).toBe(ticket.resolution_due_at);
      expect(ticket.due_date_set_by_hand).toBe(false);
      expect(ticket.sla).toEqual({
        first_response: "ok",
        resolution: "ok",
        next_due_at: ticket.first_response_due_at,
      });
    });

    it("recomputes both targets from creation on a priority change, and keeps a due date set by hand", async () => {
      const ticket = await create({ priority: "low" });
      const urgent = await patch(ticket.id, { priority: "urgent" });
      expect(at(urgent.first_response_due_at) - at(ticket.created_at)).toBe(60 * minute);
      expect(at(urgent.resolution_due_at) - at(ticket.created_at)).toBe(240 * minute);
      expect(urgent.due_date).toBe(urgent.resolution_due_at);
      const byHand = "2031-05-01T10:00:00.000Z";
      const set = await patch(ticket.id, { due_date: byHand });
      expect(set.due_date).toBe(byHand);
      expect(set.due_date_set_by_hand).toBe(true);
      const again = await patch(ticket.id, { priority: "high" });
      expect(again.due_date).toBe(byHand);
      const cleared = await patch(ticket.id, { due_date: null });
      expect(cleared.due_date).toBe(cleared.resolution_due_at);
      expect(cleared.due_date_set_by_hand).toBe(false);
    });

    it("pauses the resolution clock on pending and pushes the due time back when it resumes", async () => {
      const ticket = await create({ priority: "urgent" });
      const pending = await patch(ticket.id, { status: "pending" });
      expect(pending.sla.resolution).toBe("paused");
      expect(pending.sla.next_due_at).toBe(pending.first_response_due_at);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const resumed = await patch(ticket.id, { status: "in_progress" });
      const pushed = at(resumed.resolution_due_at) - at(ticket.resolution_due_at);
      expect(pushed).toBeGreaterThanOrEqual(250);
      expect(pushed).toBeLessThan(60_000);
      expect(resumed.sla.resolution).toBe("ok");
    });

    it("starts a new resolution target on a reopen", async () => {
      const ticket = await create({ priority: "urgent" });
      await patch(ticket.id, { status: "resolved" });
      const reopened = await patch(ticket.id, { status: "in_progress" });
      expect(at(reopened.resolution_due_at)).toBeGreaterThan(at(ticket.resolution_due_at));
      expect(at(reopened.resolution_due_at) - Date.now()).toBeGreaterThan(239 * minute);
    });

    it("uses a policy changed by an admin for the next ticket (every instance's book is told)", async () => {
      const policies = (
        await t.app.inject({ method: "GET", url: "/api/v1/sla-policies?limit=100", headers: admin.headers })
      ).json().results as { id: string; priority: string; team: unknown }[];
      const low = policies.find((p) => p.priority === "low" && p.team === null);
      expect(low).toBeDefined();
      await create({ priority: "low" }); // the book holds the old targets now
      const changed = await t.app.inject({
        method: "PATCH",
        url: `/api/v1/sla-policies/${low?.id}`,
        headers: admin.headers,
        payload: { first_response_minutes: 30 },
      });
      expect(changed.statusCode, changed.body).toBe(200);
      await expect
        .poll(async () => {
          const ticket = await create({ priority: "low" });
          return at(ticket.first_response_due_at) - at(ticket.created_at);
        })
        .toBe(30 * minute);
    });

    it("orders the queue by the next SLA due time", async () => {
      const late = await create({ priority: "medium", subject: "sla order late" });
      const soon = await create({ priority: "urgent", subject: "sla order soon" });
      const res = await t.app.inject({
        method: "GET",
        url: "/api/v1/tickets?search=sla%20order&ordering=sla_due",
        headers: agent.headers,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().results.map((r: { id: string }) => r.id)).toEqual([soon.id, late.id]);
    });

    it("announces a warning and a breach once each, tells the assignee, and escalates as the policy says", async () => {
      const policies = (
        await t.app.inject({ method: "GET", url: "/api/v1/sla-policies?limit=100", headers: admin.headers })
      ).json().results as { id: string; priority: string; team: unknown }[];
      const medium = policies.find((p) => p.priority === "medium" && p.team === null);
      await t.app.inject({
        method: "PATCH",
        url: `/api/v1/sla-policies/${medium?.id}`,
        headers: admin.headers,
        payload: { escalation: { raise_priority: true, notify_team_admins: true } },
      });
      const ticket = await create({ priority: "medium", assigned_to: agent.id, subject: "sla sweep" });
      const created = at(ticket.created_at);
      // 80% of the first response (480 min): a warning only.
      await sweepSla(t.app.ctx, new Date(created + 400 * minute));
      let history = await events(ticket.id);
      expect(history.filter((e) => e.type.startsWith("sla_"))).toEqual([
        expect.objectContaining({ type: "sla_warning", field: "first_response" }),
      ]);
      await sweepSla(t.app.ctx, new Date(created + 401 * minute));
      expect((await events(ticket.id)).filter((e) => e.type.startsWith("sla_"))).toHaveLength(1);
      // Past it: the breach, its escalation (one step up, once), and the mails.
      await sweepSla(t.app.ctx, new Date(created + 500 * minute));
      await sweepSla(t.app.ctx, new Date(created + 501 * minute));
      history = await events(ticket.id);
      expect(history.filter((e) => e.type === "sla_breached")).toEqual([
        expect.objectContaining({ field: "first_response" }),
      ]);
      const raised = history.filter((e) => e.type === "field_changed" && e.field === "priority");
      expect(raised).toEqual([expect.objectContaining({ new_value: "high" })]);
      const after = (
        await t.app.inject({ method: "GET", url: `/api/v1/tickets/${ticket.id}`, headers: agent.headers })
      ).json();
      expect(after.priority).toBe("high");
      const mails = await t.app.ctx.db
        .selectFrom("outbound_mails")
        .select(["kind", "to_address"])
        .where("ticket_id", "=", ticket.id)
        .where("kind", "in", ["sla-warning", "sla-breached"])
        .orderBy("created_at")
        .execute();
      expect(mails).toEqual(
        expect.arrayContaining([
          { kind: "sla-warning", to_address: agent.email.toLowerCase() },
          { kind: "sla-breached", to_address: agent.email.toLowerCase() },
          { kind: "sla-breached", to_address: admin.email.toLowerCase() },
        ]),
      );
    });

    it("closes a ticket resolved longer than the auto-close setting, once, as the system", async () => {
      const ticket = await create({ subject: "auto close me" });
      await patch(ticket.id, { status: "resolved" });
      const fiveDays = Date.now() + 5 * 24 * 60 * minute;
      const first = await sweepSla(t.app.ctx, new Date(fiveDays));
      expect(first.closed).toBeGreaterThanOrEqual(1);
      const closed = (
        await t.app.inject({ method: "GET", url: `/api/v1/tickets/${ticket.id}`, headers: agent.headers })
      ).json();
      expect(closed.status).toBe("closed");
      const history = (await events(ticket.id)).filter(
        (e) => e.field === "status" && e.new_value === "closed",
      );
      expect(history).toHaveLength(1);
      await sweepSla(t.app.ctx, new Date(fiveDays));
      expect((await events(ticket.id)).filter((e) => e.new_value === "closed")).toHaveLength(1);
      // Never, when the setting says so.
      await t.app.inject({
        method: "PATCH",
        url: "/api/v1/settings",
        headers: admin.headers,
        payload: { auto_close_after_days: null },
      });
      const kept = await create({ subject: "keep me resolved" });
      await patch(kept.id, { status: "resolved" });
      await sweepSla(t.app.ctx, new Date(Date.now() + 400 * 24 * 60 * minute));
      const still = (
        await t.app.inject({ method: "GET", url: `/api/v1/tickets/${kept.id}`, headers: agent.headers })
      ).json();
      expect(still.status).toBe("resolved");
      await t.app.inject({
        method: "PATCH",
        url: "/api/v1/settings",
        headers: admin.headers,
        payload: { auto_close_after_days: 4 },
      });
    });
  });
}
