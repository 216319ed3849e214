import { expect, it } from "vitest";
import { describeApi } from "../test/http.js";

describeApi("security headers", (use) => {
  it("come with every response: API, errors and the health check", async () => {
    for (const url of ["/api/v1/tickets", "/api/v1/no-such-thing", "/readyz"]) {
      const response = await use().app.inject({ method: "GET", url });
      const policy = response.headers["content-security-policy"];
      expect(policy, url).toContain("script-src 'self'");
      expect(policy, url).toContain("style-src 'self' 'unsafe-inline'");
      expect(policy, url).toContain("frame-ancestors 'none'");
      expect(policy, url).toContain("object-src 'none'");
      expect(policy, url).not.toContain("upgrade-insecure-requests");
      expect(response.headers["x-content-type-options"], url).toBe("nosniff");
      expect(response.headers["x-frame-options"], url).toBe("SAMEORIGIN");
      expect(response.headers["strict-transport-security"], url).toContain("max-age=");
      expect(response.headers["referrer-policy"], url).toBe("no-referrer");
      expect(response.headers["x-powered-by"], url).toBeUndefined();
    }
  });

  it("do not replace the headers a route sets itself", async () => {
    const response = await use().app.inject({ method: "GET", url: "/api/v1/no-such-thing" });
    expect(response.headers["x-request-id"]).toBeTruthy();
    expect(response.headers["content-type"]).toContain("application/json");
  });
});
