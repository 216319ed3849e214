import { expect, it } from "vitest";
import { newId } from "../shared/ids.js";
import { countingStatements } from "../test/counting-statements.js";
import { describeEachEngine } from "../test/databases.js";
import { findTeamId } from "../test/factories.js";
import { alwaysOpenCalendar } from "./calendar.js";
import { getSlaPolicyFor } from "./sla-policy-for.js";

describeEachEngine("getSlaPolicyFor", (use) => {
  it("gives a team without its own policy the team-less one, on the 24×7 calendar", async () => {
    const { db } = use();
    const tech = await findTeamId(db, "Tech");
    for (const teamId of [null, tech]) {
      const policy = await getSlaPolicyFor(db, { priority: "high", teamId });
      expect(policy).toMatchObject({
        priority: "high",
        teamId: null,
        firstResponseMinutes: 240,
        resolutionMinutes: 1440,
        escalation: { notifyTeamAdmins: true, raisePriority: false, moveToTeamId: null },
      });
      expect(policy.calendar).toEqual(alwaysOpenCalendar);
    }
  });

  it("prefers the team's own policy for the priority, with its calendar, in one statement", async () => {
    const { db } = use();
    const [tech, sales] = [await findTeamId(db, "Tech"), await findTeamId(db, "Sales")];
    const calendarId = newId();
    await db
      .insertInto("business_calendars")
      .values({
        id: calendarId,
        name: "Bangkok",
        time_zone: "Asia/Bangkok",
        // Stored out of order: the calendar comes back with every weekday, intervals and holidays sorted.
        hours: JSON.stringify({
          monday: [
            { from: "13:00", to: "18:00" },
            { from: "08:00", to: "12:00" },
          ],
          friday: [{ from: "08:00", to: "12:00" }],
        }),
        holidays: JSON.stringify(["2026-04-13", "2026-01-01"]),
      })
      .execute();
    await db
      .insertInto("sla_policies")
      .values({
        id: newId(),
        priority: "urgent",
        team_id: tech,
        first_response_minutes: 15,
        resolution_minutes: 90,
        calendar_id: calendarId,
        raise_priority: true,
        move_to_team_id: sales,
      })
      .execute();

    const counting = countingStatements(db);
    const policy = await getSlaPolicyFor(counting.db, { priority: "urgent", teamId: tech });
    expect(counting.counter.statements).toBe(1);
    expect(policy).toMatchObject({
      priority: "urgent",
      teamId: tech,
      firstResponseMinutes: 15,
      resolutionMinutes: 90,
      calendarId,
      escalation: { notifyTeamAdmins: true, raisePriority: true, moveToTeamId: sales },
    });
    expect(policy.calendar).toEqual({
      timeZone: "Asia/Bangkok",
      hours: {
        monday: [
          { from: "08:00", to: "12:00" },
          { from: "13:00", to: "18:00" },
        ],
        tuesday: [],
        wednesday: [],
        thursday: [],
        friday: [{ from: "08:00", to: "12:00" }],
        saturday: [],
        sunday: [],
      },
      holidays: ["2026-01-01", "2026-04-13"],
    });
    // The team's other priorities, and other teams, still get the team-less policy.
    expect((await getSlaPolicyFor(db, { priority: "low", teamId: tech })).teamId).toBeNull();
    expect((await getSlaPolicyFor(db, { priority: "urgent", teamId: sales })).teamId).toBeNull();
    expect((await getSlaPolicyFor(db, { priority: "urgent", teamId: null })).firstResponseMinutes).toBe(60);
  });
});
