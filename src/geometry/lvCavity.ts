/**
 * Left-ventricular cavity from a myocardium field, capped at the base.
 *
 * Canonical LV frame: long axis along z, apex at low z, base (open valve plane) at high z.
 */
import { coarseGrid } from './downsample';
import type { Vec3, Volume } from './types';

/**
 * Marks, per axial (z) slice, the background pixels enclosed by the object: pixels with
 * `field >= iso` not 4-connected to the slice border through such pixels (2-D hole filling).
 *
 * @param out - optional output with one entry per voxel (filled; reused to avoid an allocation).
 * @returns 1 for enclosed (cavity) voxels, 0 elsewhere; same layout as `vol.data`.
 */
export function enclosedInSlices(vol: Volume, iso = 0, out?: Uint8Array): Uint8Array {
  const nxy = vol.dims[0] * vol.dims[1];
  const nz = vol.dims[2];
  const mask = out && out.length >= nxy * nz ? out : new Uint8Array(nxy * nz);
  mask.fill(0, 0, nxy * nz);
  for (let k = 0; k < nz; k++) enclosedInSlice(vol, k, iso, mask, k * nxy);
  return mask;
}

/** Scratch for the slice floods, kept between calls while large enough. */
let scratchStack: Int32Array = new Int32Array(0);

/**
 * Writes slice k's enclosed background pixels as 1 into `mask` from `maskBase` (which must hold zeros
 * there on entry); returns their count.
 *
 * The slice is flooded only inside the object's bounding box grown by one pixel: every background pixel
 * outside that box reaches the border along a straight row or column, so the ring just outside the box
 * seeds the flood.
 */
function enclosedInSlice(vol: Volume, k: number, iso: number, mask: Uint8Array, maskBase: number): number {
  const nx = vol.dims[0];
  const ny = vol.dims[1];
  const nxy = nx * ny;
  const data = vol.data;
  const base = k * nxy;
  const shift = maskBase - base; // mask index = data index + shift
  if (scratchStack.length < nxy) scratchStack = new Int32Array(nxy);
  const stack = scratchStack;
  // Bounding box of the object pixels.
  let i0 = nx;
  let i1 = -1;
  let j0 = ny;
  let j1 = -1;
  for (let j = 0; j < ny; j++) {
    const row = base + j * nx;
    for (let i = 0; i < nx; i++) {
      if ((data[row + i] as number) < iso) {
        if (i < i0) i0 = i;
        if (i > i1) i1 = i;
        if (j < j0) j0 = j;
        j1 = j;
      }
    }
  }
  if (i1 < 0) return 0; // no object, nothing enclosed
  // In the grown box: 1 = object, 2 = reached from the ring, 0 = enclosed.
  const a0 = Math.max(i0 - 1, 0);
  const a1 = Math.min(i1 + 1, nx - 1);
  const b0 = Math.max(j0 - 1, 0);
  const b1 = Math.min(j1 + 1, ny - 1);
  for (let j = b0; j <= b1; j++) {
    const row = base + j * nx;
    for (let i = a0; i <= a1; i++) mask[row + i + shift] = (data[row + i] as number) < iso ? 1 : 0;
  }
  let top = 0;
  const seed = (q: number): void => {
    if (mask[q] === 0) {
      mask[q] = 2;
      stack[top++] = q;
    }
  };
  const m0 = maskBase;
  for (let i = a0; i <= a1; i++) {
    seed(m0 + b0 * nx + i);
    seed(m0 + b1 * nx + i);
  }
  for (let j = b0; j <= b1; j++) {
    seed(m0 + j * nx + a0);
    seed(m0 + j * nx + a1);
  }
  while (top > 0) {
    const q = stack[--top] as number;
    const r = q - m0;
    const i = r % nx;
    const j = (r - i) / nx;
    if (i > a0 && mask[q - 1] === 0) {
      mask[q - 1] = 2;
      stack[top++] = q - 1;
    }
    if (i < a1 && mask[q + 1] === 0) {
      mask[q + 1] = 2;
      stack[top++] = q + 1;
    }
    if (j > b0 && mask[q - nx] === 0) {
      mask[q - nx] = 2;
      stack[top++] = q - nx;
    }
    if (j < b1 && mask[q + nx] === 0) {
      mask[q + nx] = 2;
      stack[top++] = q + nx;
    }
  }
  // Enclosed (still 0) → 1; object and reached → 0. The grown ring holds no enclosed pixel.
  let count = 0;
  for (let j = b0; j <= b1; j++) {
    const row = m0 + j * nx;
    for (let i = a0; i <= a1; i++) {
      const inner = i > a0 && i < a1 && j > b0 && j < b1;
      const e = inner && mask[row + i] === 0 ? 1 : 0;
      mask[row + i] = e;
      count += e;
    }
  }
  return count;
}

