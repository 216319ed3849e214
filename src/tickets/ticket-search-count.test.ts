import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import { freshPglite } from "../test/databases.js";
import { couldBeInTicketNumber } from "./ticket-list.repository.js";
import { groundedShare, plannedRows, roundedEstimate, usesEstimate } from "./ticket-search-count.js";

describe("usesEstimate", () => {
  it("estimates only past the cap and past the planner's guess for unknown words", () => {
    const tickets = 1_000_000;
    expect(usesEstimate(10_868, tickets, 1_000)).toBe(true);
    // A word PostgreSQL has no statistics for is guessed at no more than 0.5%: counted.
    expect(usesEstimate(tickets * groundedShare, tickets, 1_000)).toBe(false);
    expect(usesEstimate(3_015, tickets, 1_000)).toBe(false);
    // Small help desks: past the cap is the bar.
    expect(usesEstimate(900, 20_000, 1_000)).toBe(false);
    expect(usesEstimate(2_000, 20_000, 1_000)).toBe(true);
  });

  it("never estimates before the first ANALYZE", () => {
    expect(usesEstimate(50_000, -1, 1_000)).toBe(false);
    expect(usesEstimate(50_000, 0, 1_000)).toBe(false);
  });
});

describe("roundedEstimate", () => {
  it("keeps two significant figures", () => {
    expect(roundedEstimate(10_868)).toBe(11_000);
    expect(roundedEstimate(2_049)).toBe(2_000);
    expect(roundedEstimate(1_050)).toBe(1_100);
    expect(roundedEstimate(987_654)).toBe(990_000);
    expect(roundedEstimate(99.6)).toBe(100);
    expect(roundedEstimate(42.2)).toBe(42);
  });
});

describe("couldBeInTicketNumber", () => {
  it("is T, digits and dashes in any case", () => {
    for (const text of ["T-20261123-0042", "t-2026", "0042", "-11", "T"])
      expect(couldBeInTicketNumber(text)).toBe(true);
    for (const text of ["borealis", "printer 42", "T_2026", "tea"])
      expect(couldBeInTicketNumber(text)).toBe(false);
  });
});

describe("plannedRows", () => {
  let database: Database;
  beforeAll(async () => {
    database = await freshPglite();
  });
  afterAll(async () => {
    await database.close();
  });

  it("asks the planner once a minute per statement and parameters", async () => {
    let explained = 0;
    const db = database.db.withPlugin({
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        explained += 1;
        return args.result;
      },
    });
    const query = (word: string) =>
      db.selectFrom("tickets").select(sql`1`.as("one")).where("subject", "=", word);
    const now = Date.now();
    const first = await plannedRows(db, query("printer"), now);
    expect(first).toBeGreaterThan(0);
    expect(await plannedRows(db, query("printer"), now + 59_000)).toBe(first);
    expect(explained).toBe(1);
    await plannedRows(db, query("scanner"), now);
    expect(explained).toBe(2);
    await plannedRows(db, query("printer"), now + 61_000);
    expect(explained).toBe(3);
  });
});
