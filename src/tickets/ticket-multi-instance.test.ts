import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config/config.js";
import { type Database, openPostgres } from "../db/database.js";
import { type ApiApp, buildApp } from "../server/app.js";
import { freshPostgresUrl, hasPostgres } from "../test/databases.js";
import { createTestCompany } from "../test/factories.js";
import { createTestUser, type TestUser } from "../test/http.js";

/**
 * Two app instances over two connection pools on one PostgreSQL database, as two servers
 * behind a load balancer: concurrent creations over HTTP must get distinct, gap-free numbers.
 */
describe.runIf(hasPostgres())("ticket numbers across two app instances [postgres]", () => {
  const instances: { app: ApiApp; database: Database }[] = [];
  let dataDir: string;
  let agent: TestUser;
  let companyId: string;

  beforeAll(async () => {
    const url = await freshPostgresUrl();
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "ticketdesk-multi-"));
    for (let i = 0; i < 2; i++) {
      const database = await openPostgres(url, 10);
      const app = await buildApp({ config: loadConfig({ DATA_DIR: dataDir }), database, logger: false });
      instances.push({ app, database });
    }
    const first = instances[0];
    if (!first) throw new Error("no instance");
    agent = await createTestUser(first.app);
    companyId = (await createTestCompany(first.database.db)).id;
  });

  afterAll(async () => {
    for (const { app, database } of instances) {
      await app.close();
      await database.close();
    }
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it("gives 200 concurrent creations 200 distinct consecutive numbers", async () => {
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        instances[i % 2]?.app.inject({
          method: "POST",
          url: "/api/v1/tickets",
          headers: agent.headers,
          payload: {
            subject: `Concurrent ${i}`,
            description: "Load",
            company_id: companyId,
            category: "technical",
          },
        }),
      ),
    );
    const statuses = responses.map((r) => r?.statusCode);
    expect(statuses.filter((s) => s !== 201)).toEqual([]);
    const numbers = responses.map((r) => r?.json().ticket_number as string);
    expect(new Set(numbers).size).toBe(200);
    const byDay = new Map<string, number[]>();
    for (const n of numbers) {
      const [, day, seq] = /^T-(\d{8})-(\d{4,})$/.exec(n) ?? [];
      if (!day || !seq) throw new Error(`bad number ${n}`);
      byDay.set(day, [...(byDay.get(day) ?? []), Number(seq)]);
    }
    // Normally one day; a run that crosses midnight restarts at 0001 on the second day.
    for (const seqs of byDay.values()) {
      seqs.sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    }
  });
});
