import pg from "pg";
import { describe, expect, it } from "vitest";
import { parseTimestamptz } from "./pg-types.js";

const pgOwn = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ, "text");

describe("parseTimestamptz", () => {
  it("reads what PostgreSQL writes exactly as pg's own parser does", () => {
    for (const text of [
      "2026-12-02 09:31:00+00",
      "2026-12-02 09:31:00.1+00",
      "2026-12-02 09:31:00.123456+00",
      "2026-12-02 09:31:00.999999+00",
      "2026-12-02 00:00:00.5+07",
      "2026-01-01 02:15:00.25-03:30",
      "1999-12-31 23:59:59.000001+05:45",
      "2024-02-29 12:00:00+00",
      "1970-01-01 00:00:00+00",
      "1900-06-15 08:00:00+00:19:32",
    ])
      expect(parseTimestamptz(text).getTime(), text).toBe((pgOwn(text) as Date).getTime());
  });

  it("hands anything unusual to pg's parser", () => {
    for (const text of ["infinity", "-infinity", "0099-01-01 00:00:00+00", "2026-12-02 09:31:00+00 BC"])
      expect(parseTimestamptz(text)).toEqual(pgOwn(text));
  });
});
