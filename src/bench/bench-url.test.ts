import { describe, expect, test } from "vitest";
import { databaseUrlFor, isLocalServer, transportOf } from "./bench-url.js";

describe("the benchmark's PostgreSQL URL", () => {
  test("a Unix socket or loopback is this machine; any other host is not", () => {
    expect(isLocalServer("postgres://postgres@localhost/postgres?host=%2Fvar%2Frun%2Fpostgresql")).toBe(true);
    expect(isLocalServer("postgres://postgres@127.0.0.1:5432/postgres")).toBe(true);
    expect(isLocalServer("postgres://postgres@[::1]:5432/postgres")).toBe(true);
    expect(isLocalServer("postgres://postgres@db.internal:5432/postgres")).toBe(false);
  });

  test("names another database on the same server, and says how it is reached", () => {
    const url = databaseUrlFor("postgres://postgres@127.0.0.1:5432/postgres", "ticketdesk_bench");
    expect(url).toBe("postgres://postgres@127.0.0.1:5432/ticketdesk_bench");
    expect(transportOf(url)).toBe("TCP to 127.0.0.1:5432");
  });
});
