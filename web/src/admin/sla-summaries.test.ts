// @vitest-environment happy-dom
import { describe, expect, test } from "vitest";
import { summarizeWeek } from "./business-hours-page";
import { describeEscalation } from "./sla-policies-page";

const nineToFive = [{ from: "09:00", to: "17:00" }];

describe("summarizeWeek", () => {
  test("runs days with the same hours together and leaves closed days out", () => {
    const allDay = [{ from: "00:00", to: "24:00" }];
    expect(
      summarizeWeek({
        monday: allDay,
        tuesday: allDay,
        wednesday: allDay,
        thursday: allDay,
        friday: allDay,
        saturday: allDay,
        sunday: allDay,
      }),
    ).toBe("Mon–Sun 00:00–24:00");
    expect(
      summarizeWeek({
        monday: nineToFive,
        tuesday: nineToFive,
        wednesday: [
          { from: "09:00", to: "12:00" },
          { from: "13:00", to: "17:00" },
        ],
        thursday: nineToFive,
        friday: nineToFive,
        saturday: [],
        sunday: [{ from: "10:00", to: "14:00" }],
      }),
    ).toBe("Mon–Tue 09:00–17:00; Wed 09:00–12:00, 13:00–17:00; Thu–Fri 09:00–17:00; Sun 10:00–14:00");
    const closed = {
      monday: [],
      tuesday: [],
      wednesday: [],
      thursday: [],
      friday: [],
      saturday: [],
      sunday: [],
    };
    expect(summarizeWeek(closed)).toBe("Closed all week");
  });
});

describe("describeEscalation", () => {
  test("names each step taken at a breach", () => {
    expect(describeEscalation({ notify_team_admins: true, raise_priority: false, move_to_team: null })).toBe(
      "Notify team admins",
    );
    expect(
      describeEscalation({
        notify_team_admins: false,
        raise_priority: true,
        move_to_team: { id: "00000000-0000-4000-8000-000000000001", name: "Tier 2" },
      }),
    ).toBe("Raise priority, move to Tier 2");
    expect(describeEscalation({ notify_team_admins: false, raise_priority: false, move_to_team: null })).toBe(
      "Nothing",
    );
  });
});
