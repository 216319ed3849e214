import { beforeAll, expect, it } from "vitest";
import { createTestTicket } from "../test/factories.js";
import { createTestUser, describeApi, type TestUser } from "../test/http.js";
import { errorFields, requester } from "./test-requests.js";

describeApi("companies", (use) => {
  const call = requester(use);
  let admin: TestUser;
  let agent: TestUser;

  beforeAll(async () => {
    admin = await createTestUser(use().app, { role: "admin" });
    agent = await createTestUser(use().app, { role: "agent" });
  });

  it("lets agents create, read and update companies; domains are stored lower-case", async () => {
    const created = await call("POST", "/companies", agent, {
      name: " Acme Music ",
      domain: " Acme-Music.EXAMPLE ",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "Acme Music",
      domain: "acme-music.example",
      tickets_count: 0,
      open_tickets_count: 0,
    });
    const id = created.body.id as string;
    expect((await call("GET", `/companies/${id}`, agent)).body.name).toBe("Acme Music");

    const renamed = await call("PATCH", `/companies/${id}`, agent, { name: "Acme Music Ltd" });
    expect(renamed.body).toMatchObject({ name: "Acme Music Ltd", domain: "acme-music.example" });
    const cleared = await call("PATCH", `/companies/${id}`, admin, { domain: "" });
    expect(cleared.status).toBe(200);
    expect(cleared.body.domain).toBeNull();
    const noDomain = await call("POST", "/companies", agent, { name: "Walk-in customers" });
    expect(noDomain.body.domain).toBeNull();
  });

  it("gives a domain to one company only (409)", async () => {
    await call("POST", "/companies", agent, { name: "Globex", domain: "globex.example" });
    const again = await call("POST", "/companies", agent, { name: "Globex Copy", domain: "GLOBEX.example" });
    expect(again.status).toBe(409);
    expect(errorFields(again.body)).toEqual(["domain"]);
    const other = (await call("POST", "/companies", agent, { name: "Initech", domain: "initech.example" }))
      .body;
    const steal = await call("PATCH", `/companies/${other.id}`, agent, { domain: "globex.example" });
    expect(steal.status).toBe(409);
    // Setting a company's own domain again is no clash.
    expect((await call("PATCH", `/companies/${other.id}`, agent, { domain: "initech.example" })).status).toBe(
      200,
    );
  });

  it("answers 400 naming the field for bad input and 404 for a missing company", async () => {
    const cases: [unknown, string][] = [
      [{ name: "x".repeat(201) }, "name"],
      [{ name: "" }, "name"],
      [{}, "name"],
      [{ name: "Ok", domain: "https://ok.example" }, "domain"],
      [{ name: "Ok", domain: "not a domain" }, "domain"],
      [{ name: "Ok", website: "ok.example" }, "website"],
    ];
    for (const [payload, field] of cases) {
      const response = await call("POST", "/companies", agent, payload);
      expect(response.status, JSON.stringify(payload)).toBe(400);
      expect(errorFields(response.body)).toEqual([field]);
    }
    expect(errorFields((await call("GET", "/companies/nope", agent)).body)).toEqual(["id"]);
    const missing = "01900000-0000-7000-8000-000000000000";
    expect((await call("GET", `/companies/${missing}`, agent)).status).toBe(404);
    expect((await call("PATCH", `/companies/${missing}`, agent, { name: "X" })).status).toBe(404);
    expect((await call("DELETE", `/companies/${missing}`, agent)).status).toBe(404);
    expect((await call("GET", "/companies", null)).status).toBe(401);
  });

  it("lists by name with search over name and domain, paging and ticket counts", async () => {
    const { db } = use().database;
    const make = async (name: string, domain: string) =>
      (await call("POST", "/companies", agent, { name, domain })).body.id as string;
    const zebra = await make("Zebra Sound", "zebra-sound.example");
    await make("Aardvark Audio", "aardvark.example");
    await make("Moose Speakers", "speakers-of-moose.example");
    await createTestTicket(db, { company_id: zebra, status: "new" });
    await createTestTicket(db, { company_id: zebra, status: "pending" });
    await createTestTicket(db, { company_id: zebra, status: "resolved" });
    await createTestTicket(db, { company_id: zebra, status: "closed" });

    const all = await call("GET", "/companies?limit=100", agent);
    const names = all.body.results.map((c: { name: string }) => c.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b, "en")));
    expect(all.body.count).toBe(all.body.results.length);

    const sound = await call("GET", "/companies?search=SOUND", agent);
    expect(sound.body).toMatchObject({
      count: 1,
      results: [{ name: "Zebra Sound", tickets_count: 4, open_tickets_count: 2 }],
    });
    const byDomain = await call("GET", "/companies?search=of-moose", agent);
    expect(byDomain.body.results.map((c: { name: string }) => c.name)).toEqual(["Moose Speakers"]);
    expect((await call("GET", `/companies/${zebra}`, agent)).body).toMatchObject({
      tickets_count: 4,
      open_tickets_count: 2,
    });

    // % and _ are matched literally, not as wildcards.
    expect((await call("GET", "/companies?search=%25", agent)).body).toEqual({ count: 0, results: [] });
    expect((await call("GET", "/companies?search=_", agent)).body.count).toBe(0);

    const page = await call("GET", "/companies?limit=2&offset=1", agent);
    expect(page.body.count).toBe(all.body.count);
    expect(page.body.results.map((c: { id: string }) => c.id)).toEqual(
      all.body.results.slice(1, 3).map((c: { id: string }) => c.id),
    );
    for (const query of ["limit=0", "limit=101", "offset=-1", "limit=ten", "sort=name"]) {
      const bad = await call("GET", `/companies?${query}`, agent);
      expect(bad.status, query).toBe(400);
      expect(errorFields(bad.body)).toEqual([query.split("=")[0]]);
    }
  });

  it("refuses to delete a company with tickets; deletes one without, with its contacts", async () => {
    const { db } = use().database;
    const busy = (await call("POST", "/companies", agent, { name: "Busy Co" })).body;
    await createTestTicket(db, { company_id: busy.id, status: "closed" });
    const refused = await call("DELETE", `/companies/${busy.id}`, admin);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain("1 ticket");

    const idle = (await call("POST", "/companies", agent, { name: "Idle Co" })).body;
    const contact = (
      await call("POST", "/contacts", agent, {
        company_id: idle.id,
        name: "Ida Idle",
        email: "ida@idle.example",
      })
    ).body;
    expect((await call("DELETE", `/companies/${idle.id}`, agent)).status).toBe(204);
    expect((await call("GET", `/companies/${idle.id}`, agent)).status).toBe(404);
    expect((await call("GET", `/contacts/${contact.id}`, agent)).status).toBe(404);
  });
});
