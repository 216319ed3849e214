const units = ["KB", "MB", "GB", "TB"] as const;

/** A size as people read it: "512 bytes", "1.5 KB", "2.3 MB", "1.1 GB" (1 KB = 1024 bytes). */
export function formatFileSize(bytes: number): string {
  const whole = Math.max(0, Math.floor(bytes));
  if (whole < 1024) return whole === 1 ? "1 byte" : `${whole} bytes`;
  let value = whole / 1024;
  let unit = 0;
  // Step up while the rounded figure would read 1024 or more ("1024.0 KB" is "1.0 MB").
  while (unit < units.length - 1 && Number(value.toFixed(1)) >= 1024) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
