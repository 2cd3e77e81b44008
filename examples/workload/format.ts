/** Numbers and times in log lines. */

export function formatCount(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} M` : n >= 1e4 ? `${(n / 1e3).toFixed(0)} k` : String(n);
}

/** Seconds since the epoch as 2026-11-24T04:46:00Z. */
export function iso(t: number): string {
  return new Date(t * 1000).toISOString().replace('.000Z', 'Z');
}
