import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { DirectoryNames } from "../directory/directory-names.js";
import { freshPostgres, hasPostgres } from "../test/databases.js";
import { createTestCompany, createTestTicket } from "../test/factories.js";
import { findTicketPage } from "./ticket-list.repository.js";

describe.runIf(hasPostgres())("ticket list plans on PostgreSQL", () => {
  it("plans a list page once per connection (a generic plan), not again on every request", async () => {
    const database = await freshPostgres(1);
    try {
      const { db } = database;
      const company = await createTestCompany(db);
      for (let i = 0; i < 40; i += 1) await createTestTicket(db, { company_id: company.id });
      await sql`analyze`.execute(db);
      const page = { limit: 25, offset: 0 };
      for (let i = 0; i < 12; i += 1)
        await findTicketPage(db, new DirectoryNames(), {}, undefined, page, new Date());
      const { rows } = await sql<{ generic_plans: number; custom_plans: number }>`
        select generic_plans::int, custom_plans::int from pg_prepared_statements
        where statement like 'select %from "tickets" as "t"%'`.execute(db);
      // The default page has no parameters left (LIMIT and OFFSET are literals): one generic plan, never
      // re-planned. With them as parameters the first five runs were planned for their values, and at a million
      // tickets every run, since the generic plan assumed a page of a tenth of the table (bench/README.md).
      expect(rows).toEqual([{ generic_plans: 12, custom_plans: 0 }]);
    } finally {
      await database.close();
    }
  });
});
