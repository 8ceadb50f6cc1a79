/**
 * Per-direction values of a radial surface (radii, SD, …) carried from one latitude–longitude grid
 * to another by the interpolation `radiusAt` uses (radialSurface.ts).
 */
import { radiusAt, rowLatitude, type SphereGrid, sphereVertexCount } from './radialSurface';

/** `values` on grid `from` resampled at every direction of grid `to` (poles included). */
export function resampleRadial(values: ArrayLike<number>, from: SphereGrid, to: SphereGrid): Float32Array {
  if (values.length !== sphereVertexCount(from)) {
    throw new RangeError(
      `expected ${sphereVertexCount(from)} values for a ${from.nLat} × ${from.nLon} grid; got ${values.length}`,
    );
  }
  const out = new Float32Array(sphereVertexCount(to));
  for (let i = 0; i < to.nLat; i++) {
    const lat = rowLatitude(to, i);
    for (let j = 0; j < to.nLon; j++)
      out[i * to.nLon + j] = radiusAt(values, from, lat, (2 * Math.PI * j) / to.nLon);
  }
  out[to.nLat * to.nLon] = values[from.nLat * from.nLon] as number;
  out[to.nLat * to.nLon + 1] = values[from.nLat * from.nLon + 1] as number;
  return out;
}

/** Outer radius (mm) along a unit direction, interpolated from radii on grid `g`. */
export function radialRadiusAlong(
  radii: ArrayLike<number>,
  g: SphereGrid,
): (dx: number, dy: number, dz: number) => number {
  return (dx, dy, dz) => radiusAt(radii, g, Math.asin(Math.max(-1, Math.min(1, dz))), Math.atan2(dy, dx));
}
