/** Percentile summaries of latency-like samples (milliseconds). */
export interface Summary {
  count: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
}

/** Nearest-rank percentile of an ascending array; null when empty. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** p50, p99 and max of `values`, rounded to 0.1 ms; nulls when there are none. */
export function summarise(values: Iterable<number>): Summary {
  const sorted = Float64Array.from(values).sort();
  const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
  return {
    count: sorted.length,
    p50: round(percentileOfSorted(sorted, 50)),
    p99: round(percentileOfSorted(sorted, 99)),
    max: round(sorted.length ? sorted[sorted.length - 1] : null),
  };
}
