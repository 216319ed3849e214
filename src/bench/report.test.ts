import path from "node:path";
import { describe, expect, it } from "vitest";
import { unusedReportPath } from "./report.js";

describe("unusedReportPath", () => {
  const dir = "/results";
  const existing =
    (...names: string[]) =>
    (file: string) =>
      names.includes(path.basename(file));

  it("names the report after the day, engine and scenarios when nothing has that name", () => {
    expect(unusedReportPath(dir, "2026-12-04-postgres-af", existing())).toBe(
      "/results/2026-12-04-postgres-af.md",
    );
  });

  it("never overwrites an earlier report of the same day: it numbers the new one", () => {
    expect(unusedReportPath(dir, "2026-12-04-postgres", existing("2026-12-04-postgres.md"))).toBe(
      "/results/2026-12-04-postgres-2.md",
    );
    expect(
      unusedReportPath(
        dir,
        "2026-12-04-postgres",
        existing("2026-12-04-postgres.md", "2026-12-04-postgres-2.md"),
      ),
    ).toBe("/results/2026-12-04-postgres-3.md");
  });
});
