import { Badge, Button, Group } from "@mantine/core";
import { useQueries } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import { formatCount } from "../components/format-count";
import { activeQuickView, type QueueFilters, type QuickView } from "./queue-url";

/** Saved views with live counts (refreshed every 30 s); the active one is highlighted. */
export function QuickViews({
  views,
  filters,
  onPick,
  countsEnabled,
}: {
  views: QuickView[];
  filters: QueueFilters;
  onPick: (view: QuickView) => void;
  /** Counts wait for the queue itself, so on a busy server the tickets show first. */
  countsEnabled: boolean;
}) {
  const counts = useQueries({
    queries: views.map((view) => ({
      queryKey: ["tickets", "count", view.params],
      queryFn: () =>
        unwrap(api.GET("/api/v1/tickets", { params: { query: { ...view.params, limit: "1" } } })),
      refetchInterval: 30_000,
      enabled: countsEnabled,
      select: formatCount,
    })),
  });
  const active = activeQuickView(filters, views);
  return (
    <Group gap="xs" aria-label="Quick views" role="group">
      {views.map((view, index) => (
        <Button
          key={view.key}
          size="xs"
          variant={active === view.key ? "filled" : "default"}
          aria-pressed={active === view.key}
          onClick={() => onPick(view)}
          rightSection={
            <Badge
              size="sm"
              variant="white"
              color="dark"
              c="dark.9"
              aria-label={`${counts[index]?.data ?? "…"} tickets`}
            >
              {counts[index]?.data ?? "…"}
            </Badge>
          }
        >
          {view.label}
        </Button>
      ))}
    </Group>
  );
}
