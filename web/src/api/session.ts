import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type Schemas, setCsrfToken, unwrap } from "./client";

/** The signed-in user with what the server's policy lets them administer. */
export type SignedInUser = Schemas["User"] & { abilities: Schemas["AdministrationAbilities"] };
export const meKey = ["me"] as const;

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
