import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { describeEachEngine } from "../test/databases.js";
import { migrateDown, migrateUp, migrationStatus } from "./migrator.js";

async function tableNames(db: Parameters<typeof migrateUp>[0]): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_name not like 'kysely_%' order by 1`.execute(db);
  return rows.map((r) => r.name);
}

describeEachEngine("migrations", (use) => {
  it("go up, all the way down to nothing, and up again", async () => {
    const { db } = use();
    expect(await tableNames(db)).toContain("tickets");
    const status = await migrationStatus(db);
    expect(status.every((m) => m.executedAt !== null)).toBe(true);

    const oneStep = await migrateDown(db);
    expect(oneStep).toEqual([`reverted ${status.at(-1)?.name}`]);

    await migrateDown(db, { all: true });
    expect(await tableNames(db)).toEqual([]);
    const types = await sql<{
      n: number;
    }>`select count(*)::int as n from pg_type where typname like 'ticket_%'`.execute(db);
    expect(types.rows[0]?.n).toBe(0);

    const applied = await migrateUp(db);
    expect(applied).toHaveLength(status.length);
    expect(await tableNames(db)).toEqual([
      "api_tokens",
      "app_secrets",
      "categories",
      "companies",
      "contacts",
      "directory_version",
      "inbound_mails",
      "job_schedules",
      "jobs",
      "login_failures",
      "macros",
      "mailboxes",
      "outbound_mails",
      "sessions",
      "teams",
      "ticket_attachments",
      "ticket_comments",
      "ticket_counters",
      "ticket_counts",
      "ticket_events",
      "tickets",
      "users",
    ]);
  });

  it("seeds the default teams and category routing", async () => {
    const { db } = use();
    const teams = await db.selectFrom("teams").select("name").orderBy("name").execute();
    expect(teams.map((t) => t.name)).toEqual(["Admin", "Finance", "Music", "Sales", "Tech"]);
    const routing = await db
      .selectFrom("categories")
      .leftJoin("teams", "teams.id", "categories.default_team_id")
      .select(["categories.key", "categories.label", "teams.name as team"])
      .orderBy("categories.key")
      .execute();
    expect(routing).toEqual([
      { key: "account", label: "Account Management", team: "Sales" },
      { key: "billing", label: "Billing Question", team: "Finance" },
      { key: "feature_request", label: "Feature Request", team: null },
      { key: "general", label: "General Inquiry", team: null },
      { key: "technical", label: "Technical Issue", team: "Tech" },
      { key: "zone_config", label: "Zone Configuration", team: "Music" },
    ]);
  });

  it("keeps the search indexes' pending lists short on busy tables (every search scans them)", async () => {
    const { rows } = await sql<{ index: string; options: string[] | null }>`
      select c.relname as index, c.reloptions as options
      from pg_class c join pg_index i on i.indexrelid = c.oid join pg_class t on t.oid = i.indrelid
      join pg_am am on am.oid = c.relam
      where am.amname = 'gin' and t.relname in ('tickets', 'ticket_comments', 'ticket_attachments')
      order by 1`.execute(use().db);
    expect(rows.length).toBeGreaterThanOrEqual(6);
    for (const row of rows)
      expect({ index: row.index, options: row.options }).toEqual({
        index: row.index,
        options: ["gin_pending_list_limit=256"],
      });
  });

  it("is a no-op when already up to date", async () => {
    expect(await migrateUp(use().db)).toEqual([]);
  });
});

describe("migration list", () => {
  it("is ordered", async () => {
    const { migrationNames } = await import("./migrator.js");
    expect([...migrationNames].sort()).toEqual(migrationNames);
  });
});