/**
 * Cavity field of the LV, negative inside the blood pool and capped at the base.
 *
 * The cavity region is the set of background voxels (f ≥ 0) enclosed by the myocardium within their
 * z-slice ({@link enclosedInSlices}). With f the myocardium field (mm, < 0 inside myocardium):
 * g = −f in the cavity region and in the myocardium, g = +f in the exterior background. So g < 0 exactly
 * in the cavity, g > 0 in the myocardium and outside, and g is continuous across the endocardium
 * (f = 0 there). At the base, g jumps from −f (last enclosed slice) to +f (first open slice), so the cap
 * lands between the two slices, mid-voxel when the values are alike.
 *
 * @param myo - myocardium field, < 0 inside the myocardium, any spacing (mm).
 * @returns a new Float32 field on the same grid (mm-like units of `myo`).
 */
export function lvCavityField(myo: Volume): Volume<Float32Array> {
  const cavity = enclosedInSlices(myo, 0, cavityMaskScratch(myo.data.length));
  const src = myo.data;
  const n = src.length;
  const g = new Float32Array(n);
  for (let p = 0; p < n; p++) {
    const f = src[p] as number;
    g[p] = cavity[p] || f < 0 ? -f : f;
  }
  return { dims: [...myo.dims], spacing: [...myo.spacing], origin: [...myo.origin], data: g };
}

let maskScratch: Uint8Array = new Uint8Array(0);
function cavityMaskScratch(n: number): Uint8Array {
  if (maskScratch.length < n) maskScratch = new Uint8Array(n);
  return maskScratch;
}

/**
 * {@link lvCavityField} of the full-resolution field, coarsened by block means
 * (`downsampleMean(lvCavityField(myo), factors)`, the same numbers) without building the full-size
 * cavity field: the cavity is found on the full grid, so a thin wall that coarse voxels would open
 * still encloses it, and the block means place the base cap between the full grid's slices.
 *
 * @param myo - myocardium field, < 0 inside the myocardium (mm).
 * @param factors - voxels per block along x, y, z (positive integers).
 */
export function coarseLvCavityField(myo: Volume, factors: Vec3): Volume<Float32Array> {
  const out = coarseGrid(myo, factors);
  const cavity = enclosedInSlices(myo, 0, cavityMaskScratch(myo.data.length));
  const [fx, fy, fz] = factors;
  const [mx, my, mz] = out.dims;
  const nx = myo.dims[0];
  const nxy = nx * myo.dims[1];
  const src = myo.data;
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
            for (let di = 0; di < fx; di++) {
              const f = src[b + di] as number;
              // Float32 as lvCavityField stores it, so the means equal downsampleMean's bit for bit.
              s += Math.fround(cavity[b + di] || f < 0 ? -f : f);
            }
            dst[o + i] = (dst[o + i] as number) + s;
          }
        }
      }
      for (let i = 0; i < mx; i++) dst[o + i] = (dst[o + i] as number) * inv;
    }
  }
  return out;
}
