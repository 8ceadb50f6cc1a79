/**
 * Coarser copies of a volume by block means, for interactive (drag-time) measurement.
 */
import type { Vec3, Volume } from './types';

/** Voxel size (mm) the drag path coarsens to: the cardiac decoder's native 3.2 mm grid. */
export const DRAG_VOXEL_MM = 3.2;

/**
 * Integer block sizes per axis that bring `spacing` up to about `targetMm` without exceeding it
 * (`floor(targetMm / spacing)`, at least 1): 1.6 mm → 2, 1 mm → 3, 3.2 mm → 1.
 */
export function coarseningFactors(spacing: Vec3, targetMm = DRAG_VOXEL_MM): Vec3 {
  const f = (s: number): number => Math.max(1, Math.floor(targetMm / s + 1e-6));
  return [f(spacing[0]), f(spacing[1]), f(spacing[2])];
}

/**
 * Mean over blocks of `factors` voxels: output dims `floor(dims / factors)`, spacing
 * `spacing × factors` (mm), origin at the centre of the first block (`origin + (factors − 1)/2 ·
 * spacing`). Voxels of an incomplete last block are dropped. For a signed-distance-like field the mean
 * of a block is close to the field at its centre (exact for a linear field).
 *
 * @throws RangeError for factors that are not positive integers or leave an axis with no voxel.
 */
export function downsampleMean(vol: Volume, factors: Vec3): Volume<Float32Array> {
  const out = coarseGrid(vol, factors);
  const [fx, fy, fz] = factors;
  const [mx, my, mz] = out.dims;
  const nx = vol.dims[0];
  const nxy = nx * vol.dims[1];
  const src = vol.data;
  const dst = out.data;
  const inv = 1 / (fx * fy * fz);
  for (let k = 0; k < mz; k++) {
    for (let j = 0; j < my; j++) {
      const o = mx * (j + my * k);
      for (let dk = 0; dk < fz; dk++) {
        for (let dj = 0; dj < fy; dj++) {
          const row = (k * fz + dk) * nxy + (j * fy + dj) * nx;
          for (let i = 0; i < mx; i++) {
            let s = 0;
            const b = row + i * fx;
            for (let di = 0; di < fx; di++) s += src[b + di] as number;
            dst[o + i] = (dst[o + i] as number) + s;
          }
        }
      }
      for (let i = 0; i < mx; i++) dst[o + i] = (dst[o + i] as number) * inv;
    }
  }
  return out;
}

/**
 * The coarse grid of {@link downsampleMean} (dims `floor(dims / factors)`, spacing × factors, origin at
 * the first block's centre) with zeroed data.
 *
 * @throws RangeError for factors that are not positive integers or leave an axis with no voxel.
 */
export function coarseGrid(vol: Volume, factors: Vec3): Volume<Float32Array> {
  const [fx, fy, fz] = factors;
  for (const f of factors) {
    if (!Number.isInteger(f) || f < 1) {
      throw new RangeError(
        `downsampleMean: block sizes must be positive integers; got ${factors.join(' × ')}`,
      );
    }
  }
  const [nx, ny, nz] = vol.dims;
  const mx = Math.floor(nx / fx);
  const my = Math.floor(ny / fy);
  const mz = Math.floor(nz / fz);
  if (mx < 1 || my < 1 || mz < 1) {
    throw new RangeError(
      `downsampleMean: a ${vol.dims.join('×')} volume has no full ${factors.join('×')} block on some axis`,
    );
  }
  return {
    dims: [mx, my, mz],
    spacing: [vol.spacing[0] * fx, vol.spacing[1] * fy, vol.spacing[2] * fz],
    origin: [
      vol.origin[0] + ((fx - 1) / 2) * vol.spacing[0],
      vol.origin[1] + ((fy - 1) / 2) * vol.spacing[1],
      vol.origin[2] + ((fz - 1) / 2) * vol.spacing[2],
    ],
    data: new Float32Array(mx * my * mz),
  };
}
