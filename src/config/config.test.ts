import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

describe("loadConfig", () => {
  it("needs no configuration at all", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: "0.0.0.0",
      dataDir: path.resolve("./data"),
      databaseUrl: undefined,
      timeZone: "UTC",
      attachmentMaxBytes: 25 * 1024 * 1024,
      logLevel: "info",
      databasePipelines: 2,
    });
  });

  it("reads every setting and treats empty values as unset", () => {
    const config = loadConfig({
      PORT: "8080",
      HOST: "127.0.0.1",
      DATA_DIR: "/tmp/td",
      DATABASE_URL: "postgres://u@db:5432/td",
      TIMEZONE: "Asia/Bangkok",
      ATTACHMENT_MAX_BYTES: "1000",
      LOG_LEVEL: "debug",
      SESSION_TTL_HOURS: "",
      DATABASE_PIPELINES: "0",
    });
    expect(config).toMatchObject({
      port: 8080,
      host: "127.0.0.1",
      dataDir: "/tmp/td",
      databaseUrl: "postgres://u@db:5432/td",
      timeZone: "Asia/Bangkok",
      attachmentMaxBytes: 1000,
      logLevel: "debug",
      sessionTtlHours: 336,
      databasePipelines: 0,
    });
  });

  it.each([
    ["PORT", "eighty"],
    ["PORT", "70000"],
    ["TIMEZONE", "Mars/Olympus"],
    ["ATTACHMENT_MAX_BYTES", "-5"],
    ["LOG_LEVEL", "loud"],
    ["DATABASE_URL", "mysql://x"],
    ["WEB_CONCURRENCY", "0"],
    ["DATABASE_PIPELINES", "17"],
  ])("names the bad variable %s=%s", (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid ${name}=`));
  });

  it("runs several processes only on PostgreSQL: the embedded database belongs to one", () => {
    expect(loadConfig({}).webConcurrency).toBe(1);
    expect(loadConfig({ WEB_CONCURRENCY: "2", DATABASE_URL: "postgres://u@db/td" }).webConcurrency).toBe(2);
    expect(() => loadConfig({ WEB_CONCURRENCY: "2" })).toThrow(
      /^Invalid WEB_CONCURRENCY="2": more than one process needs DATABASE_URL/,
    );
  });
});
