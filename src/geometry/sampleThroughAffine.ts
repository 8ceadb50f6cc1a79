/**
 * Resampling a volume with an arbitrary (oblique) voxel → world affine onto an axis-aligned grid of
 * another frame: each target voxel centre is mapped to world mm, then through the inverse of the
 * source affine to a fractional source voxel index, and sampled trilinearly. Pure.
 */
import { affineColumnNorms, invertAffine, multiplyAffine } from './affine4';
import type { Vec3, Volume } from './types';

/** Where the target voxels are, in the target frame (mm): `origin + index × spacing`, x fastest. */
export type TargetGrid = Pick<Volume, 'dims' | 'spacing' | 'origin'>;

/**
 * Samples `src` (voxel values; its voxel → world affine `srcAffine`, row-major 4×4) at the voxel
 * centres of `grid`, where `gridToWorld` maps the grid's frame (mm) to world (mm).
 *
 * Trilinear inside the source grid. Outside it, the nearest edge sample plus the Euclidean distance
 * (mm, from the per-axis overshoot × voxel size) beyond the outermost voxel centres: a signed distance
 * field (negative inside) stays one, and a shape that touches the edge is closed just beyond it.
 *
 * @returns one value per target voxel (Float32Array, x fastest).
 */
export function sampleThroughAffine(
  src: Pick<Volume, 'dims' | 'data'>,
  srcAffine: ArrayLike<number>,
  grid: TargetGrid,
  gridToWorld: ArrayLike<number>,
): Float32Array {
  const m = multiplyAffine(invertAffine(srcAffine), gridToWorld);
  const h = affineColumnNorms(srcAffine);
  const [sx, sy, sz] = src.dims;
  const [nx, ny, nz] = grid.dims;
  const d = src.data;
  const out = new Float32Array(nx * ny * nz);
  const e = (i: number): number => m[i] ?? 0;
  // Index-space steps per target voxel along x, y, z.
  const step: Vec3[] = [0, 1, 2].map((c) => [
    e(c) * (grid.spacing[c] ?? 0),
    e(4 + c) * (grid.spacing[c] ?? 0),
    e(8 + c) * (grid.spacing[c] ?? 0),
  ]) as Vec3[];
  const [stx, sty, stz] = step as [Vec3, Vec3, Vec3];
  const [ox, oy, oz] = grid.origin;
  const base: Vec3 = [
    e(0) * ox + e(1) * oy + e(2) * oz + e(3),
    e(4) * ox + e(5) * oy + e(6) * oz + e(7),
    e(8) * ox + e(9) * oy + e(10) * oz + e(11),
  ];
  const sxy = sx * sy;
  const di = sx > 1 ? 1 : 0;
  const dj = sy > 1 ? sx : 0;
  const dk = sz > 1 ? sxy : 0;
  let v = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      let fx = base[0] + j * sty[0] + k * stz[0];
      let fy = base[1] + j * sty[1] + k * stz[1];
      let fz = base[2] + j * sty[2] + k * stz[2];
      for (let i = 0; i < nx; i++, v++, fx += stx[0], fy += stx[1], fz += stx[2]) {
        const cx = fx < 0 ? 0 : fx > sx - 1 ? sx - 1 : fx;
        const cy = fy < 0 ? 0 : fy > sy - 1 ? sy - 1 : fy;
        const cz = fz < 0 ? 0 : fz > sz - 1 ? sz - 1 : fz;
        const i0 = Math.min(Math.floor(cx), Math.max(sx - 2, 0));
        const j0 = Math.min(Math.floor(cy), Math.max(sy - 2, 0));
        const k0 = Math.min(Math.floor(cz), Math.max(sz - 2, 0));
        const tx = cx - i0;
        const ty = cy - j0;
        const tz = cz - k0;
        const p = i0 + sx * j0 + sxy * k0;
        const c00 = (d[p] as number) + tx * ((d[p + di] as number) - (d[p] as number));
        const c10 = (d[p + dj] as number) + tx * ((d[p + dj + di] as number) - (d[p + dj] as number));
        const c01 = (d[p + dk] as number) + tx * ((d[p + dk + di] as number) - (d[p + dk] as number));
        const c11 =
          (d[p + dk + dj] as number) + tx * ((d[p + dk + dj + di] as number) - (d[p + dk + dj] as number));
        const c0 = c00 + ty * (c10 - c00);
        const c1 = c01 + ty * (c11 - c01);
        let val = c0 + tz * (c1 - c0);
        if (cx !== fx || cy !== fy || cz !== fz) {
          val += Math.hypot((fx - cx) * h[0], (fy - cy) * h[1], (fz - cz) * h[2]);
        }
        out[v] = val;
      }
    }
  }
  return out;
}
