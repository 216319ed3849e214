/** "1,234", or "10,000+" when the server stopped counting at its cap (count_capped). */
export function formatCount(list: { count: number; count_capped?: boolean }): string {
  return `${list.count.toLocaleString("en")}${list.count_capped ? "+" : ""}`;
}
