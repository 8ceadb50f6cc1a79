/**
 * Trilinear resampling of a scalar volume onto another axis-aligned grid (mm). Samples outside the
 * source grid take the nearest edge value. Used to bring a model's internal field (e.g. 32³ × 3.2 mm)
 * onto the 64³ × 1.6 mm output grid before surface extraction.
 */
import type { Vec3, Volume } from './types';

export function resampleTrilinear(
  src: Volume,
  grid: { dims: Vec3; spacing: Vec3; origin: Vec3 },
): Volume<Float32Array> {
  const [sx, sy, sz] = src.dims;
  const [nx, ny, nz] = grid.dims;
  const out = new Float32Array(nx * ny * nz);
  const d = src.data;
  // Per-axis lower index and weight, computed once per axis.
  const axis = (n: number, o: number, s: number, so: number, ss: number, sn: number) => {
    const i0 = new Int32Array(n);
    const w = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let f = (o + i * s - so) / ss;
      if (f < 0) f = 0;
      if (f > sn - 1) f = sn - 1;
      const fl = Math.min(Math.floor(f), Math.max(0, sn - 2));
      i0[i] = fl;
      w[i] = sn > 1 ? f - fl : 0;
    }
    return { i0, w };
  };
  const ax = axis(nx, grid.origin[0], grid.spacing[0], src.origin[0], src.spacing[0], sx);
  const ay = axis(ny, grid.origin[1], grid.spacing[1], src.origin[1], src.spacing[1], sy);
  const az = axis(nz, grid.origin[2], grid.spacing[2], src.origin[2], src.spacing[2], sz);
  const dx = sx > 1 ? 1 : 0;
  const dy = sy > 1 ? sx : 0;
  const dz = sz > 1 ? sx * sy : 0;
  let v = 0;
  for (let k = 0; k < nz; k++) {
    const kz = (az.i0[k] as number) * sx * sy;
    const wz = az.w[k] as number;
    for (let j = 0; j < ny; j++) {
      const jy = kz + (ay.i0[j] as number) * sx;
      const wy = ay.w[j] as number;
      for (let i = 0; i < nx; i++, v++) {
        const b = jy + (ax.i0[i] as number);
        const wx = ax.w[i] as number;
        const c00 = (d[b] as number) * (1 - wx) + (d[b + dx] as number) * wx;
        const c10 = (d[b + dy] as number) * (1 - wx) + (d[b + dy + dx] as number) * wx;
        const c01 = (d[b + dz] as number) * (1 - wx) + (d[b + dz + dx] as number) * wx;
        const c11 = (d[b + dz + dy] as number) * (1 - wx) + (d[b + dz + dy + dx] as number) * wx;
        out[v] = (c00 * (1 - wy) + c10 * wy) * (1 - wz) + (c01 * (1 - wy) + c11 * wy) * wz;
      }
    }
  }
  return { dims: [nx, ny, nz], spacing: [...grid.spacing], origin: [...grid.origin], data: out };
}
