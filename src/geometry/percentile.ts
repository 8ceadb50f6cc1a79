/**
 * Percentiles of typed arrays.
 */

/**
 * The `percentile`-th percentile (0..100, clamped) with linear interpolation between order statistics
 * (NumPy's default), NaN for no values. Does not modify `values`. Selection (quickselect) rather than a
 * full sort: linear time on average.
 */
export function percentileOf(values: Float64Array | Float32Array, percentile: number): number {
  const n = values.length;
  if (n === 0) return NaN;
  const a = Float64Array.from(values);
  const pos = (Math.min(Math.max(percentile, 0), 100) / 100) * (n - 1);
  const lo = Math.floor(pos);
  selectNth(a, lo);
  const vLo = a[lo] as number;
  if (lo + 1 >= n || pos === lo) return vLo;
  // After selection everything beyond lo is ≥ a[lo]; the next order statistic is their minimum.
  let vHi = Infinity;
  for (let i = lo + 1; i < n; i++) if ((a[i] as number) < vHi) vHi = a[i] as number;
  return vLo + (pos - lo) * (vHi - vLo);
}

/**
 * Rearranges `a` so that `a[k]` holds the k-th smallest value, with no larger value before it and no
 * smaller one after it (Hoare partition around a median of three). NaN values are not supported.
 */
export function selectNth(a: Float64Array, k: number): void {
  let left = 0;
  let right = a.length - 1;
  while (right > left) {
    const mid = (left + right) >> 1;
    // Median of three as pivot.
    const x = a[left] as number;
    const y = a[mid] as number;
    const z = a[right] as number;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = left;
    let j = right;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}
