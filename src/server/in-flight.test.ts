import http from "node:http";
import type { AddressInfo } from "node:net";
import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { waitForInFlightOnClose } from "./in-flight.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A server with one slow route; `events` records what happened, in order. */
async function slowServer(handlerMs: number, graceMs?: number) {
  const events: string[] = [];
  const app = Fastify();
  waitForInFlightOnClose(app, graceMs);
  app.get("/slow", async () => {
    await sleep(handlerMs);
    events.push("handler finished");
    return { ok: true };
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = app.server.address() as AddressInfo;
  return { app, events, url: `http://127.0.0.1:${port}/slow` };
}

/** Sends a request and hangs up before the answer, as an abandoned page does. */
async function abandon(url: string): Promise<void> {
  const request = http.get(url);
  request.on("error", () => {});
  await sleep(50);
  request.destroy();
  await sleep(20);
}

describe("closing the app", () => {
  it("waits for a handler whose client has gone before it returns", async () => {
    const { app, events, url } = await slowServer(300);
    await abandon(url);
    await app.close();
    events.push("closed");
    expect(events).toEqual(["handler finished", "closed"]);
  });

  it("returns at once when nothing is running", async () => {
    const { app, url } = await slowServer(10);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    const started = Date.now();
    await app.close();
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("stops waiting after the grace period", async () => {
    const { app, events, url } = await slowServer(1_500, 100);
    await abandon(url);
    await app.close();
    events.push("closed");
    expect(events).toEqual(["closed"]);
    await sleep(1_500);
  });
});
