/**
 * Fields of label masks for the LV import: the cavity a myocardium encloses, and signed distances of a
 * mask on an anisotropic grid. Pure, typed arrays.
 */
import { reachFromBorder } from '../../geometry/floodFill2d';
import type { Vec3 } from '../../geometry/types';
import { squaredDistanceTransform } from '../../io/maskField';

/** Cavity = non-myocardium voxels enclosed by myocardium in slices along any of the three axes. */
export function deriveCavity(myo: Uint8Array, dims: Vec3): Uint8Array {
  const cavity = new Uint8Array(myo.length);
  const [nx, ny] = dims;
  const stride = [1, nx, nx * ny];
  for (let axis = 0; axis < 3; axis++) {
    const [a, b] = [0, 1, 2].filter((c) => c !== axis) as [number, number];
    const na = dims[a as 0 | 1 | 2];
    const nb = dims[b as 0 | 1 | 2];
    const sa = stride[a as number] as number;
    const sb = stride[b as number] as number;
    const reached = new Uint8Array(na * nb);
    const stack = new Int32Array(na * nb);
    for (let s = 0; s < dims[axis as 0 | 1 | 2]; s++) {
      const off = s * (stride[axis] as number);
      reached.fill(0);
      reachFromBorder(
        na,
        nb,
        (p) => myo[off + (p % na) * sa + Math.floor(p / na) * sb] === 0,
        reached,
        stack,
      );
      for (let p = 0; p < na * nb; p++) {
        const v = off + (p % na) * sa + Math.floor(p / na) * sb;
        if (!reached[p] && !myo[v]) cavity[v] = 1;
      }
    }
  }
  return cavity;
}

/**
 * Signed distance (mm, < 0 inside) of a mask, with the surface half the finest voxel size beyond the
 * inside voxel centres. Unlike `maskToField` the voxels next to the surface are not pinned to ±half a
 * voxel: along 10 mm slices that pinning would make every voxel whose slice neighbour differs ≈ 0 and
 * blur the interpolated surface over the whole band between two slices' outlines.
 */
export function signedDistance(mask: Uint8Array, dims: Vec3, spacing: Vec3): Float32Array {
  const toInside = squaredDistanceTransform((i) => mask[i] === 1, dims, spacing);
  const toOutside = squaredDistanceTransform((i) => mask[i] === 0, dims, spacing);
  const half = 0.5 * Math.min(...spacing);
  const out = new Float32Array(mask.length);
  for (let i = 0; i < mask.length; i++) {
    out[i] = mask[i] === 1 ? half - Math.sqrt(toOutside[i]!) : Math.sqrt(toInside[i]!) - half;
  }
  return out;
}

/**
 * The largest 26-connected piece of a mask (x fastest), and how many mask voxels lay outside it.
 */
export function largestComponent(mask: Uint8Array, dims: Vec3): { mask: Uint8Array; dropped: number } {
  const [nx, ny, nz] = dims;
  const label = new Int32Array(mask.length);
  const stack = new Int32Array(mask.length);
  let best = 0;
  let bestSize = 0;
  let total = 0;
  let next = 0;
  for (let seed = 0; seed < mask.length; seed++) {
    if (!mask[seed] || label[seed]) continue;
    next++;
    let size = 0;
    let top = 0;
    stack[top++] = seed;
    label[seed] = next;
    while (top > 0) {
      const v = stack[--top]!;
      size++;
      const i = v % nx;
      const j = Math.floor(v / nx) % ny;
      const k = Math.floor(v / (nx * ny));
      for (let dk = -1; dk <= 1; dk++) {
        const kk = k + dk;
        if (kk < 0 || kk >= nz) continue;
        for (let dj = -1; dj <= 1; dj++) {
          const jj = j + dj;
          if (jj < 0 || jj >= ny) continue;
          for (let di = -1; di <= 1; di++) {
            const ii = i + di;
            if (ii < 0 || ii >= nx) continue;
            const u = ii + nx * (jj + ny * kk);
            if (mask[u] && !label[u]) {
              label[u] = next;
              stack[top++] = u;
            }
          }
        }
      }
    }
    total += size;
    if (size > bestSize) {
      bestSize = size;
      best = next;
    }
  }
  const out = new Uint8Array(mask.length);
  for (let v = 0; v < mask.length; v++) if (label[v] === best && best > 0) out[v] = 1;
  return { mask: out, dropped: total - bestSize };
}
