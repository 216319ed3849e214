import { beforeAll, expect, it } from "vitest";
import { errorFields, requester } from "../directory/test-requests.js";
import { createTestUser, describeApi, type TestUser } from "../test/http.js";

const closed = { tuesday: [], wednesday: [], thursday: [], saturday: [], sunday: [] };
const berlinOffice = {
  name: "Berlin office",
  time_zone: "Europe/Berlin",
  hours: {
    monday: [
      { from: "13:00", to: "17:00" },
      { from: "09:00", to: "12:00" },
    ],
    friday: [{ from: "09:00", to: "15:00" }],
  },
  holidays: ["2026-12-25", "2026-10-03"],
};

describeApi("business calendars", (use) => {
  const call = requester(use);
  let admin: TestUser;
  let agent: TestUser;

  beforeAll(async () => {
    admin = await createTestUser(use().app, { role: "admin" });
    agent = await createTestUser(use().app);
  });

  it("starts with the 24×7 default calendar, which agents may read too", async () => {
    const list = await call("GET", "/business-calendars", agent);
    expect(list.status).toBe(200);
    expect(list.body.count).toBe(1);
    const allDay = [{ from: "00:00", to: "24:00" }];
    expect(list.body.results[0]).toMatchObject({
      name: "24×7",
      time_zone: "UTC",
      is_default: true,
      holidays: [],
      hours: {
        monday: allDay,
        tuesday: allDay,
        wednesday: allDay,
        thursday: allDay,
        friday: allDay,
        saturday: allDay,
        sunday: allDay,
      },
    });
    expect((await call("GET", `/business-calendars/${list.body.results[0].id}`, agent)).status).toBe(200);
    expect((await call("GET", "/business-calendars", null)).status).toBe(401);
  });

  it("lets admins create, read, change and delete a calendar; days left out are closed, all sorted", async () => {
    const created = await call("POST", "/business-calendars", admin, berlinOffice);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "Berlin office",
      time_zone: "Europe/Berlin",
      is_default: false,
      hours: {
        monday: [
          { from: "09:00", to: "12:00" },
          { from: "13:00", to: "17:00" },
        ],
        friday: [{ from: "09:00", to: "15:00" }],
        ...closed,
      },
      holidays: ["2026-10-03", "2026-12-25"],
    });
    const id = created.body.id as string;
    expect((await call("GET", `/business-calendars/${id}`, agent)).body).toEqual(created.body);

    const moved = await call("PATCH", `/business-calendars/${id}`, admin, {
      name: "Bangkok office",
      time_zone: "asia/bangkok",
    });
    expect(moved.status).toBe(200);
    // The zone is stored as Intl spells it; what was not sent stays.
    expect(moved.body).toMatchObject({ name: "Bangkok office", time_zone: "Asia/Bangkok" });
    expect(moved.body.hours).toEqual(created.body.hours);
    expect(moved.body.holidays).toEqual(created.body.holidays);

    const week = await call("PATCH", `/business-calendars/${id}`, admin, {
      hours: { saturday: [{ from: "10:00", to: "14:00" }] },
      holidays: [],
    });
    expect(week.body.hours).toEqual({
      monday: [],
      tuesday: [],
      wednesday: [],
      thursday: [],
      friday: [],
      saturday: [{ from: "10:00", to: "14:00" }],
      sunday: [],
    });
    expect(week.body.holidays).toEqual([]);

    expect((await call("DELETE", `/business-calendars/${id}`, admin)).status).toBe(204);
    expect((await call("GET", `/business-calendars/${id}`, admin)).status).toBe(404);
    expect((await call("DELETE", `/business-calendars/${id}`, admin)).status).toBe(404);
    expect((await call("PATCH", `/business-calendars/${id}`, admin, { name: "X" })).status).toBe(404);
  });

  it("answers 400 naming each offending field of a calendar", async () => {
    const post = (body: object) => call("POST", "/business-calendars", admin, { ...berlinOffice, ...body });
    const cases: [object, string[]][] = [
      [{ time_zone: "Mars/Olympus" }, ["time_zone"]],
      [{ time_zone: "+02:00" }, ["time_zone"]],
      [{ hours: { monday: [{ from: "9:00", to: "17:00" }] } }, ["hours.monday.0.from"]],
      [{ hours: { monday: [{ from: "09:00", to: "24:30" }] } }, ["hours.monday.0.to"]],
      [{ hours: { monday: [{ from: "17:00", to: "09:00" }] } }, ["hours.monday.0"]],
      [{ hours: { monday: [{ from: "09:00", to: "09:00" }] } }, ["hours.monday.0"]],
      [
        {
          hours: {
            wednesday: [
              { from: "09:00", to: "13:00" },
              { from: "12:00", to: "17:00" },
            ],
          },
        },
        ["hours.wednesday"],
      ],
      [{ hours: {} }, ["hours"]],
      [{ hours: { monday: [], sunday: [] } }, ["hours"]],
      [{ holidays: ["2026-12-25", "2026-02-30", "tomorrow"] }, ["holidays.1", "holidays.2"]],
      [{ holidays: ["2026-12-25", "2026-12-25"] }, ["holidays.1"]],
      [{ name: "" }, ["name"]],
      // An unknown day is named, and with no known day given the week has no hours either.
      [{ hours: { someday: [] } }, ["hours.someday", "hours"]],
      [{ hours: { monday: [{ from: "09:00" }] } }, ["hours.monday.0.to"]],
      [{ holidays: "2026-12-25" }, ["holidays"]],
    ];
    for (const [body, fields] of cases) {
      const response = await post(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe("invalid_input");
      expect(errorFields(response.body), JSON.stringify(body)).toEqual(fields);
    }
    const overlap = await post({
      hours: {
        monday: [
          { from: "09:00", to: "13:00" },
          { from: "12:00", to: "17:00" },
        ],
      },
    });
    expect(overlap.body.error.details[0].message).toBe("09:00–13:00 and 12:00–17:00 overlap");
    const missingHours = await call("POST", "/business-calendars", admin, { name: "X", time_zone: "UTC" });
    expect(errorFields(missingHours.body)).toEqual(["hours"]);

    const { body } = await call("GET", "/business-calendars", admin);
    const id = body.results[0].id;
    const patch = await call("PATCH", `/business-calendars/${id}`, admin, {
      time_zone: "Nowhere",
      holidays: ["2027-02-29"],
    });
    expect(patch.status).toBe(400);
    expect(errorFields(patch.body)).toEqual(["time_zone", "holidays.0"]);
  });

  it("keeps names unique whatever their case (409)", async () => {
    const first = await call("POST", "/business-calendars", admin, {
      ...berlinOffice,
      name: "Support hours",
    });
    expect(first.status).toBe(201);
    const again = await call("POST", "/business-calendars", admin, {
      ...berlinOffice,
      name: "SUPPORT HOURS",
    });
    expect(again.status).toBe(409);
    expect(errorFields(again.body)).toEqual(["name"]);
    const other = await call("POST", "/business-calendars", admin, { ...berlinOffice, name: "Other hours" });
    const rename = await call("PATCH", `/business-calendars/${other.body.id}`, admin, {
      name: "support Hours",
    });
    expect(rename.status).toBe(409);
    // Its own name in another case is no clash with itself.
    const recase = await call("PATCH", `/business-calendars/${first.body.id}`, admin, {
      name: "Support Hours",
    });
    expect(recase.status).toBe(200);
  });

  it("keeps the default calendar (editable) and any calendar a policy uses, naming the policies", async () => {
    const { body } = await call("GET", "/business-calendars", admin);
    const standard = body.results.find((c: { is_default: boolean }) => c.is_default);
    const refused = await call("DELETE", `/business-calendars/${standard.id}`, admin);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain("default calendar");
    const edited = await call("PATCH", `/business-calendars/${standard.id}`, admin, {
      name: "Always open",
      holidays: ["2026-01-01"],
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ name: "Always open", is_default: true, holidays: ["2026-01-01"] });

    const office = await call("POST", "/business-calendars", admin, {
      ...berlinOffice,
      name: "Office in use",
    });
    const teams = await call("GET", "/teams", admin);
    const tech = teams.body.results.find((t: { name: string }) => t.name === "Tech");
    const policy = await call("POST", "/sla-policies", admin, {
      priority: "high",
      team_id: tech.id,
      first_response_minutes: 60,
      resolution_minutes: 480,
      calendar_id: office.body.id,
    });
    expect(policy.status).toBe(201);
    const inUse = await call("DELETE", `/business-calendars/${office.body.id}`, admin);
    expect(inUse.status).toBe(409);
    expect(inUse.body.error.message).toContain("high (Tech)");
    await call("PATCH", `/sla-policies/${policy.body.id}`, admin, { calendar_id: standard.id });
    expect((await call("DELETE", `/business-calendars/${office.body.id}`, admin)).status).toBe(204);
  });

  it("answers a NUL character in text with 201 or 400, never 500 (PostgreSQL refuses it in text and jsonb)", async () => {
    for (const body of [
      { ...berlinOffice, name: "Nul\u0000office" },
      { ...berlinOffice, name: "Nul holidays", holidays: ["2026-12-25\u0000"] },
    ]) {
      const response = await call("POST", "/business-calendars", admin, body);
      expect([201, 400], JSON.stringify(response.body)).toContain(response.status);
    }
  });

  it("lets only admins write (403 for agents)", async () => {
    const { body } = await call("GET", "/business-calendars", agent);
    const id = body.results[0].id;
    expect((await call("POST", "/business-calendars", agent, berlinOffice)).status).toBe(403);
    expect((await call("PATCH", `/business-calendars/${id}`, agent, { name: "Mine" })).status).toBe(403);
    expect((await call("DELETE", `/business-calendars/${id}`, agent)).status).toBe(403);
    expect((await call("POST", "/business-calendars", null, berlinOffice)).status).toBe(401);
  });
});
