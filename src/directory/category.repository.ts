import { type Kysely, sql } from "kysely";
import { pageWindow } from "../db/page-window.js";
import type { DB } from "../db/schema.js";
import type { Page } from "./directory.schema.js";

function selectCategories(db: Kysely<DB>) {
  return db
    .selectFrom("categories")
    .leftJoin("teams", "teams.id", "categories.default_team_id")
    .select([
      "categories.id",
      "categories.key",
      "categories.label",
      "categories.default_team_id",
      "teams.name as default_team_name",
      "categories.created_at",
      "categories.updated_at",
    ]);
}

type CategoryRow = Awaited<ReturnType<ReturnType<typeof selectCategories>["executeTakeFirstOrThrow"]>>;

function presentCategory({ default_team_id, default_team_name, ...row }: CategoryRow) {
  return {
    ...row,
    default_team:
      default_team_id && default_team_name ? { id: default_team_id, name: default_team_name } : null,
  };
}

export async function findCategories(db: Kysely<DB>, page: Page) {
  const rows = await selectCategories(db)
    .orderBy((eb) => eb.fn("lower", ["categories.label"]))
    .orderBy("categories.id")
    .$call((q) => pageWindow(q, page))
    .execute();
  return rows.map(presentCategory);
}

export async function countCategories(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom("categories")
    .select(sql<number>`count(*)::int`.as("count"))
    .executeTakeFirstOrThrow();
  return row.count;
}

export async function findCategoryById(db: Kysely<DB>, id: string) {
  const row = await selectCategories(db).where("categories.id", "=", id).executeTakeFirst();
  return row && presentCategory(row);
}

export async function categoryKeyTaken(db: Kysely<DB>, key: string): Promise<boolean> {
  return (
    (await db.selectFrom("categories").select("id").where("key", "=", key).executeTakeFirst()) !== undefined
  );
}

export async function insertCategory(
  db: Kysely<DB>,
  values: { id: string; key: string; label: string; default_team_id: string | null },
): Promise<void> {
  await db.insertInto("categories").values(values).execute();
}

export async function updateCategoryRow(
  db: Kysely<DB>,
  id: string,
  values: { label?: string; default_team_id?: string | null },
): Promise<void> {
  await db.updateTable("categories").set(values).where("id", "=", id).execute();
}

/** Locks the category until the transaction ends (tickets naming it wait), returning its key. */
export async function lockCategory(db: Kysely<DB>, id: string): Promise<string | undefined> {
  const row = await db
    .selectFrom("categories")
    .select("key")
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
  return row?.key;
}

export async function countTicketsInCategory(db: Kysely<DB>, key: string): Promise<number> {
  const row = await db
    .selectFrom("tickets")
    .select(sql<number>`count(*)::int`.as("count"))
    .where("category", "=", key)
    .executeTakeFirstOrThrow();
  return row.count;
}

export async function deleteCategoryRow(db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom("categories").where("id", "=", id).execute();
}
