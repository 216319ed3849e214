import { CompiledQuery, sql } from "kysely";
import { expect, it } from "vitest";
import { describeEachEngine } from "../test/databases.js";
import { findCompaniesQuery } from "./company.repository.js";

describeEachEngine("company search", (use) => {
  it("uses the trigram indexes on name and domain for a contains-search", async () => {
    const { db } = use();
    const plan = await db.transaction().execute(async (trx) => {
      // A tiny table is cheapest to scan; forbid that so the plan shows which index serves the search.
      await sql`set local enable_seqscan = off`.execute(trx);
      const query = findCompaniesQuery(trx, { search: "acme" }, { limit: 25, offset: 0 }).compile();
      const result = await trx.executeQuery<{ "QUERY PLAN": string }>(
        CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]),
      );
      return result.rows.map((row) => row["QUERY PLAN"]).join("\n");
    });
    expect(plan).toContain("companies_name_folded_trgm");
    expect(plan).toContain("companies_domain_trgm");
  });
});
