/**
 * Left-ventricular cavity from a myocardium field, capped at the base.
 *
 * Canonical LV frame: long axis along z, apex at low z, base (open valve plane) at high z.
 */
import { reachFromBorder } from './floodFill2d';
import type { Volume } from './types';

/**
 * Marks, per axial (z) slice, the background pixels enclosed by the object: pixels with
 * `field >= iso` not 4-connected to the slice border through such pixels (2-D hole filling).
 *
 * @returns 1 for enclosed (cavity) voxels, 0 elsewhere; same layout as `vol.data`.
 */
export function enclosedInSlices(vol: Volume, iso = 0): Uint8Array {
  const [nx, ny, nz] = vol.dims;
  const nxy = nx * ny;
  const data = vol.data;
  const out = new Uint8Array(nxy * nz);
  const reached = new Uint8Array(nxy);
  const stack = new Int32Array(nxy);
  for (let k = 0; k < nz; k++) {
    const base = k * nxy;
    reached.fill(0);
    reachFromBorder(nx, ny, (p) => (data[base + p] as number) >= iso, reached, stack);
    for (let p = 0; p < nxy; p++) {
      if (!reached[p] && (data[base + p] as number) >= iso) out[base + p] = 1;
    }
  }
  return out;
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
  const cavity = enclosedInSlices(myo, 0);
  const src = myo.data;
  const g = new Float32Array(src.length);
  for (let p = 0; p < src.length; p++) {
    const f = src[p] as number;
    g[p] = cavity[p] || f < 0 ? -f : f;
  }
  return { dims: [...myo.dims], spacing: [...myo.spacing], origin: [...myo.origin], data: g };
}
