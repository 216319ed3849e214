/**
 * "1,234"; "10,000+" when the server stopped counting at its cap (count_capped); "about 11,000" when the
 * count is the database's estimate of a broad search (count_estimated).
 */
export function formatCount(list: {
  count: number;
  count_capped?: boolean;
  count_estimated?: boolean;
}): string {
  const count = list.count.toLocaleString("en");
  if (list.count_estimated) return `about ${count}`;
  return `${count}${list.count_capped ? "+" : ""}`;
}
