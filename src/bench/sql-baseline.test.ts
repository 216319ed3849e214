import { describe, expect, test } from "vitest";
import { replayedStatements } from "./sql-baseline.js";

const statement = (sql: string) => ({ sql, parameters: [] });
const sqlOf = (statements: { sql: string }[]) => statements.map((s) => s.sql);

describe("raw SQL replay never keeps what it writes", () => {
  test("a read replays as captured", () => {
    const read = [statement('select "t"."id" from "tickets" as "t" limit $1')];
    expect(sqlOf(replayedStatements({ statements: read }))).toEqual(sqlOf(read));
  });

  test("a transaction's commit becomes a rollback", () => {
    const replay = replayedStatements({
      statements: [
        statement("begin"),
        statement('insert into "ticket_comments" values ($1)'),
        statement("commit"),
      ],
    });
    expect(sqlOf(replay)).toEqual(["begin", 'insert into "ticket_comments" values ($1)', "rollback"]);
  });

  test("a write the app ran on its own (a batched creation) is wrapped in a transaction rolled back", () => {
    const replay = replayedStatements({
      statements: [
        statement("update ticket_counters set last = last + $1 returning last"),
        statement("insert into tickets select * from json_populate_recordset(null::tickets, $1)"),
      ],
    });
    expect(sqlOf(replay)).toEqual([
      "begin",
      "update ticket_counters set last = last + $1 returning last",
      "insert into tickets select * from json_populate_recordset(null::tickets, $1)",
      "rollback",
    ]);
  });
});
