// The few statistics reports and suggestions need: percentiles and a spread summary.

/** Low to high, with the figures a report shows. */
export interface Spread {
  count: number;
  min: number;
  p50: number;
  p90: number;
  p95: number;
  max: number;
  mean: number;
}

/** The p-th percentile (0–100) by linear interpolation between closest ranks. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

/** The spread of `values`, or undefined when there are none. */
export function spreadOf(values: readonly number[]): Spread | undefined {
  if (values.length === 0) return undefined;
  return {
    count: values.length,
    min: values.reduce((low, value) => Math.min(low, value), Number.POSITIVE_INFINITY),
    p50: percentile(values, 50),
    p90: percentile(values, 90),
    p95: percentile(values, 95),
    max: largest(values),
    mean: values.reduce((sum, value) => sum + value, 0) / values.length,
  };
}

/** The largest of `values`, 0 for none (spreading a long array into Math.max overflows). */
export function largest(values: readonly number[]): number {
  return values.reduce((high, value) => Math.max(high, value), 0);
}
