import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openPostgres } from "../db/database.js";
import { createUser } from "../directory/create-user.js";
import type { Actor, AppContext } from "../server/context.js";
import { newId } from "../shared/ids.js";
import { describeEachEngine, freshPostgresUrl, hasPostgres } from "../test/databases.js";
import { createTestCompany } from "../test/factories.js";
import { testSlaBook } from "../test/sla-book.js";
import { createTestContext } from "../test/test-context.js";
import { createTicket, type NewTicketRecord, recordNewTicket } from "./create-ticket.js";
import { formatTicketNumber } from "./ticket-number.js";

const record = (companyId: string): NewTicketRecord => ({
  id: newId(),
  subject: "Numbered",
  description: "d",
  status: "new",
  priority: "medium",
  category: "general",
  company_id: companyId,
  tags: [],
});

/** Counters per day prefix: every day's numbers must be exactly 1..n. */
function expectGapFree(numbers: string[]): void {
  expect(new Set(numbers).size).toBe(numbers.length);
  const byDay = new Map<string, number[]>();
  for (const number of numbers) {
    const [, day, counter] = number.split("-");
    byDay.set(day ?? "", [...(byDay.get(day ?? "") ?? []), Number(counter)]);
  }
  for (const counters of byDay.values()) {
    expect(counters.sort((a, b) => a - b)).toEqual(counters.map((_, i) => i + 1));
  }
}

describeEachEngine("ticket numbering", (use) => {
  let companyId: string;
  beforeAll(async () => {
    companyId = (await createTestCompany(use().db)).id;
  });

  it("counts per day in the configured time zone and starts each day at 0001", async () => {
    const { db } = use();
    const at = new Date("2025-11-19T23:30:00Z");
    const numbers: string[] = [];
    for (const timeZone of ["UTC", "UTC", "Asia/Bangkok", "UTC", "Asia/Bangkok"]) {
      numbers.push(
        await db
          .transaction()
          .execute((trx) =>
            recordNewTicket(trx, record(companyId), { now: at, timeZone, sla: testSlaBook(db) }),
          ),
      );
    }
    expect(numbers).toEqual([
      "T-20251119-0001",
      "T-20251119-0002",
      "T-20251120-0001",
      "T-20251119-0003",
      "T-20251120-0002",
    ]);
  });

  it("gives a rolled-back number to the next ticket and never changes a number", async () => {
    const { db } = use();
    const clock = { now: new Date("2025-06-01T12:00:00Z"), timeZone: "UTC", sla: testSlaBook(db) };
    await expect(
      db.transaction().execute(async (trx) => {
        await recordNewTicket(trx, record(companyId), clock);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    const next = await db.transaction().execute((trx) => recordNewTicket(trx, record(companyId), clock));
    expect(next).toBe(formatTicketNumber("2025-06-01", 1));
  });

  it("widens past 9999", async () => {
    const { db } = use();
    await db.insertInto("ticket_counters").values({ day: "2025-11-18", last: 9999 }).execute();
    const clock = { now: new Date("2025-11-18T08:00:00Z"), timeZone: "UTC", sla: testSlaBook(db) };
    const number = await db.transaction().execute((trx) => recordNewTicket(trx, record(companyId), clock));
    expect(number).toBe("T-20251118-10000");
  });
});

// Races never show on PGlite (one connection); they need PostgreSQL and more than one pool.
describe.skipIf(!hasPostgres())("ticket numbering under concurrency [postgres]", () => {
  let instances: Database[] = [];
  let companyId: string;
  let actor: Actor;

  beforeAll(async () => {
    const url = await freshPostgresUrl();
    // Two pools stand for two app instances.
    instances = [await openPostgres(url, 10), await openPostgres(url, 10)];
    const db = instances[0]?.db;
    if (!db) throw new Error("no database");
    companyId = (await createTestCompany(db)).id;
    const user = await createUser(db, {
      email: "racer@example.com",
      name: "Racer",
      password: "long enough pw",
      role: "agent",
    });
    actor = { ...user, via: "token", session_id: null };
  });
  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.close()));
  });

  const contexts = (): AppContext[] =>
    instances.map((instance) => createTestContext(instance.db, instance.engine));

  /**
   * Runs `total` jobs with `perInstance` callers per pool, each always busy: every connection of both
   * pools races for the counter the whole time, while no caller queues past the pool's connect timeout.
   */
  async function race<T>(total: number, perInstance: number, job: (i: number, db: Database) => Promise<T>) {
    let next = 0;
    const results: PromiseSettledResult<T>[] = [];
    const caller = async (db: Database) => {
      for (let i = next++; i < total; i = next++) {
        results[i] = await job(i, db).then(
          (value) => ({ status: "fulfilled", value }) as const,
          (reason: unknown) => ({ status: "rejected", reason }) as const,
        );
      }
    };
    await Promise.all(instances.flatMap((db) => Array.from({ length: perInstance }, () => caller(db))));
    return results;
  }

  it("gives 500 tickets created at once from two instances 500 distinct, consecutive numbers", async () => {
    const [a, b] = contexts();
    if (!a || !b) throw new Error("no contexts");
    const results = await race(500, 10, (i, db) =>
      createTicket(
        db === instances[0] ? a : b,
        {
          company_id: companyId,
          category: "technical",
          subject: `Race ${i}`,
          description: "d",
          priority: "medium",
        },
        actor,
      ),
    );
    const failures = results.filter((r) => r.status === "rejected");
    expect(failures).toEqual([]);
    const numbers = results.flatMap((r) => (r.status === "fulfilled" ? [r.value.ticket_number] : []));
    expect(numbers).toHaveLength(500);
    expectGapFree(numbers);
  }, 180_000);

  it("leaves no gaps when a third of the transactions roll back", async () => {
    const now = new Date("2024-02-29T12:00:00Z");
    const results = await race(300, 10, (i, instance) =>
      instance.db.transaction().execute(async (trx) => {
        const clock = { now, timeZone: "UTC", sla: testSlaBook(instance.db) };
        const number = await recordNewTicket(trx, record(companyId), clock);
        if (i % 3 === 0) throw new Error("changed my mind");
        return number;
      }),
    );
    const committed = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    const rolledBack = results.filter((r) => r.status === "rejected");
    expect(rolledBack).toHaveLength(100);
    expect(
      rolledBack.every((r) => r.status === "rejected" && String(r.reason).includes("changed my mind")),
    ).toBe(true);
    expect(committed).toHaveLength(200);
    expectGapFree(committed);
    expect(committed.every((n) => n.startsWith("T-20240229-"))).toBe(true);
    const db = instances[0]?.db;
    const counter = await db
      ?.selectFrom("ticket_counters")
      .select("last")
      .where("day", "=", "2024-02-29")
      .executeTakeFirst();
    expect(counter?.last).toBe(200);
  }, 180_000);
});
