import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../test/databases.js";
import { findTeamId } from "../test/factories.js";
import { closeTestApp, createTestApp, createTestUser, type TestApp, type TestUser } from "../test/http.js";

const secret = "s3cret-imap-Passw0rd";

for (const engine of testEngines()) {
  describe(`mailboxes [${engine}]`, () => {
    let t: TestApp;
    let admin: TestUser;
    let agent: TestUser;

    beforeAll(async () => {
      t = await createTestApp(engine);
      admin = await createTestUser(t.app, { role: "admin" });
      agent = await createTestUser(t.app);
    }, 60_000);
    afterAll(async () => closeTestApp(t));

    const request = (
      method: "GET" | "POST" | "PATCH" | "DELETE",
      url: string,
      payload?: object,
      as = admin,
    ) => t.app.inject({ method, url: `/api/v1${url}`, headers: as.headers, ...(payload ? { payload } : {}) });

    it("keeps the IMAP password write-only: stored, used, never returned", async () => {
      const tech = await findTeamId(t.app.ctx.db, "Tech");
      const created = await request("POST", "/mailboxes", {
        name: "IT help",
        address: "IT@Help.example",
        team_id: tech,
        imap: {
          host: "imap.help.example",
          port: 993,
          secure: true,
          user: "it@help.example",
          password: secret,
        },
      });
      expect(created.statusCode).toBe(201);
      expect(created.body).not.toContain(secret);
      expect(created.json()).toMatchObject({
        address: "it@help.example",
        team: { id: tech, name: "Tech" },
        is_active: true,
        imap: { host: "imap.help.example", user: "it@help.example", folder: "INBOX", has_password: true },
        last_fetch_at: null,
        last_error: null,
      });
      const id = created.json().id;
      const renamed = await request("PATCH", `/mailboxes/${id}`, {
        name: "IT",
        imap: {
          host: "imap2.help.example",
          port: 993,
          secure: true,
          user: "it@help.example",
          folder: "Support",
        },
      });
      expect(renamed.statusCode).toBe(200);
      expect(renamed.json().imap).toMatchObject({
        host: "imap2.help.example",
        folder: "Support",
        has_password: true,
      });
      const stored = await t.app.ctx.db
        .selectFrom("mailboxes")
        .select("imap_password")
        .where("id", "=", id)
        .executeTakeFirstOrThrow();
      expect(stored.imap_password).toBe(secret);
      for (const url of ["/mailboxes", `/mailboxes/${id}`])
        expect((await request("GET", url)).body).not.toContain(secret);
      const openapi = await t.app.inject({ method: "GET", url: "/api/v1/openapi.json" });
      expect(openapi.json().components.schemas.Mailbox.properties.imap).toBeDefined();
      expect(JSON.stringify(openapi.json().components.schemas.Mailbox)).not.toContain('"password"');

      const removed = await request("PATCH", `/mailboxes/${id}`, { imap: null });
      expect(removed.json().imap).toBeNull();
      expect((await request("DELETE", `/mailboxes/${id}`)).statusCode).toBe(204);
      expect((await request("GET", `/mailboxes/${id}`)).statusCode).toBe(404);
    });

    it("names the offending field of bad input, and refuses a second mailbox for an address", async () => {
      const badAddress = await request("POST", "/mailboxes", { name: "X", address: "not an address" });
      expect(badAddress.statusCode).toBe(400);
      expect(badAddress.json().error.details[0].field).toBe("address");
      const badPort = await request("POST", "/mailboxes", {
        name: "X",
        address: "x@help.example",
        imap: { host: "imap.help.example", port: 99999, user: "x", password: "y" },
      });
      expect(badPort.statusCode).toBe(400);
      expect(badPort.json().error.details[0].field).toBe("imap.port");
      const noTeam = await request("POST", "/mailboxes", {
        name: "X",
        address: "x@help.example",
        team_id: "0193a4b2-0000-7000-8000-000000000000",
      });
      expect(noTeam.statusCode).toBe(400);
      expect(noTeam.json().error.details[0].field).toBe("team_id");
      expect(
        (await request("POST", "/mailboxes", { name: "Sales", address: "sales@help.example" })).statusCode,
      ).toBe(201);
      const taken = await request("POST", "/mailboxes", { name: "Sales 2", address: "SALES@help.example" });
      expect(taken.statusCode).toBe(409);
      expect(taken.json().error.details[0].field).toBe("address");
      const smtpOnly = (await request("GET", "/mailboxes"))
        .json()
        .results.find((m: { address: string }) => m.address === "sales@help.example");
      const test = await request("POST", `/mailboxes/${smtpOnly.id}/test`);
      expect(test.statusCode).toBe(400);
      expect(test.json().error.details[0].field).toBe("imap");
      const newImapWithoutPassword = await request("PATCH", `/mailboxes/${smtpOnly.id}`, {
        imap: { host: "imap.help.example", port: 993, user: "sales" },
      });
      expect(newImapWithoutPassword.statusCode).toBe(400);
      expect(newImapWithoutPassword.json().error.details[0].field).toBe("imap.password");
    });

    it("is for admins only", async () => {
      expect((await request("GET", "/mailboxes", undefined, agent)).statusCode).toBe(403);
      expect(
        (await request("POST", "/mailboxes", { name: "A", address: "a@help.example" }, agent)).statusCode,
      ).toBe(403);
      const me = await request("GET", "/auth/me", undefined, agent);
      expect(me.json().abilities.manage_mail).toBe(false);
    });

    it("lets each user turn their notification mails off and on", async () => {
      expect((await request("GET", "/users/me/notifications", undefined, agent)).json()).toEqual({
        notify_assigned: true,
        notify_customer_replied: true,
        notify_new_ticket_in_team: true,
      });
      const off = await request("PATCH", "/users/me/notifications", { notify_assigned: false }, agent);
      expect(off.json()).toMatchObject({ notify_assigned: false, notify_customer_replied: true });
      const bad = await request("PATCH", "/users/me/notifications", { notify_everything: false }, agent);
      expect(bad.statusCode).toBe(400);
    });
  });
}
