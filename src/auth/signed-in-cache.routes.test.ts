import { expect, it } from "vitest";
import { createTestUser, describeApi, signInWithSession } from "../test/http.js";

/**
 * Sign-ins are cached for a few seconds (SignedInCache); on the same server every change that ends or
 * narrows a sign-in must still apply to the very next request.
 */
describeApi("cached sign-ins end at once on this server", (use) => {
  const me = (headers: Record<string, string>) =>
    use().app.inject({ method: "GET", url: "/api/v1/auth/me", headers });

  it("a deactivated user's token and session stop working on the next request", async () => {
    const { app } = use();
    const admin = await createTestUser(app, { role: "admin" });
    const agent = await createTestUser(app);
    const session = await signInWithSession(app, agent.email, agent.password);
    expect((await me(agent.headers)).statusCode).toBe(200);
    expect((await me({ cookie: session.cookie })).statusCode).toBe(200);
    const patch = await app.inject({
      method: "PATCH",
      url: `/api/v1/users/${agent.id}`,
      headers: admin.headers,
      payload: { is_active: false },
    });
    expect(patch.statusCode).toBe(200);
    expect((await me(agent.headers)).statusCode).toBe(401);
    expect((await me({ cookie: session.cookie })).statusCode).toBe(401);
  });

  it("a demoted admin loses admin rights on the next request", async () => {
    const { app } = use();
    const boss = await createTestUser(app, { role: "admin" });
    const other = await createTestUser(app, { role: "admin" });
    const listUsers = () => app.inject({ method: "GET", url: "/api/v1/users", headers: other.headers });
    expect((await listUsers()).statusCode).toBe(200);
    const demote = await app.inject({
      method: "PATCH",
      url: `/api/v1/users/${other.id}`,
      headers: boss.headers,
      payload: { role: "agent" },
    });
    expect(demote.statusCode).toBe(200);
    expect((await me(other.headers)).json().user.role).toBe("agent");
  });

  it("a revoked token and a signed-out session stop working on the next request", async () => {
    const { app } = use();
    const agent = await createTestUser(app);
    const created = await app.inject({
      method: "POST",
      url: "/api/v1/api-tokens",
      headers: agent.headers,
      payload: { name: "script" },
    });
    const { id, token } = created.json() as { id: string; token: string };
    const bearer = { authorization: `Bearer ${token}` };
    expect((await me(bearer)).statusCode).toBe(200);
    const revoke = await app.inject({
      method: "DELETE",
      url: `/api/v1/api-tokens/${id}`,
      headers: agent.headers,
    });
    expect(revoke.statusCode).toBe(204);
    expect((await me(bearer)).statusCode).toBe(401);

    const session = await signInWithSession(app, agent.email, agent.password);
    expect((await me({ cookie: session.cookie })).statusCode).toBe(200);
    const out = await app.inject({ method: "POST", url: "/api/v1/auth/logout", headers: session.headers });
    expect(out.statusCode).toBeLessThan(300);
    expect((await me({ cookie: session.cookie })).statusCode).toBe(401);
  });
});
