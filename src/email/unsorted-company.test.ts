import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openPostgres } from "../db/database.js";
import { newId } from "../shared/ids.js";
import { freshPostgresUrl, hasPostgres } from "../test/databases.js";
import { unsortedCompanyId } from "./inbound-mail.repository.js";

// Lock waits never show on PGlite (one connection); they need PostgreSQL.
describe.skipIf(!hasPostgres())("the Unsorted company under concurrency [postgres]", () => {
  let database: Database;

  beforeAll(async () => {
    database = await openPostgres(await freshPostgresUrl(), 10);
  });
  afterAll(async () => {
    await database?.close();
  });

  const unsortedCount = async () =>
    Number(
      (
        await database.db
          .selectFrom("companies")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("name", "=", "Unsorted")
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("is made once when several transactions need it at the same moment", async () => {
    const ids = await Promise.all(
      Array.from({ length: 6 }, () =>
        database.db.transaction().execute(async (trx) => {
          const id = await unsortedCompanyId(trx, newId());
          // Held a while, as a mail's transaction goes on writing its ticket.
          await sql`select pg_sleep(0.05)`.execute(trx);
          return id;
        }),
      ),
    );
    expect(new Set(ids).size).toBe(1);
    expect(await unsortedCount()).toBe(1);
  });

  it("once made, is found without waiting for a transaction that holds the lock for making it", async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked: () => void = () => {};
    const lockTaken = new Promise<void>((resolve) => {
      locked = resolve;
    });
    // Another mail's transaction holds the lock (as each one did before, to the end of its ticket).
    const holder = database.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext('ticketdesk:unsorted-company'))`.execute(trx);
      locked();
      await held;
    });
    await lockTaken;
    try {
      const found = database.db.transaction().execute((trx) => unsortedCompanyId(trx, newId()));
      const waited = new Promise<"waited">((resolve) => setTimeout(() => resolve("waited"), 2_000));
      expect(await Promise.race([found, waited])).not.toBe("waited");
    } finally {
      release();
      await holder;
    }
    expect(await unsortedCount()).toBe(1);
  });
});
