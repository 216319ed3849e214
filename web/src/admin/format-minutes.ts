/** A target in minutes as people say it: "45 min", "4 h", "1 h 30 min", "120 h" (SPEC §7 gives hours). */
export function formatMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
