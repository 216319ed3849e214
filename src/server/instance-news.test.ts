import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openPostgres } from "../db/database.js";
import { describeEachEngine, freshPostgresUrl, hasPostgres } from "../test/databases.js";
import type { InstanceNews } from "./instance-news.js";
import { openInstanceNews } from "./open-instance-news.js";
import { reconnectDelayMs } from "./postgres-news.js";

/** Every payload `news` delivers on `channel`, in order; `next()` waits for the next one. */
function collect(news: InstanceNews, channel: string) {
  const got: string[] = [];
  let missed = 0;
  let waiter: (() => void) | undefined;
  const unsubscribe = news.subscribe(
    channel,
    (payload) => {
      got.push(payload);
      waiter?.();
    },
    () => {
      missed += 1;
      waiter?.();
    },
  );
  const until = async (done: () => boolean, timeoutMs = 5_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`nothing on ${channel} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        waiter = resolve;
        setTimeout(resolve, 20);
      });
    }
  };
  return {
    got,
    missed: () => missed,
    unsubscribe,
    /** Waits until `count` payloads have arrived. */
    until: (count: number) => until(() => got.length >= count),
    untilMissed: () => until(() => missed > 0, 15_000),
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeEachEngine("instance news", (use) => {
  let news: InstanceNews;
  beforeAll(() => {
    news = openInstanceNews(use());
  });
  afterAll(() => news.close());

  it("delivers to every subscriber of the channel, the publishing instance's own included", async () => {
    const first = collect(news, "test.greetings");
    const second = collect(news, "test.greetings");
    const other = collect(news, "test.other");
    await news.ready();
    await news.publish("test.greetings", JSON.stringify({ hello: "world" }));
    await news.publish("test.greetings", "{}");
    await first.until(2);
    await second.until(2);
    expect(first.got).toEqual(['{"hello":"world"}', "{}"]);
    expect(second.got).toEqual(first.got);
    expect(other.got).toEqual([]);

    second.unsubscribe();
    await news.publish("test.greetings", "[3]");
    await first.until(3);
    expect(second.got).toHaveLength(2);
    first.unsubscribe();
    other.unsubscribe();
  });

  it("delivers news published in a transaction when it commits, and never when it rolls back", async () => {
    const { db } = use();
    const seen = collect(news, "test.tx");
    await news.ready();
    await db.transaction().execute(async (trx) => {
      await news.publish("test.tx", '"committed"', trx);
      await pause(150);
      expect(seen.got).toEqual([]);
    });
    await seen.until(1);
    expect(seen.got).toEqual(['"committed"']);

    await expect(
      db.transaction().execute(async (trx) => {
        await news.publish("test.tx", '"rolled back"', trx);
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    await news.publish("test.tx", '"after"');
    await seen.until(2);
    await pause(300);
    expect(seen.got).toEqual(['"committed"', '"after"']);
    seen.unsubscribe();
  });

  it("refuses payloads NOTIFY cannot carry, and channel names LISTEN cannot take", async () => {
    await expect(news.publish("test.big", "x".repeat(8_000))).rejects.toThrow(/at most 7999/);
    await news.publish("test.big", "é".repeat(3_999)); // 7998 bytes
    await expect(news.publish("Test Channel", "{}")).rejects.toThrow(/Invalid news channel/);
    expect(() => news.subscribe("x".repeat(64), () => {})).toThrow(/Invalid news channel/);
  });

  it("keeps delivering to the others when a handler throws", async () => {
    const unsubscribe = news.subscribe("test.faulty", () => {
      throw new Error("boom");
    });
    const seen = collect(news, "test.faulty");
    await news.ready();
    await news.publish("test.faulty", "1");
    await seen.until(1);
    unsubscribe();
    seen.unsubscribe();
  });
});

describe.runIf(hasPostgres())("instance news between instances [postgres]", () => {
  let a: Database;
  let b: Database;
  let newsA: InstanceNews;
  let newsB: InstanceNews;

  beforeAll(async () => {
    const url = await freshPostgresUrl();
    a = await openPostgres(url, 2);
    b = await openPostgres(url, 2);
    newsA = openInstanceNews(a);
    newsB = openInstanceNews(b);
  });

  afterAll(async () => {
    await newsA.close();
    await newsB.close();
    await a.close();
    await b.close();
  });

  it("reaches the other instance, on its own connection", async () => {
    const onA = collect(newsA, "test.shared");
    const onB = collect(newsB, "test.shared");
    await newsA.ready();
    await newsB.ready();
    await newsA.publish("test.shared", '"from a"');
    await a.db
      .transaction()
      .execute((trx) => newsA.publish("test.shared", '"from a, in a transaction"', trx));
    await onB.until(2);
    await onA.until(2);
    expect(onB.got).toEqual(['"from a"', '"from a, in a transaction"']);
    expect(onA.got).toEqual(onB.got);
    onA.unsubscribe();
    onB.unsubscribe();
  });

  it("reconnects after losing its connection, tells subscribers they may have missed news, and hears again", async () => {
    const onB = collect(newsB, "test.reconnect");
    await newsB.ready();
    const { rows } = await sql<{ ended: boolean }>`
      select pg_terminate_backend(pid) as ended from pg_stat_activity
      where datname = current_database() and query = 'listen "test.reconnect"'`.execute(a.db);
    expect(rows).toEqual([{ ended: true }]);
    await onB.untilMissed();
    await newsB.ready();
    await newsA.publish("test.reconnect", '"again"');
    await onB.until(1);
    expect(onB.got).toEqual(['"again"']);
    onB.unsubscribe();
  });
});

describe("reconnectDelayMs", () => {
  it("doubles from 250 ms up to 30 s, with up to half taken off at random", () => {
    expect([0, 1, 2, 10].map((attempt) => reconnectDelayMs(attempt, 1))).toEqual([250, 500, 1_000, 30_000]);
    expect(reconnectDelayMs(0, 0)).toBe(125);
    expect(reconnectDelayMs(1_000, 0.5)).toBe(22_500);
  });
});
