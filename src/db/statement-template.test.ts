import { sql } from "kysely";
import { expect, it } from "vitest";
import { describeEachEngine } from "../test/databases.js";
import { StatementTemplate } from "./statement-template.js";

describeEachEngine("statement templates", (use) => {
  it("compiles once and runs with each call's values", async () => {
    let builds = 0;
    const team = new StatementTemplate((db, name: string) => {
      builds += 1;
      return db.selectFrom("teams").select("name").where("name", "=", name);
    });
    expect(await team.executeTakeFirst(use().db, "Tech")).toEqual({ name: "Tech" });
    expect(await team.executeTakeFirst(use().db, "Finance")).toEqual({ name: "Finance" });
    expect(await team.execute(use().db, "Nobody")).toEqual([]);
    expect(builds).toBe(1);
  });

  it("refuses a build that does not pass an argument on as a value", async () => {
    const written = new StatementTemplate((db, name: string) =>
      db
        .selectFrom("teams")
        .select("name")
        .where("name", "=", sql.lit(String(name))),
    );
    await expect(written.execute(use().db, "Tech")).rejects.toThrow(/did not become a parameter/);
  });
});
