import { type QueryClient, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type Schemas, setCsrfToken, unwrap } from "./client";

/** The signed-in user with what the server's policy lets them administer. */
export type SignedInUser = Schemas["User"] & { abilities: Schemas["AdministrationAbilities"] };
export const meKey = ["me"] as const;

/** Why the session ended: the sign-in screen says "expired" only when the agent did not sign out. */
export type SessionEnd = "expired" | "signed-out";
const sessionEndKey = ["session-end"] as const;

/**
 * Forgets the session. The signed-in frame is the one place that then sends the agent to sign in
 * (see `signInPath`): a second navigation from here would race its redirect and could drop the
 * "expired" notice or the way back.
 */
export function endSession(queryClient: QueryClient, reason: SessionEnd): void {
  setCsrfToken(null);
  queryClient.setQueryData(sessionEndKey, reason);
  // Updated in place, not cleared and re-created: the frame observes this very query.
  queryClient.setQueryData(meKey, null);
  // A signed-out agent's tickets and contacts leave the browser's memory now, not at the next sign-in.
  if (reason === "signed-out") {
    queryClient.removeQueries({
      predicate: ({ queryKey: [key] }) => key !== meKey[0] && key !== sessionEndKey[0],
    });
  }
}

/** Where the signed-in frame sends an agent whose session ended while on `here`. */
export function signInPath(queryClient: QueryClient, here: string): string {
  const reason = queryClient.getQueryData<SessionEnd>(sessionEndKey);
  if (reason === "signed-out") return "/sign-in";
  const expired = reason === "expired" ? "expired=1&" : "";
  return `/sign-in?${expired}next=${encodeURIComponent(here)}`;
}

/** The signed-in agent, or null when nobody is signed in. */
export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: async () => {
      const { data, response } = await api.GET("/api/v1/auth/me");
      if (response.status === 401) {
        setCsrfToken(null);
        return null;
      }
      if (!data) throw new Error(`Could not load your session (${response.status})`);
      setCsrfToken(data.csrf_token);
      return { ...data.user, abilities: data.abilities } satisfies SignedInUser;
    },
    staleTime: 60_000,
    retry: false,
  });
}

export function useSetupStatus(enabled: boolean) {
  return useQuery({
    queryKey: ["setup"],
    queryFn: () => unwrap(api.GET("/api/v1/setup")),
    enabled,
    retry: false,
  });
}

/** Remembers a fresh sign-in (from /auth/login or /setup) without another round trip. */
export function useSignedIn() {
  const queryClient = useQueryClient();
  return (signedIn: Schemas["SignedIn"]) => {
    setCsrfToken(signedIn.csrf_token);
    queryClient.clear();
    queryClient.setQueryData(meKey, {
      ...signedIn.user,
      abilities: signedIn.abilities,
    } satisfies SignedInUser);
  };
}
