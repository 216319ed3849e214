import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { handleError, isDatabaseUnavailable } from "./error-handler.js";

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

async function respond(error: Error) {
  const app = Fastify({ logger: false });
  app.setErrorHandler(handleError);
  app.get("/", async () => {
    throw error;
  });
  try {
    return await app.inject({ method: "GET", url: "/" });
  } finally {
    await app.close();
  }
}

describe("database overload and outage", () => {
  it("answers 503 with Retry-After when the pool has no free connection in time", async () => {
    const response = await respond(new Error("timeout exceeded when trying to connect"));
    expect(response.statusCode).toBe(503);
    expect(response.headers["retry-after"]).toBe("1");
    expect(response.json()).toEqual({
      error: { code: "unavailable", message: "The service is busy; retry in a moment" },
    });
  });

  it("answers 503 when PostgreSQL refuses or drops connections", async () => {
    for (const error of [
      withCode("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED"),
      withCode("terminating connection due to administrator command", "57P01"),
      withCode("sorry, too many clients already", "53300"),
      new Error("Connection terminated unexpectedly"),
    ]) {
      const response = await respond(error);
      expect(response.statusCode, error.message).toBe(503);
      expect(response.headers["retry-after"]).toBe("1");
    }
  });

  it("keeps other unexpected errors a 500 without details", async () => {
    const response = await respond(withCode("syntax error at or near", "42601"));
    expect(response.statusCode).toBe(500);
    expect(response.headers["retry-after"]).toBeUndefined();
    expect(response.json().error.code).toBe("internal_error");
    expect(isDatabaseUnavailable("timeout exceeded when trying to connect")).toBe(false);
  });
});

describe("data the database cannot store", () => {
  it("answers 400 invalid_input for PostgreSQL data exceptions (SQLSTATE class 22)", async () => {
    const nul = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
      code: "22021",
      severity: "ERROR",
    });
    const response = await respond(nul);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe("invalid_input");
    expect(response.body).not.toContain("0x00");
  });
});
