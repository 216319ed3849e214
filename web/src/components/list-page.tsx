import { Group, Pagination, Stack, Text, TextInput, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { formatCount } from "./format-count";

type Props = {
  title: string;
  searchLabel: string;
  search: string;
  onSearch: (value: string) => void;
  count: number | undefined;
  /** The server stopped counting at its cap: the count reads "10,000+". */
  countCapped?: boolean | undefined;
  page: number;
  pages: number;
  onPage: (page: number) => void;
  actions?: ReactNode;
  children: ReactNode;
};

/** The frame of every searchable list: title, search box, the list, and paging. */
export function ListPage({
  title,
  searchLabel,
  search,
  onSearch,
  count,
  countCapped,
  page,
  pages,
  onPage,
  actions,
  children,
}: Props) {
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {title}
        </Title>
        {actions}
      </Group>
      <TextInput
        label={searchLabel}
        value={search}
        onChange={(e) => onSearch(e.currentTarget.value)}
        maw={420}
      />
      {children}
      <Group justify="space-between">
        <Text fz="sm" c="gray.7" aria-live="polite">
          {count === undefined ? "" : `${formatCount({ count, count_capped: countCapped })} found`}
        </Text>
        <Pagination
          total={pages}
          value={Math.min(page, pages)}
          onChange={onPage}
          size="sm"
          siblings={0}
          getControlProps={(control) => ({ "aria-label": `${control} page` })}
        />
      </Group>
    </Stack>
  );
}
