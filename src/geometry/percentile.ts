/**
 * Percentiles of typed arrays.
 */

/**
 * The `percentile`-th percentile (0..100, clamped) with linear interpolation between order statistics
 * (NumPy's default), NaN for no values. Does not modify `values`.
 */
export function percentileOf(values: Float64Array | Float32Array, percentile: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const pos = (Math.min(Math.max(percentile, 0), 100) / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return (sorted[lo] as number) + (pos - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
}
