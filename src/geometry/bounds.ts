/**
 * Axis-aligned bounds of a subset of points.
 */

/**
 * Bounds of the points `ids[start..end)` of `xyz` (three coordinates per point, mm), written to `out`
 * as min x, y, z then max x, y, z. An empty range gives +Infinity minima and −Infinity maxima.
 *
 * @param xyz - coordinates, three per point.
 * @param ids - point indices into `xyz`.
 * @param out - six values, overwritten; returned.
 */
export function indexedBounds(
  xyz: ArrayLike<number>,
  ids: ArrayLike<number>,
  start: number,
  end: number,
  out: Float64Array,
): Float64Array {
  let x0 = Infinity;
  let y0 = Infinity;
  let z0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  let z1 = -Infinity;
  for (let i = start; i < end; i++) {
    const o = 3 * (ids[i] as number);
    const x = xyz[o] as number;
    const y = xyz[o + 1] as number;
    const z = xyz[o + 2] as number;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
    if (z < z0) z0 = z;
    if (z > z1) z1 = z;
  }
  out[0] = x0;
  out[1] = y0;
  out[2] = z0;
  out[3] = x1;
  out[4] = y1;
  out[5] = z1;
  return out;
}
