import { type Kysely, sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import type { DB } from "../db/schema.js";
import { countingStatements } from "../test/counting-statements.js";
import { describeEachEngine } from "../test/databases.js";
import { createTestCompany, createTestContact, createTestTicket, findTeamId } from "../test/factories.js";
import { findTicket, fromTickets, selectTicketColumns } from "../tickets/ticket.repository.js";
import { createUser } from "./create-user.js";
import { DirectoryNames } from "./directory-names.js";

/** A company with `n` tickets, each from a contact of its own. */
async function ticketsOfNewContacts(db: Kysely<DB>, n: number) {
  const company = await createTestCompany(db);
  const tickets = [];
  for (let i = 0; i < n; i += 1) {
    const contact = await createTestContact(db, company.id);
    tickets.push(await createTestTicket(db, { company_id: company.id, contact_id: contact.id }));
  }
  return { company, tickets };
}

const versionOf = async (db: Kysely<DB>) =>
  (await db.selectFrom("directory_version").select("version").executeTakeFirstOrThrow()).version;

describeEachEngine("directory names on tickets", (use) => {
  let ticketId: string;
  let ids: { company: string; contact: string; agent: string; team: string };

  beforeAll(async () => {
    const { db } = use();
    const company = await createTestCompany(db, { name: "Blue Note Records" });
    const contact = await createTestContact(db, company.id, { name: "Nina", email: "nina@bluenote.example" });
    const agent = await createUser(db, {
      email: "miles@ticketdesk.example",
      name: "Miles",
      password: "long enough pw",
      role: "agent",
    });
    const team = await findTeamId(db, "Music");
    const ticket = await createTestTicket(db, {
      company_id: company.id,
      contact_id: contact.id,
      assigned_to: agent.id,
      assigned_team: team,
      created_by: agent.id,
    });
    ticketId = ticket.id;
    ids = { company: company.id, contact: contact.id, agent: agent.id, team };
  });

  const namesOf = async (names: DirectoryNames, db: Kysely<DB> = use().db) => {
    const row = await findTicket(db, names, { id: ticketId });
    return (
      row && [
        row.company_name,
        row.contact_name_email,
        row.assignee_name_email,
        row.team_name,
        row.creator_name,
      ]
    );
  };

  it("reads each name once per process, then answers from memory", async () => {
    const names = new DirectoryNames();
    const { db, counter } = countingStatements(use().db);
    expect(await namesOf(names, db)).toEqual([
      "Blue Note Records",
      ["Nina", "nina@bluenote.example"],
      ["Miles", "miles@ticketdesk.example"],
      "Music",
      "Miles",
    ]);
    expect(counter.statements).toBe(2); // the ticket, then its four records' names in one statement
    await namesOf(names, db);
    await namesOf(names, db);
    expect(counter.statements).toBe(4); // one each: nothing looked up again
  });

  it("shows a rename at the next read in every process, made wherever it was made", async () => {
    const { db } = use();
    // Two server processes that both remember the old names; the renames come from neither (another host, psql).
    const here = new DirectoryNames();
    const there = new DirectoryNames();
    await namesOf(here);
    await namesOf(there);
    await db
      .updateTable("companies")
      .set({ name: "Blue Note Records Ltd" })
      .where("id", "=", ids.company)
      .execute();
    await db
      .updateTable("contacts")
      .set({ email: "nina@bluenote.test" })
      .where("id", "=", ids.contact)
      .execute();
    await db.updateTable("users").set({ name: "Miles D." }).where("id", "=", ids.agent).execute();
    await db.updateTable("teams").set({ name: "Music & Events" }).where("id", "=", ids.team).execute();
    const renamed = [
      "Blue Note Records Ltd",
      ["Nina", "nina@bluenote.test"],
      ["Miles D.", "miles@ticketdesk.example"],
      "Music & Events",
      "Miles D.",
    ];
    expect(await namesOf(here)).toEqual(renamed);
    expect(await namesOf(there)).toEqual(renamed);
    await db.updateTable("teams").set({ name: "Music" }).where("id", "=", ids.team).execute();
    expect((await namesOf(here))?.[3]).toBe("Music");
  });

  it("moves the directory version only when a shown name or email changes", async () => {
    const { db } = use();
    const before = await versionOf(db);
    await db
      .updateTable("contacts")
      .set({ phone: "+44 20 7946 0000" })
      .where("id", "=", ids.contact)
      .execute();
    await db
      .updateTable("companies")
      .set({ domain: "bluenote.example" })
      .where("id", "=", ids.company)
      .execute();
    await db.updateTable("users").set({ name: sql<string>`name` }).where("id", "=", ids.agent).execute();
    expect(await versionOf(db)).toBe(before);
    await db.updateTable("contacts").set({ name: "Nina S." }).where("id", "=", ids.contact).execute();
    expect(await versionOf(db)).toBe(before + 1);
  });

  it("never remembers what a transaction read: its own renames may roll back", async () => {
    const { db } = use();
    const names = new DirectoryNames();
    const original = await namesOf(names);
    await expect(
      db.transaction().execute(async (trx) => {
        await trx
          .updateTable("companies")
          .set({ name: "Never Committed" })
          .where("id", "=", ids.company)
          .execute();
        // Inside, the transaction sees its own rename…
        expect((await namesOf(names, trx))?.[0]).toBe("Never Committed");
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    // …and nobody ever does.
    expect(await namesOf(names)).toEqual(original);
    expect(await namesOf(new DirectoryNames())).toEqual(original);
  });

  it("lets a statement older than its memory use the newer names, and forgets nothing for it", async () => {
    const { db } = use();
    const names = new DirectoryNames();
    const before = await findTicket(db, names, { id: ticketId });
    if (!before) throw new Error("no ticket");
    await db
      .updateTable("companies")
      .set({ name: "Blue Note Label" })
      .where("id", "=", ids.company)
      .execute();
    expect((await findTicket(db, names, { id: ticketId }))?.company_name).toBe("Blue Note Label");
    // A statement that read the ticket before the rename and answers after it (a slow request).
    const counted = countingStatements(db);
    const [late] = await names.name(counted.db, [{ ...before }]);
    expect(late?.company_name).toBe("Blue Note Label");
    await findTicket(counted.db, names, { id: ticketId });
    expect(counted.counter.statements).toBe(1); // the ticket alone: every name still remembered
  });

  it("keeps at most the given number of records of each kind, forgetting the oldest", async () => {
    const { db } = use();
    const { tickets } = await ticketsOfNewContacts(db, 3);
    const names = new DirectoryNames(2);
    for (const ticket of tickets) await findTicket(db, names, { id: ticket.id });
    const statementsFor = async (id: string) => {
      const counted = countingStatements(db);
      await findTicket(counted.db, names, { id });
      return counted.counter.statements;
    };
    expect(await statementsFor(tickets[2]?.id ?? "")).toBe(1);
    expect(await statementsFor(tickets[0]?.id ?? "")).toBe(2); // its contact was forgotten, read again
  });

  it("reads the names of a whole page of strangers in one statement", async () => {
    const { db } = use();
    const { company } = await ticketsOfNewContacts(db, 12);
    const counted = countingStatements(db);
    const names = new DirectoryNames();
    const rows = await selectTicketColumns(
      fromTickets(counted.db).where("t.company_id", "=", company.id),
    ).execute();
    const named = await names.name(counted.db, rows);
    expect(counted.counter.statements).toBe(2);
    expect(new Set(named.map((row) => row.contact_name_email?.[0])).size).toBe(12);
    expect(named.every((row) => row.company_name === company.name && row.team_name === null)).toBe(true);
  });
});
