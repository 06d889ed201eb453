/** Formats a duration in milliseconds for people: `850 ms`, `4.2 s`, `12 min`, `1 h 05 min`. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** Formats points without trailing zeros: `3`, `2.5`, `1.33`. */
export function formatPoints(n: number): string {
  return String(Math.round(n * 100) / 100);
}
