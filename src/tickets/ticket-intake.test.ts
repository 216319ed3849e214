import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { DirectoryNames } from "../directory/directory-names.js";
import { newId } from "../shared/ids.js";
import { countingStatements } from "../test/counting-statements.js";
import { describeEachEngine } from "../test/databases.js";
import { createTestCompany } from "../test/factories.js";
import { TicketIntake } from "./ticket-intake.js";
import { ticketCreatedJob, type UnnumberedTicket } from "./ticket-intake.repository.js";

/** A day of its own per test, so each test's counter starts at 0001. */
const numbering = (day: string) => ({ day, prefix: `T-${day.replaceAll("-", "")}-` });

describeEachEngine("ticket intake", (use) => {
  let companyId: string;
  beforeAll(async () => {
    companyId = (await createTestCompany(use().db)).id;
  });

  const ticket = (overrides: Partial<UnnumberedTicket> = {}): UnnumberedTicket => ({
    id: newId(),
    event_id: newId(),
    created_at: new Date(),
    subject: "The lobby speaker is silent",
    description: "Since this morning.",
    status: "new",
    priority: "high",
    category: "technical",
    company_id: companyId,
    tags: ["audio"],
    ...overrides,
  });

  const numbersOf = async (prefix: string) =>
    (
      await use()
        .db.selectFrom("tickets")
        .select("ticket_number")
        .where("ticket_number", "like", `${prefix}%`)
        .orderBy("ticket_number")
        .execute()
    ).map((t) => t.ticket_number);

  it("numbers tickets created at the same moment in one statement, consecutively", async () => {
    const { db, counter } = countingStatements(use().db);
    const intake = new TicketIntake(db, new DirectoryNames());
    const day = numbering("2031-01-01");
    const rows = await Promise.all(Array.from({ length: 40 }, () => intake.record(day, ticket())));
    // The first goes at once, then its company's name is read (and remembered); the 39 that arrived
    // meanwhile share the next statement.
    expect(counter.statements).toBe(3);
    const expected = Array.from({ length: 40 }, (_, i) => `T-20310101-${String(i + 1).padStart(4, "0")}`);
    expect(rows.map((r) => r.ticket_number).sort()).toEqual(expected);
    expect(await numbersOf(day.prefix)).toEqual(expected);
    // Each got its own row back, with its embedded company and its `created` event.
    expect(rows.every((r) => r.company_name.length > 0 && r.tags[0] === "audio")).toBe(true);
    const events = await use()
      .db.selectFrom("ticket_events")
      .select(["ticket_id", "new_value"])
      .where("type", "=", "created")
      .where(
        "ticket_id",
        "in",
        rows.map((r) => r.id),
      )
      .execute();
    expect(new Map(events.map((e) => [e.ticket_id, e.new_value]))).toEqual(
      new Map(rows.map((r) => [r.id, r.ticket_number])),
    );
  });

  it("enqueues one creation-mail job per statement, naming the batch's tickets that cause mail", async () => {
    const intake = new TicketIntake(use().db, new DirectoryNames());
    const day = numbering("2031-02-01");
    const team = await use()
      .db.selectFrom("teams")
      .select("id")
      .where("name", "=", "Tech")
      .executeTakeFirstOrThrow();
    const first = intake.record(day, ticket({ assigned_team: team.id }));
    // Arriving while the first statement runs: these share the next one.
    const rest = await Promise.all([
      intake.record(day, ticket({ assigned_team: team.id })),
      intake.record(day, ticket({ assigned_team: team.id })),
      intake.record(day, ticket()), // no team, no assignee, from the web: nobody to mail
    ]);
    const firstRow = await first;
    const jobs = await use()
      .db.selectFrom("jobs")
      .select(["payload", "key"])
      .where("name", "=", ticketCreatedJob)
      .where(
        sql<boolean>`payload->'ticketIds' ?| ${sql.val([firstRow.id, ...rest.map((r) => r.id)])}::text[]`,
      )
      .execute();
    expect(jobs.map((j) => (j.payload as { ticketIds: string[] }).ticketIds.sort())).toEqual(
      expect.arrayContaining([[firstRow.id], [rest[0]?.id, rest[1]?.id].sort()]),
    );
    expect(jobs).toHaveLength(2);
  });

  it("keeps batches to maxBatch tickets", async () => {
    const { db, counter } = countingStatements(use().db);
    const intake = new TicketIntake(db, new DirectoryNames(), 4);
    const day = numbering("2031-01-02");
    await Promise.all(Array.from({ length: 10 }, () => intake.record(day, ticket())));
    expect(counter.statements).toBe(1 + 1 + 3); // 1 and its company's name, then 4 + 4 + 1
    expect(await numbersOf(day.prefix)).toHaveLength(10);
  });

  it("fails a ticket the database refuses on its own; its batch burns no number", async () => {
    const intake = new TicketIntake(use().db, new DirectoryNames());
    const day = numbering("2031-01-03");
    const first = intake.record(day, ticket());
    // These three wait for the first and go together; the unknown company fails the batch, so each goes again alone.
    const [good, gone, alsoGood] = await Promise.allSettled([
      intake.record(day, ticket()),
      intake.record(day, ticket({ company_id: newId() })),
      intake.record(day, ticket()),
    ]);
    expect((await first).ticket_number).toBe("T-20310103-0001");
    expect(good.status === "fulfilled" && good.value.ticket_number).toBe("T-20310103-0002");
    expect(gone.status).toBe("rejected");
    expect(gone.status === "rejected" && (gone.reason as { code?: string }).code).toBe("23503");
    expect(alsoGood.status === "fulfilled" && alsoGood.value.ticket_number).toBe("T-20310103-0003");
    expect(await numbersOf(day.prefix)).toEqual(["T-20310103-0001", "T-20310103-0002", "T-20310103-0003"]);
  });

  it("numbers each day on its own when tickets straddle midnight", async () => {
    const intake = new TicketIntake(use().db, new DirectoryNames());
    const before = numbering("2031-01-04");
    const after = numbering("2031-01-05");
    const rows = await Promise.all([
      intake.record(before, ticket()),
      intake.record(before, ticket()),
      intake.record(after, ticket()),
      intake.record(before, ticket()),
      intake.record(after, ticket()),
    ]);
    expect(rows.map((r) => r.ticket_number)).toEqual([
      "T-20310104-0001",
      "T-20310104-0002",
      "T-20310105-0001",
      "T-20310104-0003",
      "T-20310105-0002",
    ]);
  });
});
