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
      "app_settings",
      "business_calendars",
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
      "sla_policies",
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

  it("seeds the 24×7 calendar, the SPEC's default SLA policies on it and the settings' defaults", async () => {
    const { db } = use();
    const calendars = await db.selectFrom("business_calendars").selectAll().execute();
    expect(calendars).toHaveLength(1);
    expect(calendars[0]).toMatchObject({ name: "24×7", time_zone: "UTC", holidays: [], is_default: true });
    expect(Object.keys(calendars[0]?.hours ?? {})).toHaveLength(7);
    expect(Object.values(calendars[0]?.hours ?? {})).toEqual(
      Array.from({ length: 7 }, () => [{ from: "00:00", to: "24:00" }]),
    );
    const policies = await db
      .selectFrom("sla_policies")
      .select([
        "priority",
        "team_id",
        "first_response_minutes",
        "resolution_minutes",
        "calendar_id",
        "notify_team_admins",
        "raise_priority",
        "move_to_team_id",
      ])
      .orderBy("first_response_minutes")
      .execute();
    const defaults = { team_id: null, calendar_id: calendars[0]?.id, notify_team_admins: true };
    const escalation = { raise_priority: false, move_to_team_id: null };
    expect(policies).toEqual([
      { priority: "urgent", first_response_minutes: 60, resolution_minutes: 240, ...defaults, ...escalation },
      { priority: "high", first_response_minutes: 240, resolution_minutes: 1440, ...defaults, ...escalation },
      {
        priority: "medium",
        first_response_minutes: 480,
        resolution_minutes: 4320,
        ...defaults,
        ...escalation,
      },
      { priority: "low", first_response_minutes: 1440, resolution_minutes: 7200, ...defaults, ...escalation },
    ]);
    const settings = await db.selectFrom("app_settings").select("auto_close_after_days").execute();
    expect(settings).toEqual([{ auto_close_after_days: 4 }]);
  });

  it("indexes every foreign key of the SLA tables", async () => {
    // A foreign key is checked from the referenced side on delete: without an index leading with its column,
    // deleting a team or calendar reads every policy.
    const { rows } = await sql<{ table: string; column: string; indexed: boolean }>`
      select c.conrelid::regclass::text as table, a.attname as column,
        exists (select 1 from pg_index i where i.indrelid = c.conrelid and i.indkey[0] = c.conkey[1]) as indexed
      from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      where c.contype = 'f' and c.conrelid::regclass::text in ('sla_policies', 'business_calendars')
      order by 1, 2`.execute(use().db);
    expect(rows).toEqual([
      { table: "sla_policies", column: "calendar_id", indexed: true },
      { table: "sla_policies", column: "move_to_team_id", indexed: true },
      { table: "sla_policies", column: "team_id", indexed: true },
    ]);
  });

  it("allows one team-less SLA policy per priority, as one per team and priority", async () => {
    const { db } = use();
    const calendar = await db.selectFrom("business_calendars").select("id").executeTakeFirstOrThrow();
    const insert = (team_id: string | null) =>
      db
        .insertInto("sla_policies")
        .values({
          id: crypto.randomUUID(),
          priority: "urgent",
          team_id,
          first_response_minutes: 1,
          resolution_minutes: 2,
          calendar_id: calendar.id,
        })
        .execute();
    await expect(insert(null)).rejects.toMatchObject({ code: "23505" });
    const team = await db.selectFrom("teams").select("id").executeTakeFirstOrThrow();
    await insert(team.id);
    await expect(insert(team.id)).rejects.toMatchObject({ code: "23505" });
    await db.deleteFrom("sla_policies").where("team_id", "=", team.id).execute();
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
