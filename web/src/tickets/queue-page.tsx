import { Button, Collapse, Group, Pagination, Select, Stack, Text, Title } from "@mantine/core";
import { useDisclosure, useHotkeys, useMediaQuery } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api, unwrap } from "../api/client";
import { useCategories, useTeams } from "../api/lookups";
import { formatCount } from "../components/format-count";
import { ErrorAlert, Loading } from "../components/query-state";
import { BulkActions } from "./bulk-actions";
import { QueueFiltersPanel } from "./queue-filters";
import { QueueCards, QueueTable } from "./queue-table";
import {
  nextOrdering,
  orderingChoices,
  pageSizes,
  parseQueueFilters,
  type QueueFilters,
  queueSearchParams,
  quickViews,
  ticketListQuery,
  withFilters,
} from "./queue-url";
import { QuickViews } from "./quick-views";

export function QueuePage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const filters = parseQueueFilters(params);
  const wide = useMediaQuery("(min-width: 62em)", true);
  const [filtersOpen, { toggle: toggleFilters }] = useDisclosure(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [cursor, setCursor] = useState(-1);
  const teams = useTeams();
  const categories = useCategories();
  const query = ticketListQuery(filters);
  const tickets = useQuery({
    queryKey: ["tickets", "list", query],
    queryFn: () => unwrap(api.GET("/api/v1/tickets", { params: { query } })),
    placeholderData: keepPreviousData,
  });
  const views = useMemo(() => quickViews(teams.data?.results ?? []), [teams.data]);
  const categoryLabels = useMemo(
    () => new Map((categories.data?.results ?? []).map((c) => [c.key, c.label])),
    [categories.data],
  );
  const rows = tickets.data?.results ?? [];

  const queryKey = JSON.stringify(query);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new page or filter resets the keyboard cursor
  useEffect(() => setCursor(-1), [queryKey]);

  function apply(next: QueueFilters) {
    setParams(queueSearchParams(next));
  }
  // Merges into the URL as it is now, not as it was at the last render: a filter picked right after
  // "Clear filters" must not bring the cleared ones back. React Router's functional form is no help here:
  // it hands the callback the search params of the last render, so the live location is read instead.
  const change = (patch: Partial<QueueFilters>) =>
    setParams(
      queueSearchParams(withFilters(parseQueueFilters(new URLSearchParams(window.location.search)), patch)),
    );

  useHotkeys([
    ["j", () => setCursor((c) => Math.min(c + 1, rows.length - 1))],
    ["k", () => setCursor((c) => Math.max(c - 1, 0))],
    ["x", () => rows[cursor] && toggle([rows[cursor].id], !selected.has(rows[cursor].id))],
    ["Enter", () => rows[cursor] && void navigate(`/tickets/${rows[cursor].ticket_number}`)],
  ]);
  useEffect(() => {
    if (cursor >= 0)
      document
        .querySelector(`[data-ticket="${rows[cursor]?.ticket_number}"]`)
        ?.scrollIntoView({ block: "nearest" });
  }, [cursor, rows]);

  function toggle(ids: string[], on: boolean) {
    setSelected((current) => {
      const next = new Set(current);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  }

  const pages = Math.max(1, Math.ceil((tickets.data?.count ?? 0) / filters.limit));
  const tableProps = {
    tickets: rows,
    categoryLabels,
    ordering: filters.ordering,
    onSort: (field: string) => apply({ ...filters, ordering: nextOrdering(filters.ordering, field) }),
    selected,
    onSelect: toggle,
    cursor,
  };
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={1} size="h2">
          Tickets
        </Title>
        <Group gap="xs">
          <Select
            aria-label="Sort tickets by"
            w={210}
            data={orderingChoices(filters.ordering)}
            value={filters.ordering}
            onChange={(ordering) => ordering && apply({ ...filters, page: 1, ordering })}
            allowDeselect={false}
          />
          <Button variant="default" onClick={toggleFilters} aria-expanded={filtersOpen}>
            {filtersOpen ? "Hide filters" : "Filters"}
          </Button>
          <Button component={Link} to="/tickets/new">
            New ticket
          </Button>
        </Group>
      </Group>
      <QuickViews
        countsEnabled={!tickets.isPending}
        views={views}
        filters={filters}
        onPick={(view) => apply(parseQueueFilters(new URLSearchParams(view.params)))}
      />
      <Collapse expanded={filtersOpen}>
        <QueueFiltersPanel
          filters={filters}
          onChange={change}
          onClear={() => apply(parseQueueFilters(new URLSearchParams()))}
        />
      </Collapse>
      {selected.size > 0 && <BulkActions ids={[...selected]} onDone={() => setSelected(new Set())} />}
      {tickets.isPending ? (
        <Loading label="Loading tickets" />
      ) : tickets.isError ? (
        <ErrorAlert error={tickets.error} onRetry={() => void tickets.refetch()} />
      ) : rows.length === 0 ? (
        <Text c="gray.7" py="lg" ta="center">
          No tickets match these filters.
        </Text>
      ) : wide ? (
        <QueueTable {...tableProps} />
      ) : (
        <QueueCards {...tableProps} />
      )}
      <Group justify="space-between" gap="sm">
        <Text fz="sm" c="gray.7" aria-live="polite">
          {tickets.data ? `${formatCount(tickets.data)} tickets` : ""}
          {tickets.isFetching && !tickets.isPending ? " · updating…" : ""}
        </Text>
        <Group gap="sm">
          <Pagination
            total={pages}
            value={Math.min(filters.page, pages)}
            onChange={(page) => apply({ ...filters, page })}
            size="sm"
            siblings={wide ? 1 : 0}
            boundaries={1}
            getControlProps={(control) => ({ "aria-label": `${control} page` })}
          />
          <Select
            aria-label="Tickets per page"
            w={90}
            size="xs"
            data={pageSizes.map(String)}
            value={String(filters.limit)}
            onChange={(limit) => apply({ ...filters, page: 1, limit: Number(limit ?? 25) })}
            allowDeselect={false}
          />
        </Group>
      </Group>
      <Text fz="xs" c="gray.7" visibleFrom="sm">
        Keyboard: / search · j/k move · x select · Enter open
      </Text>
    </Stack>
  );
}
