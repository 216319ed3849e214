import { Tooltip } from "@mantine/core";

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];
const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const exact = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

export function formatRelative(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return "just now";
}

export function formatExact(iso: string): string {
  return exact.format(new Date(iso));
}

/** "3 hours ago", with the exact time on hover and for screen readers. */
export function RelativeTime({ iso }: { iso: string }) {
  return (
    <Tooltip label={formatExact(iso)} openDelay={300}>
      <time dateTime={iso} title={formatExact(iso)} style={{ whiteSpace: "nowrap" }}>
        {formatRelative(iso)}
      </time>
    </Tooltip>
  );
}
