import { expect, it } from "vitest";
import { createTestUser, describeApi, signInWithSession } from "../test/http.js";

describeApi("first run, sign-in and sessions", (use) => {
  const admin = { email: "Boss@Example.com", password: "a long enough password", name: "Boss" };

  it("creates the first admin once, then refuses with 409", async () => {
    const { app } = use();
    expect((await app.inject({ method: "GET", url: "/api/v1/setup" })).json()).toEqual({ needs_setup: true });
    const short = await app.inject({
      method: "POST",
      url: "/api/v1/setup",
      payload: { ...admin, password: "short" },
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details[0].field).toBe("password");

    const first = await app.inject({ method: "POST", url: "/api/v1/setup", payload: admin });
    expect(first.statusCode).toBe(201);
    expect(first.json().user).toMatchObject({ email: "boss@example.com", role: "admin", is_active: true });
    expect(first.body).not.toContain("password");
    const cookie = first.cookies.find((c) => c.name === "td_session");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });

    const again = await app.inject({
      method: "POST",
      url: "/api/v1/setup",
      payload: { ...admin, email: "x@example.com" },
    });
    expect(again.statusCode).toBe(409);
    expect((await app.inject({ method: "GET", url: "/api/v1/setup" })).json()).toEqual({
      needs_setup: false,
    });
  });

  it("signs in case-insensitively, requires CSRF on cookie writes, and signs out", async () => {
    const { app } = use();
    const session = await signInWithSession(app, "BOSS@example.com", admin.password);
    const me = await app.inject({
      method: "GET",
      url: "/api/v1/auth/me",
      headers: { cookie: session.cookie },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { email: "boss@example.com" }, csrf_token: session.csrf });
    expect(me.json().abilities).toEqual({
      manage_users: true,
      manage_teams: true,
      manage_categories: true,
      manage_mail: true,
      manage_sla: true,
      manage_settings: true,
      manage_macros: true,
    });

    const noCsrf = await app.inject({
      method: "POST",
      url: "/api/v1/api-tokens",
      headers: { cookie: session.cookie },
      payload: { name: "ci" },
    });
    expect(noCsrf.statusCode).toBe(403);
    const wrongCsrf = await app.inject({
      method: "POST",
      url: "/api/v1/api-tokens",
      headers: { cookie: session.cookie, "x-csrf-token": "nope" },
      payload: { name: "ci" },
    });
    expect(wrongCsrf.statusCode).toBe(403);

    const created = await app.inject({
      method: "POST",
      url: "/api/v1/api-tokens",
      headers: session.headers,
      payload: { name: "ci" },
    });
    expect(created.statusCode).toBe(201);
    const token = created.json().token as string;
    const viaToken = await app.inject({
      method: "GET",
      url: "/api/v1/auth/me",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(viaToken.json()).toMatchObject({ user: { email: "boss@example.com" }, csrf_token: null });
    const list = await app.inject({
      method: "GET",
      url: "/api/v1/api-tokens",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(list.json().results[0]).toMatchObject({ name: "ci" });
    expect(list.body).not.toContain(token);
    expect(list.json().results[0].last_used_at).not.toBeNull();

    const revoked = await app.inject({
      method: "DELETE",
      url: `/api/v1/api-tokens/${created.json().id}`,
      headers: session.headers,
    });
    expect(revoked.statusCode).toBe(204);
    const afterRevoke = await app.inject({
      method: "GET",
      url: "/api/v1/auth/me",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(afterRevoke.statusCode).toBe(401);

    const out = await app.inject({ method: "POST", url: "/api/v1/auth/logout", headers: session.headers });
    expect(out.statusCode).toBe(204);
    const afterLogout = await app.inject({
      method: "GET",
      url: "/api/v1/auth/me",
      headers: { cookie: session.cookie },
    });
    expect(afterLogout.statusCode).toBe(401);
  });

  it("tells an agent they administer nothing, from the directory policy", async () => {
    const { app } = use();
    const agent = await createTestUser(app);
    const me = await app.inject({ method: "GET", url: "/api/v1/auth/me", headers: agent.headers });
    expect(me.json().abilities).toEqual({
      manage_users: false,
      manage_teams: false,
      manage_categories: false,
      manage_mail: false,
      manage_sla: false,
      manage_settings: false,
      manage_macros: false,
    });
  });

  it("refuses a wrong password with 401 and changes the own password with the old one", async () => {
    const { app } = use();
    const wrong = await app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: admin.email, password: "wrong password!" },
    });
    expect(wrong.statusCode).toBe(401);
    const session = await signInWithSession(app, admin.email, admin.password);
    const bad = await app.inject({
      method: "POST",
      url: "/api/v1/auth/password",
      headers: session.headers,
      payload: { current_password: "not it at all", new_password: "another long password" },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe("current_password");
    const ok = await app.inject({
      method: "POST",
      url: "/api/v1/auth/password",
      headers: session.headers,
      payload: { current_password: admin.password, new_password: "another long password" },
    });
    expect(ok.statusCode).toBe(204);
    await signInWithSession(app, admin.email, "another long password");
  });

  it("rate limits failed logins per email with 429 and Retry-After", async () => {
    const { app } = use();
    for (let i = 0; i < 10; i++) {
      const r = await app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        remoteAddress: "198.51.100.7",
        payload: { email: "nobody@example.com", password: "guess guess" },
      });
      expect(r.statusCode).toBe(401);
    }
    const limited = await app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      remoteAddress: "198.51.100.7",
      payload: { email: "nobody@example.com", password: "guess guess" },
    });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
  });
});
