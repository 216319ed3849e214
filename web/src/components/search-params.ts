import { useDebouncedCallback } from "@mantine/hooks";
import { useState } from "react";
import { useSearchParams } from "react-router";

/** A list screen's search text and page, kept in the URL (shareable; back button works). */
export function useListParams(pageSize = 25) {
  const [params, setParams] = useSearchParams();
  const search = params.get("search") ?? "";
  const page = Math.max(1, Number(params.get("page")) || 1);
  const [draft, setDraft] = useState(search);
  const commit = useDebouncedCallback((value: string) => {
    const next = new URLSearchParams(params);
    if (value.trim()) next.set("search", value.trim());
    else next.delete("search");
    next.delete("page");
    setParams(next, { replace: true });
  }, 300);
  return {
    search,
    draft,
    setDraft: (value: string) => {
      setDraft(value);
      commit(value);
    },
    page,
    setPage: (value: number) => {
      const next = new URLSearchParams(params);
      next.set("page", String(value));
      setParams(next);
    },
    offset: (page - 1) * pageSize,
    limit: pageSize,
    pages: (count: number) => Math.max(1, Math.ceil(count / pageSize)),
    params,
    setParams,
  };
}
