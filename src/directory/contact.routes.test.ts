import { beforeAll, expect, it } from "vitest";
import { createTestTicket } from "../test/factories.js";
import { createTestUser, describeApi, type TestUser } from "../test/http.js";
import { errorFields, requester } from "./test-requests.js";

describeApi("contacts", (use) => {
  const call = requester(use);
  let agent: TestUser;
  let acme: { id: string; name: string };
  let globex: { id: string; name: string };

  beforeAll(async () => {
    agent = await createTestUser(use().app, { role: "agent" });
    acme = (await call("POST", "/companies", agent, { name: "Acme", domain: "acme.example" })).body;
    globex = (await call("POST", "/companies", agent, { name: "Globex", domain: "globex.example" })).body;
  });

  const create = (payload: Record<string, unknown>) => call("POST", "/contacts", agent, payload);

  it("lets agents create, read and update contacts; emails are stored lower-case", async () => {
    const created = await create({
      company_id: acme.id,
      name: " Wile E. Coyote ",
      email: " Wile@ACME.example ",
      phone: "+1 555 0100",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "Wile E. Coyote",
      email: "wile@acme.example",
      phone: "+1 555 0100",
      company: { id: acme.id, name: "Acme" },
    });
    const id = created.body.id as string;
    expect((await call("GET", `/contacts/${id}`, agent)).body.email).toBe("wile@acme.example");

    const updated = await call("PATCH", `/contacts/${id}`, agent, { name: "Wile Coyote", phone: null });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: "Wile Coyote", phone: null, email: "wile@acme.example" });
    const noPhone = await create({ company_id: acme.id, name: "Road Runner", email: "beep@acme.example" });
    expect(noPhone.body.phone).toBeNull();
  });

  it("keeps emails unique within a company whatever the case (409), not across companies", async () => {
    await create({ company_id: acme.id, name: "Daffy", email: "daffy@acme.example" });
    const again = await create({ company_id: acme.id, name: "Daffy Two", email: "DAFFY@acme.example" });
    expect(again.status).toBe(409);
    expect(errorFields(again.body)).toEqual(["email"]);
    const elsewhere = await create({ company_id: globex.id, name: "Daffy", email: "daffy@acme.example" });
    expect(elsewhere.status).toBe(201);

    const bugs = (await create({ company_id: acme.id, name: "Bugs", email: "bugs@acme.example" })).body;
    const clash = await call("PATCH", `/contacts/${bugs.id}`, agent, { email: "Daffy@Acme.example" });
    expect(clash.status).toBe(409);
    expect((await call("PATCH", `/contacts/${bugs.id}`, agent, { email: "BUGS@acme.example" })).status).toBe(
      200,
    );
  });

  it("answers 400 naming the field for bad input and 404 for a missing contact", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ company_id: acme.id, name: "X", email: "not-an-email" }, "email"],
      [{ company_id: acme.id, name: "x".repeat(201), email: "x@acme.example" }, "name"],
      [{ company_id: "acme", name: "X", email: "x@acme.example" }, "company_id"],
      [{ name: "X", email: "x@acme.example" }, "company_id"],
      [
        { company_id: "01900000-0000-7000-8000-000000000000", name: "X", email: "x@acme.example" },
        "company_id",
      ],
      [{ company_id: acme.id, name: "X", email: "x@acme.example", phone: "1".repeat(51) }, "phone"],
      [{ company_id: acme.id, name: "X", email: "x@acme.example", title: "CEO" }, "title"],
    ];
    for (const [payload, field] of cases) {
      const response = await create(payload);
      expect(response.status, JSON.stringify(payload)).toBe(400);
      expect(errorFields(response.body)).toEqual([field]);
    }
    expect(errorFields((await call("GET", "/contacts?company_id=acme", agent)).body)).toEqual(["company_id"]);
    const missing = "01900000-0000-7000-8000-000000000000";
    expect((await call("GET", `/contacts/${missing}`, agent)).status).toBe(404);
    expect((await call("PATCH", `/contacts/${missing}`, agent, { name: "X" })).status).toBe(404);
    expect((await call("DELETE", `/contacts/${missing}`, agent)).status).toBe(404);
    expect((await call("GET", "/contacts", null)).status).toBe(401);
  });

  it("lists by name, filtered by company and searched by name or email", async () => {
    const initech = (await call("POST", "/companies", agent, { name: "Initech" })).body;
    for (const [name, email] of [
      ["Peter Gibbons", "peter@initech.example"],
      ["Milton Waddams", "stapler@initech.example"],
      ["bill Lumbergh", "bill@initech.example"],
    ]) {
      await create({ company_id: initech.id, name, email });
    }
    const all = await call("GET", `/contacts?company_id=${initech.id}`, agent);
    expect(all.body.count).toBe(3);
    expect(all.body.results.map((c: { name: string }) => c.name)).toEqual([
      "bill Lumbergh",
      "Milton Waddams",
      "Peter Gibbons",
    ]);
    const byEmail = await call("GET", `/contacts?company_id=${initech.id}&search=STAPLER`, agent);
    expect(byEmail.body).toMatchObject({ count: 1, results: [{ name: "Milton Waddams" }] });
    const byName = await call("GET", "/contacts?search=gibbons", agent);
    expect(byName.body.results.map((c: { email: string }) => c.email)).toEqual(["peter@initech.example"]);
    const page = await call("GET", `/contacts?company_id=${initech.id}&limit=1&offset=2`, agent);
    expect(page.body).toMatchObject({ count: 3, results: [{ name: "Peter Gibbons" }] });
  });

  it("moves a contact to another company only while it has no tickets", async () => {
    const mover = (await create({ company_id: acme.id, name: "Mover", email: "mover@acme.example" })).body;
    const moved = await call("PATCH", `/contacts/${mover.id}`, agent, { company_id: globex.id });
    expect(moved.status).toBe(200);
    expect(moved.body.company).toEqual({ id: globex.id, name: "Globex" });

    await createTestTicket(use().database.db, { company_id: globex.id, contact_id: mover.id });
    const refused = await call("PATCH", `/contacts/${mover.id}`, agent, { company_id: acme.id });
    expect(refused.status).toBe(409);
    expect(errorFields(refused.body)).toEqual(["company_id"]);
    expect((await call("GET", `/contacts/${mover.id}`, agent)).body.company.id).toBe(globex.id);
  });

  it("deletes a contact and keeps their tickets, without a contact", async () => {
    const { db } = use().database;
    const leaver = (await create({ company_id: acme.id, name: "Leaver", email: "leaver@acme.example" })).body;
    const ticket = await createTestTicket(db, { company_id: acme.id, contact_id: leaver.id });
    expect((await call("DELETE", `/contacts/${leaver.id}`, agent)).status).toBe(204);
    expect((await call("GET", `/contacts/${leaver.id}`, agent)).status).toBe(404);
    const kept = await db
      .selectFrom("tickets")
      .select(["id", "contact_id"])
      .where("id", "=", ticket.id)
      .executeTakeFirst();
    expect(kept).toEqual({ id: ticket.id, contact_id: null });
  });
});
