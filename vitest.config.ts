import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "web/src/**/*.test.{ts,tsx}", "e2e/**/*.test.ts"],
    globalSetup: ["src/test/global-setup.ts"],
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits up to 1 s by default. In CI the browser journey shares two cores with the other
    // test files' databases, and a URL change after a click once took longer than that (journey, "Clear
    // filters"); a condition that holds still returns at the first poll.
    expect: { poll: { timeout: 10_000 } },
  },
});
