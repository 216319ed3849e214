import { describe, expect, test } from "vitest";
import {
  activeQuickView,
  nextOrdering,
  orderingChoices,
  parseQueueFilters,
  queueSearchParams,
  quickViews,
  ticketListQuery,
  withFilters,
} from "./queue-url";

const teams = [{ id: "0190a0a0-0000-7000-8000-000000000001", name: "Tech" }];

describe("queue filters live in the URL", () => {
  test("a shared link restores every filter, and the URL round-trips", () => {
    const url =
      "status=new,assigned&priority=urgent&category=technical&assigned_to=me&tag=vip&overdue=true&search=printer&ordering=priority&page=3&limit=50";
    const filters = parseQueueFilters(new URLSearchParams(url));
    expect(filters).toMatchObject({
      status: ["new", "assigned"],
      priority: ["urgent"],
      category: "technical",
      assigned_to: "me",
      tag: "vip",
      overdue: true,
      search: "printer",
      ordering: "priority",
      page: 3,
      limit: 50,
    });
    expect(parseQueueFilters(queueSearchParams(filters))).toEqual(filters);
  });

  test("defaults stay out of the URL and bad paging falls back", () => {
    const filters = parseQueueFilters(new URLSearchParams("page=-2&limit=7"));
    expect(filters.page).toBe(1);
    expect(filters.limit).toBe(25);
    expect(queueSearchParams(filters).toString()).toBe("");
  });

  test("changing a filter starts again at page 1", () => {
    const filters = parseQueueFilters(new URLSearchParams("page=4"));
    expect(withFilters(filters, { status: ["pending"] }).page).toBe(1);
  });

  test("the API query pages by offset and sends only what is set", () => {
    const query = ticketListQuery(parseQueueFilters(new URLSearchParams("status=new&page=3&limit=10")));
    expect(query).toEqual({ limit: 10, offset: 20, status: "new", ordering: "-created_at" });
  });

  test("a search is ordered like any list: newest first unless a column is chosen", () => {
    const query = ticketListQuery(parseQueueFilters(new URLSearchParams("search=printer")));
    expect(query.ordering).toBe("-created_at");
    expect(query.search).toBe("printer");
  });

  test("quick views include each team's queue and are recognised from the URL, whatever the sort", () => {
    const views = quickViews(teams);
    expect(views.map((v) => v.label)).toEqual([
      "My open tickets",
      "Unassigned",
      "Open",
      "Urgent",
      "Overdue",
      "Tech queue",
    ]);
    const url = new URLSearchParams(`assigned_team=${teams[0]?.id}&open=true&ordering=priority&page=2`);
    expect(activeQuickView(parseQueueFilters(url), views)).toBe(`team-${teams[0]?.id}`);
    expect(activeQuickView(parseQueueFilters(new URLSearchParams("open=true&tag=x")), views)).toBeNull();
  });

  test("clicking a column sorts descending first, then ascending", () => {
    expect(nextOrdering("-created_at", "priority")).toBe("-priority");
    expect(nextOrdering("-priority", "priority")).toBe("priority");
    expect(nextOrdering("priority", "priority")).toBe("-priority");
  });

  test("the SLA column sorts by the next due time soonest first, then latest first", () => {
    expect(nextOrdering("-created_at", "sla_due")).toBe("sla_due");
    expect(nextOrdering("sla_due", "sla_due")).toBe("-sla_due");
    expect(nextOrdering("-sla_due", "sla_due")).toBe("sla_due");
  });

  test("Sort by offers Next SLA due (ordering=sla_due), and names an ordering a column header chose", () => {
    const filters = parseQueueFilters(new URLSearchParams("ordering=sla_due"));
    expect(ticketListQuery(filters).ordering).toBe("sla_due");
    expect(orderingChoices("sla_due").find((o) => o.value === "sla_due")?.label).toBe("Next SLA due");
    expect(orderingChoices("-status").at(-1)).toEqual({ value: "-status", label: "Status, descending" });
    expect(orderingChoices("-created_at").some((o) => o.value === "-status")).toBe(false);
  });
});
