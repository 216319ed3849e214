import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./client";

/** Short pick-lists used across screens; cached for a minute. */
export function useTeams() {
  return useQuery({
    queryKey: ["teams"],
    queryFn: () => unwrap(api.GET("/api/v1/teams", { params: { query: { limit: 100 } } })),
    staleTime: 60_000,
  });
}

export function useCategories() {
  return useQuery({
    queryKey: ["categories"],
    queryFn: () => unwrap(api.GET("/api/v1/categories", { params: { query: { limit: 100 } } })),
    staleTime: 60_000,
  });
}

export function useAgents() {
  return useQuery({
    queryKey: ["users", "active"],
    queryFn: () => unwrap(api.GET("/api/v1/users", { params: { query: { limit: 100, is_active: "true" } } })),
    staleTime: 60_000,
  });
}

/** The macros agents may apply (active ones), for the ticket page's and the queue's pickers. */
export function useActiveMacros() {
  return useQuery({
    queryKey: ["macros", "active"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/macros", { params: { query: { limit: 100, is_active: "true" } } })),
    staleTime: 60_000,
  });
}

/** Macros as picker options: one that can no longer be applied is shown, disabled, with the reason. */
export function macroOptions(
  macros: { id: string; name: string; problems: { message: string }[] }[] | undefined,
) {
  return (macros ?? []).map((m) => ({
    value: m.id,
    label: m.problems.length ? `${m.name} (cannot be applied: ${m.problems[0]?.message})` : m.name,
    disabled: m.problems.length > 0,
  }));
}

export function useCompanySearch(search: string) {
  return useQuery({
    queryKey: ["companies", "search", search],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/companies", { params: { query: { limit: 20, ...(search ? { search } : {}) } } }),
      ),
    staleTime: 30_000,
    placeholderData: (previous) => previous,
  });
}

export function useCompanyContacts(companyId: string | null) {
  return useQuery({
    queryKey: ["contacts", "company", companyId],
    queryFn: () =>
      unwrap(api.GET("/api/v1/contacts", { params: { query: { limit: 100, company_id: companyId ?? "" } } })),
    enabled: Boolean(companyId),
    staleTime: 30_000,
  });
}

export const asOptions = (items: { id: string; name: string }[] | undefined) =>
  (items ?? []).map((item) => ({ value: item.id, label: item.name }));
