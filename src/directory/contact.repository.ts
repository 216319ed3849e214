import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import { pageWindow } from "../db/page-window.js";
import type { DB } from "../db/schema.js";
import type { Page } from "./directory.schema.js";
import { contactContains } from "./like-pattern.js";

export type ContactFilter = { company_id?: string | undefined; search?: string | undefined };

function matches(filter: ContactFilter) {
  return (eb: ExpressionBuilder<DB, "contacts">) => {
    const conditions = [];
    if (filter.company_id) conditions.push(eb("contacts.company_id", "=", filter.company_id));
    if (filter.search) {
      // Folded name and email (migration 0015), each with its trigram index.
      conditions.push(contactContains(filter.search));
    }
    return eb.and(conditions);
  };
}

function selectContacts(db: Kysely<DB>) {
  return db
    .selectFrom("contacts")
    .innerJoin("companies", "companies.id", "contacts.company_id")
    .select([
      "contacts.id",
      "contacts.name",
      "contacts.email",
      "contacts.phone",
      "contacts.email_status",
      "contacts.email_status_reason",
      "contacts.company_id",
      "companies.name as company_name",
      "contacts.created_at",
      "contacts.updated_at",
    ]);
}

type ContactRow = Awaited<ReturnType<ReturnType<typeof selectContacts>["executeTakeFirstOrThrow"]>>;

function presentContact({ company_id, company_name, ...row }: ContactRow) {
  return { ...row, company: { id: company_id, name: company_name } };
}

export async function findContacts(db: Kysely<DB>, filter: ContactFilter, page: Page) {
  const rows = await selectContacts(db)
    .where(matches(filter))
    .orderBy((eb) => eb.fn("lower", ["contacts.name"]))
    .orderBy("contacts.id")
    .$call((q) => pageWindow(q, page))
    .execute();
  return rows.map(presentContact);
}

export async function countContacts(db: Kysely<DB>, filter: ContactFilter): Promise<number> {
  const row = await db
    .selectFrom("contacts")
    .select(sql<number>`count(*)::int`.as("count"))
    .where(matches(filter))
    .executeTakeFirstOrThrow();
  return row.count;
}

export async function findContactById(db: Kysely<DB>, id: string) {
  const row = await selectContacts(db).where("contacts.id", "=", id).executeTakeFirst();
  return row && presentContact(row);
}

export async function contactEmailTaken(
  db: Kysely<DB>,
  companyId: string,
  email: string,
  exceptId?: string,
): Promise<boolean> {
  let query = db
    .selectFrom("contacts")
    .select("id")
    .where("company_id", "=", companyId)
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", email.toLowerCase()));
  if (exceptId) query = query.where("id", "!=", exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function insertContact(
  db: Kysely<DB>,
  values: { id: string; company_id: string; name: string; email: string; phone: string | null },
): Promise<void> {
  await db.insertInto("contacts").values(values).execute();
}

export async function updateContactRow(
  db: Kysely<DB>,
  id: string,
  values: {
    company_id?: string;
    name?: string;
    email?: string;
    phone?: string | null;
    email_status?: "ok";
    email_status_reason?: null;
  },
): Promise<void> {
  await db.updateTable("contacts").set(values).where("id", "=", id).execute();
}

export async function clearBouncingAddress(db: Kysely<DB>, email: string): Promise<void> {
  await db
    .updateTable("contacts")
    .set({ email_status: "ok", email_status_reason: null, email_status_at: new Date() })
    .where(sql<string>`lower(email)`, "=", email.toLowerCase())
    .where("email_status", "=", "bouncing")
    .execute();
}

export async function countTicketsOfContact(db: Kysely<DB>, id: string): Promise<number> {
  const row = await db
    .selectFrom("tickets")
    .select(sql<number>`count(*)::int`.as("count"))
    .where("contact_id", "=", id)
    .executeTakeFirstOrThrow();
  return row.count;
}

/** Tickets of the contact stay; their contact becomes null (foreign key ON DELETE SET NULL). */
export async function deleteContactRow(db: Kysely<DB>, id: string): Promise<boolean> {
  const result = await db.deleteFrom("contacts").where("id", "=", id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
