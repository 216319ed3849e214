import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../test/databases.js";
import { createTestCompany, createTestContact, findTeamId } from "../test/factories.js";
import { closeTestApp, createTestApp, createTestUser, type TestApp, type TestUser } from "../test/http.js";
import { renderedOutbox } from "../test/rendered-outbox.js";
import { runTicketCreatedJob } from "../test/ticket-created-job.js";
import { receiveMail } from "./process-inbound-mail.js";

/** The mails a change queues (SPEC §6 "Outbound"): to the contact, and to agents who want them. */
for (const engine of testEngines()) {
  describe(`mails queued by changes [${engine}]`, () => {
    let t: TestApp;
    let admin: TestUser;
    let tara: TestUser;
    let omar: TestUser;
    let techId: string;

    beforeAll(async () => {
      t = await createTestApp(engine);
      techId = await findTeamId(t.app.ctx.db, "Tech");
      admin = await createTestUser(t.app, { role: "admin", name: "Ada Admin" });
      tara = await createTestUser(t.app, { name: "Tara", team_id: techId });
      omar = await createTestUser(t.app, { name: "Omar", team_id: techId });
    }, 60_000);
    afterAll(async () => closeTestApp(t));

    const runCreationJob = (ticketId: string) => runTicketCreatedJob(t.app.ctx, ticketId);

    const mails = (ticketId: string) => renderedOutbox(t.app.ctx, ticketId);

    async function newTicket() {
      const company = await createTestCompany(t.app.ctx.db);
      const contact = await createTestContact(t.app.ctx.db, company.id, {
        name: "Nina",
        email: `nina${Date.now()}@acme.example`,
      });
      const created = await t.app.inject({
        method: "POST",
        url: "/api/v1/tickets",
        headers: admin.headers,
        payload: {
          company_id: company.id,
          contact_id: contact.id,
          subject: "Router reboots",
          description: "Nightly",
        },
      });
      return { ticket: created.json(), contact };
    }

    it("mails 'assigned to you' to the new assignee, not to one who assigns themself, and 'resolved' to the contact", async () => {
      const { ticket, contact } = await newTicket();
      await t.app.inject({
        method: "PATCH",
        url: `/api/v1/tickets/${ticket.id}`,
        headers: admin.headers,
        payload: { assigned_to: tara.id },
      });
      await t.app.inject({
        method: "PATCH",
        url: `/api/v1/tickets/${ticket.id}`,
        headers: omar.headers,
        payload: { assigned_to: omar.id },
      });
      await t.app.inject({
        method: "PATCH",
        url: `/api/v1/tickets/${ticket.id}`,
        headers: omar.headers,
        payload: { status: "resolved" },
      });
      const queued = await mails(ticket.id);
      expect(queued.map((m) => [m.kind, m.to_address])).toEqual([
        ["assigned-to-you", tara.email.toLowerCase()],
        ["resolved", contact.email],
      ]);
      expect(queued[0]?.text_body).toContain("Ada Admin");
      expect(queued[1]?.subject).toContain(`[${ticket.ticket_number}]`);
    });

    it("tells the team and the assignee of a ticket created in the web app, but not its creator", async () => {
      const company = await createTestCompany(t.app.ctx.db);
      const created = await t.app.inject({
        method: "POST",
        url: "/api/v1/tickets",
        headers: omar.headers,
        payload: {
          company_id: company.id,
          subject: "Server room too warm",
          description: "31 °C",
          category: "technical",
          assigned_to: tara.id,
        },
      });
      expect(created.json().assigned_team.id).toBe(techId);
      await runCreationJob(created.json().id);
      const queued = (await mails(created.json().id)).map((m) => [m.kind, m.to_address]);
      expect(queued.sort()).toEqual(
        [
          ["assigned-to-you", tara.email.toLowerCase()],
          ["new-ticket-in-team", tara.email.toLowerCase()],
        ].sort(),
      );
    });

    it("leaves out the mails a user turned off", async () => {
      await t.app.inject({
        method: "PATCH",
        url: "/api/v1/users/me/notifications",
        headers: tara.headers,
        payload: { notify_assigned: false },
      });
      const { ticket } = await newTicket();
      await t.app.inject({
        method: "PATCH",
        url: `/api/v1/tickets/${ticket.id}`,
        headers: admin.headers,
        payload: { assigned_to: tara.id },
      });
      expect(await mails(ticket.id)).toEqual([]);
      await t.app.inject({
        method: "PATCH",
        url: "/api/v1/users/me/notifications",
        headers: tara.headers,
        payload: { notify_assigned: true },
      });
    });

    it("tells the team of a new ticket by mail, and the assignee of the customer's reply", async () => {
      const mailbox = await t.app.inject({
        method: "POST",
        url: "/api/v1/mailboxes",
        headers: admin.headers,
        payload: { name: "Tech support", address: "tech@desk.example", team_id: techId },
      });
      const raw = (id: string, extra: string[] = []) =>
        Buffer.from(
          [
            "From: Kim <kim@globex.example>",
            "To: tech@desk.example",
            "Subject: Monitor flickers",
            `Message-ID: <${id}@globex.example>`,
            ...extra,
            "",
            "The monitor flickers when it warms up.",
          ].join("\r\n"),
        );
      const first = await receiveMail(t.app.ctx, {
        raw: raw("m1"),
        via: "smtp",
        mailboxId: mailbox.json().id,
      });
      const row = await t.app.ctx.db
        .selectFrom("inbound_mails")
        .select("ticket_id")
        .where("id", "=", first.id ?? "")
        .executeTakeFirstOrThrow();
      const ticketId = row.ticket_id ?? "";
      await runCreationJob(ticketId);
      const team = (await mails(ticketId))
        .filter((m) => m.kind === "new-ticket-in-team")
        .map((m) => m.to_address);
      expect(team.sort()).toEqual([tara.email, omar.email].map((e) => e.toLowerCase()).sort());

      await t.app.inject({
        method: "PATCH",
        url: `/api/v1/tickets/${ticketId}`,
        headers: admin.headers,
        payload: { assigned_to: omar.id },
      });
      await receiveMail(t.app.ctx, {
        raw: raw("m2", ["In-Reply-To: <m1@globex.example>"]),
        via: "smtp",
        mailboxId: mailbox.json().id,
      });
      const replied = (await mails(ticketId)).filter((m) => m.kind === "customer-replied");
      expect(replied.map((m) => m.to_address)).toEqual([omar.email.toLowerCase()]);
    });
  });
}
