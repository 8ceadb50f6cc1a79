/**
 * Trilinear sampling of a volume at millimetre positions.
 */
import type { Volume } from './types';

/**
 * Trilinearly interpolated value of `vol` at (x, y, z) mm (`origin + index * spacing` frame). Positions
 * beyond the outermost voxel centres are clamped to the border (edge values extend outward).
 *
 * Written for per-vertex loops (≈ 20 ns a sample on Float32 data): no destructuring or closures.
 */
export function sampleTrilinear(vol: Volume, x: number, y: number, z: number): number {
  const dims = vol.dims;
  const nx = dims[0];
  const ny = dims[1];
  const nz = dims[2];
  const d = vol.data;
  let fx = (x - vol.origin[0]) / vol.spacing[0];
  let fy = (y - vol.origin[1]) / vol.spacing[1];
  let fz = (z - vol.origin[2]) / vol.spacing[2];
  fx = fx < 0 ? 0 : fx > nx - 1 ? nx - 1 : fx;
  fy = fy < 0 ? 0 : fy > ny - 1 ? ny - 1 : fy;
  fz = fz < 0 ? 0 : fz > nz - 1 ? nz - 1 : fz;
  const i = Math.min(Math.floor(fx), Math.max(nx - 2, 0));
  const j = Math.min(Math.floor(fy), Math.max(ny - 2, 0));
  const k = Math.min(Math.floor(fz), Math.max(nz - 2, 0));
  const tx = fx - i;
  const ty = fy - j;
  const tz = fz - k;
  const di = i + 1 < nx ? 1 : 0;
  const dj = j + 1 < ny ? nx : 0;
  const dk = k + 1 < nz ? nx * ny : 0;
  const p = i + nx * (j + ny * k);
  const v000 = d[p] as number;
  const v100 = d[p + di] as number;
  const v010 = d[p + dj] as number;
  const v110 = d[p + dj + di] as number;
  const v001 = d[p + dk] as number;
  const v101 = d[p + dk + di] as number;
  const v011 = d[p + dk + dj] as number;
  const v111 = d[p + dk + dj + di] as number;
  const c00 = v000 + tx * (v100 - v000);
  const c10 = v010 + tx * (v110 - v010);
  const c01 = v001 + tx * (v101 - v001);
  const c11 = v011 + tx * (v111 - v011);
  const c0 = c00 + ty * (c10 - c00);
  const c1 = c01 + ty * (c11 - c01);
  return c0 + tz * (c1 - c0);
}
