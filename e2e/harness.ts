import { execFileSync } from "node:child_process";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { loadConfig } from "../src/config/config.js";
import type { ApiApp } from "../src/server/app.js";
import { buildApp } from "../src/server/app.js";
import { freshPglite } from "../src/test/databases.js";
import { webApp } from "../src/web-app/web-app.plugin.js";

export { launchBrowser } from "./browser.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const webDist = path.join(repoRoot, "dist/web/index.html");
export const artifactsDir = path.join(repoRoot, "test-artifacts");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds dist/web when it is missing or older than the web sources (a fresh clone, or after edits). */
export function ensureWebBuilt(): void {
  const built = fs.existsSync(webDist) ? fs.statSync(webDist).mtimeMs : 0;
  if (built > newestMtime(path.join(repoRoot, "web"))) return;
  execFileSync(
    process.execPath,
    [
      path.join(repoRoot, "node_modules/vite/bin/vite.js"),
      "build",
      "--config",
      "web/vite.config.ts",
      "--logLevel",
      "warn",
    ],
    {
      cwd: repoRoot,
      stdio: "inherit",
    },
  );
}

export type Server = { app: ApiApp; url: string; close(): Promise<void> };

/** The real server (API + built web app) on a random port, with a fresh database and a temp DATA_DIR. */
export async function startServer(): Promise<Server> {
  const dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), "ticketdesk-e2e-"));
  const database = await freshPglite();
  const app = await buildApp({
    config: loadConfig({ DATA_DIR: dataDir }),
    database,
    logger: false,
    extend: (instance) => webApp(instance),
  });
  const address = await app.listen({ port: 0, host: "127.0.0.1" });
  return {
    app,
    url: address,
    async close() {
      await app.close();
      await database.close();
      await fsp.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Screenshot (into test-artifacts/), zero axe violations, and no horizontal scrolling. */
export async function checkScreen(page: Page, name: string): Promise<void> {
  await page.waitForLoadState("networkidle");
  await page
    .locator('[role="status"] .mantine-Loader-root')
    .first()
    .waitFor({ state: "detached", timeout: 10_000 })
    .catch(() => {});
  // Fading notifications and menus would be measured mid-transition: wait until nothing animates.
  await page
    .waitForFunction(() => document.getAnimations().every((a) => a.playState !== "running"), null, {
      timeout: 5_000,
    })
    .catch(() => {});
  await fsp.mkdir(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage: true });
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
    .analyze();
  const violations = results.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .map((n) => n.target.join(" "))
        .slice(0, 3)
        .join(", ")}`,
  );
  expect(violations, `axe violations on ${name}`).toEqual([]);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `horizontal scroll on ${name}`).toBeLessThanOrEqual(0);
}
