import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { describe, expect, test } from "vitest";
import { endSession, meKey, signInPath } from "./session";

describe("where the signed-in frame sends an agent whose session ended", () => {
  test("an expired session says so and comes back to where the agent was", () => {
    const client = new QueryClient();
    client.setQueryData(meKey, { id: "u1" });
    endSession(client, "expired");
    expect(client.getQueryData(meKey)).toBeNull();
    expect(signInPath(client, "/contacts?q=ann")).toBe("/sign-in?expired=1&next=%2Fcontacts%3Fq%3Dann");
  });

  test("signing out forgets everything and lands on a plain sign-in screen", () => {
    const client = new QueryClient();
    client.setQueryData(["tickets"], [{ id: "t1" }]);
    endSession(client, "signed-out");
    expect(client.getQueryData(["tickets"])).toBeUndefined();
    expect(signInPath(client, "/tickets")).toBe("/sign-in");
  });

  test("the frame watching the session sees it end, so it can send the agent to sign in", () => {
    for (const reason of ["expired", "signed-out"] as const) {
      const client = new QueryClient();
      client.setQueryData(meKey, { id: "u1" });
      const frame = new QueryObserver(client, { queryKey: meKey, enabled: false });
      const unsubscribe = frame.subscribe(() => {});
      endSession(client, reason);
      expect(frame.getCurrentResult().data).toBeNull();
      unsubscribe();
    }
  });

  test("a visit without a session only keeps the way back", () => {
    expect(signInPath(new QueryClient(), "/tickets/42")).toBe("/sign-in?next=%2Ftickets%2F42");
  });
});
