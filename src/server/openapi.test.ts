import SwaggerParser from "@apidevtools/swagger-parser";
import { expect, it } from "vitest";
import { describeApi } from "../test/http.js";

describeApi("OpenAPI document", (use) => {
  it("is a valid OpenAPI 3.1 document covering the API", async () => {
    const { app } = use();
    const response = await app.inject({ method: "GET", url: "/api/v1/openapi.json" });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe("3.1.0");
    // A third-party validator: throws on any structural error.
    const validated = await SwaggerParser.validate(structuredClone(document));
    const paths = Object.keys(validated.paths ?? {});
    expect(paths).toContain("/api/v1/auth/login");
    expect(paths).toContain("/healthz");
  });

  it("serves a browsable reference", async () => {
    const { app } = use();
    const response = await app.inject({ method: "GET", url: "/api/docs/" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("text/html");
  });
});
