import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import { pageWindow } from "../db/page-window.js";
import type { DB } from "../db/schema.js";
import type { Page } from "./directory.schema.js";
import { companyNameContains, containsPattern } from "./like-pattern.js";

export type CompanyFilter = { search?: string | undefined };

function matches(filter: CompanyFilter) {
  return (eb: ExpressionBuilder<DB, "companies">) => {
    if (!filter.search) return eb.and([]);
    // Both served by trigram (gin_trgm_ops) indexes; the name through its folded copy (migration 0015).
    return eb.or([
      companyNameContains(filter.search),
      eb("companies.domain", "ilike", containsPattern(filter.search)),
    ]);
  };
}

type CompanyRows = ReturnType<typeof companyRows>;
const companyRows = (db: Kysely<DB>) => db.selectFrom("companies").selectAll("companies");

/**
 * The company projection with its ticket counts, computed in the same query (one lateral
 * aggregate per row, answered from the (company_id, status) index) — never a query per row.
 * The rows are chosen first (a page, or one id) so counts are only computed for them.
 */
function withTicketCounts(db: Kysely<DB>, rows: CompanyRows) {
  return db
    .selectFrom(rows.as("companies"))
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom("tickets")
          .select([
            sql<number>`count(*)::int`.as("tickets_count"),
            sql<number>`(count(*) filter (where tickets.status not in ('resolved', 'closed')))::int`.as(
              "open_tickets_count",
            ),
          ])
          .whereRef("tickets.company_id", "=", "companies.id")
          .as("counts"),
      (join) => join.onTrue(),
    )
    .select([
      "companies.id",
      "companies.name",
      "companies.domain",
      "counts.tickets_count",
      "counts.open_tickets_count",
      "companies.created_at",
      "companies.updated_at",
    ]);
}

/** The page query on its own, so tests can EXPLAIN it. */
export function findCompaniesQuery(db: Kysely<DB>, filter: CompanyFilter, page: Page) {
  const pageRows = companyRows(db)
    .where(matches(filter))
    .orderBy((eb) => eb.fn("lower", ["companies.name"]))
    .orderBy("companies.id")
    .$call((q) => pageWindow(q, page));
  return withTicketCounts(db, pageRows)
    .orderBy((eb) => eb.fn("lower", ["companies.name"]))
    .orderBy("companies.id");
}

export function findCompanies(db: Kysely<DB>, filter: CompanyFilter, page: Page) {
  return findCompaniesQuery(db, filter, page).execute();
}

export async function countCompanies(db: Kysely<DB>, filter: CompanyFilter): Promise<number> {
  const row = await db
    .selectFrom("companies")
    .select(sql<number>`count(*)::int`.as("count"))
    .where(matches(filter))
    .executeTakeFirstOrThrow();
  return row.count;
}

export function findCompanyById(db: Kysely<DB>, id: string) {
  return withTicketCounts(db, companyRows(db).where("companies.id", "=", id)).executeTakeFirst();
}

export async function companyExists(db: Kysely<DB>, id: string): Promise<boolean> {
  return (
    (await db.selectFrom("companies").select("id").where("id", "=", id).executeTakeFirst()) !== undefined
  );
}

export async function domainTaken(db: Kysely<DB>, domain: string, exceptId?: string): Promise<boolean> {
  let query = db
    .selectFrom("companies")
    .select("id")
    .where((eb) => eb(eb.fn("lower", ["domain"]), "=", domain.toLowerCase()));
  if (exceptId) query = query.where("id", "!=", exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function insertCompany(
  db: Kysely<DB>,
  values: { id: string; name: string; domain: string | null },
): Promise<void> {
  await db.insertInto("companies").values(values).execute();
}

export async function updateCompanyRow(
  db: Kysely<DB>,
  id: string,
  values: { name?: string; domain?: string | null },
): Promise<void> {
  await db.updateTable("companies").set(values).where("id", "=", id).execute();
}

/** Locks the company until the transaction ends, so no ticket can be filed under it meanwhile. */
export async function lockCompany(db: Kysely<DB>, id: string): Promise<boolean> {
  const row = await db
    .selectFrom("companies")
    .select("id")
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
  return row !== undefined;
}

export async function countTicketsOfCompany(db: Kysely<DB>, id: string): Promise<number> {
  const row = await db
    .selectFrom("tickets")
    .select(sql<number>`count(*)::int`.as("count"))
    .where("company_id", "=", id)
    .executeTakeFirstOrThrow();
  return row.count;
}

/** Deletes the company and (by cascade) its contacts. */
export async function deleteCompanyRow(db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom("companies").where("id", "=", id).execute();
}
