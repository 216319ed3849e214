import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadConfig } from "../config/config.js";
import type { Database } from "../db/database.js";
import { type ApiApp, buildApp } from "../server/app.js";
import { freshPglite } from "../test/databases.js";
import { webApp } from "./web-app.plugin.js";

describe("web app plugin", () => {
  let app: ApiApp;
  let database: Database;
  let root: string;

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), "ticketdesk-web-"));
    await fs.mkdir(path.join(root, "assets"));
    await fs.writeFile(path.join(root, "index.html"), "<!doctype html><div id=root></div>");
    await fs.writeFile(path.join(root, "assets/index-abc123.js"), "console.log(1)");
    await fs.writeFile(path.join(root, "favicon.svg"), "<svg/>");
    database = await freshPglite();
    app = await buildApp({
      config: loadConfig({ DATA_DIR: root }),
      database,
      logger: false,
      extend: (instance) => webApp(instance, { root }),
    });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.close();
    await fs.rm(root, { recursive: true, force: true });
  });

  test("client routes get index.html, never cached, so a reload of /tickets/T-1 works", async () => {
    for (const url of ["/", "/tickets", "/tickets/T-20261123-0001?x=1", "/admin/users"]) {
      const response = await app.inject({ method: "GET", url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers["content-type"]).toContain("text/html");
      expect(response.headers["cache-control"]).toBe("no-cache");
      expect(response.body).toContain("<div id=root>");
    }
  });

  test("hashed assets are cached for a year; other files are served as they are", async () => {
    const asset = await app.inject({ method: "GET", url: "/assets/index-abc123.js" });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers["cache-control"]).toContain("max-age=31536000");
    expect(asset.headers["cache-control"]).toContain("immutable");
    const icon = await app.inject({ method: "GET", url: "/favicon.svg" });
    expect(icon.statusCode).toBe(200);
    expect(icon.body).toBe("<svg/>");
  });

  test("unknown API paths and missing files stay JSON 404s", async () => {
    for (const url of [
      "/api/v1/nope",
      "/api",
      "/assets/missing.js",
      "/../package.json",
      "/%2e%2e/package.json",
    ]) {
      const response = await app.inject({ method: "GET", url });
      expect(response.statusCode, url).toBe(404);
      expect(response.json().error.code).toBe("not_found");
    }
  });

  test("the API keeps answering as before", async () => {
    const response = await app.inject({ method: "GET", url: "/api/v1/setup" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ needs_setup: true });
  });
});
