import { expect, it } from "vitest";
import { createTestUser, describeApi } from "../test/http.js";

describeApi("input the database cannot store", (use) => {
  it("answers 400, not 500, for a NUL character in text (PostgreSQL refuses it)", async () => {
    const { app } = use();
    const user = await createTestUser(app);
    const response = await app.inject({
      method: "POST",
      url: "/api/v1/api-tokens",
      headers: user.headers,
      payload: { name: "bad\u0000name" },
    });
    // PGlite stores the text; PostgreSQL refuses it with SQLSTATE 22021. Either way no 500.
    expect([201, 400]).toContain(response.statusCode);
    if (response.statusCode === 400) expect(response.json().error.code).toBe("invalid_input");
  });
});
