/** Latency summaries: nearest-rank percentiles over samples in milliseconds. */

/** The nearest-rank `q`-quantile (0 < q ≤ 1) of non-empty `sorted` (ascending). */
export function nearestRank(sorted: readonly number[], q: number): number {
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] ?? 0;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** min, p50, p95, max and mean of `samples`; null when there are none. */
export function summarize(samples: readonly number[]): { min_ms: number; p50_ms: number; p95_ms: number; max_ms: number; mean_ms: number } | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    min_ms: round(sorted[0] ?? 0),
    p50_ms: round(nearestRank(sorted, 0.5)),
    p95_ms: round(nearestRank(sorted, 0.95)),
    max_ms: round(sorted[sorted.length - 1] ?? 0),
    mean_ms: round(sorted.reduce((s, x) => s + x, 0) / sorted.length),
  };
}
