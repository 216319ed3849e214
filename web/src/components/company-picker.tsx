import { Select } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap } from "../api/client";
import { useCompanySearch } from "../api/lookups";

type Props = {
  label: string;
  value: string | null;
  onChange: (id: string | null) => void;
  required?: boolean;
  error?: string;
};

/** A company chosen by typing part of its name; the list is searched on the server. */
export function CompanyPicker({ label, value, onChange, required, error }: Props) {
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 250);
  const found = useCompanySearch(debounced);
  const selected = useQuery({
    queryKey: ["companies", value],
    queryFn: () => unwrap(api.GET("/api/v1/companies/{id}", { params: { path: { id: value ?? "" } } })),
    enabled: Boolean(value),
    staleTime: 60_000,
  });
  const options = new Map((found.data?.results ?? []).map((c) => [c.id, c.name]));
  if (selected.data) options.set(selected.data.id, selected.data.name);
  return (
    <Select
      label={label}
      placeholder="Type to search companies"
      searchable
      clearable
      required={required}
      error={error}
      nothingFoundMessage={found.isFetching ? "Searching…" : "No company found"}
      data={[...options].map(([id, name]) => ({ value: id, label: name }))}
      value={value}
      onChange={onChange}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
