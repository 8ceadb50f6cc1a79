/**
 * Acquisition-like augmentation of a real ED/ES label-map pair, on the file's own voxel grid, so that
 * the import pipeline (prepareLvImport → canonicaliseLv) builds the augmented heart exactly as it
 * builds a user's file. What it imitates: a different heart of similar anatomy (a smooth random warp
 * of a few mm), breath-hold differences between slices (an in-plane shift per slice) and partial
 * coverage (a missing slice at either end of the stack). ED and ES get the same warp and shifts, as
 * both phases come from one acquisition.
 */
import type { Volume } from '../../src/geometry/types';
import type { Rng } from '../../src/anatomy/random';

export interface LabelAugmentation {
  /** Root-mean-square amplitude of the smooth warp, mm. */
  warpMm: number;
  /** Shortest and longest wavelength of the warp's plane waves, mm. */
  wavelengthMm: [number, number];
  /** SD of each slice's in-plane shift, mm (slices along the voxel axis of the largest spacing). */
  sliceShiftMm: number;
  /** Probability of clearing the first, and separately the last, labelled slice. */
  dropEndSlice: number;
}

export const DEFAULT_LABEL_AUGMENTATION: LabelAugmentation = {
  warpMm: 2.5,
  wavelengthMm: [50, 140],
  sliceShiftMm: 1.2,
  dropEndSlice: 0.2,
};

const WAVES = 6;

/** The axis of the largest voxel spacing (the slice axis of a short-axis stack). */
export function sliceAxisOf(spacing: readonly number[]): 0 | 1 | 2 {
  const s0 = spacing[0]!;
  const s1 = spacing[1]!;
  const s2 = spacing[2]!;
  return s2 >= s0 && s2 >= s1 ? 2 : s1 >= s0 ? 1 : 0;
}

/**
 * Augments a pair of label maps on one grid. The maps are resampled by nearest neighbour, so labels
 * stay labels. Deterministic for a given rng state.
 */
export function augmentLabelPair<V extends Volume>(
  rng: Rng,
  ed: V,
  es: V | undefined,
  opts: LabelAugmentation = DEFAULT_LABEL_AUGMENTATION,
): { ed: V; es: V | undefined } {
  const [nx, ny, nz] = ed.dims;
  const sp = ed.spacing;
  const axis = sliceAxisOf(sp);
  const inPlane = ([0, 1, 2] as const).filter((a) => a !== axis);
  // Smooth warp: a sum of plane waves with random directions, phases and amplitudes.
  const waves: { k: number[]; phase: number; a: number[] }[] = [];
  const ampEach = opts.warpMm / Math.sqrt(WAVES / 2);
  for (let w = 0; w < WAVES; w++) {
    const dir = [rng.normal(), rng.normal(), rng.normal()];
    const norm = Math.hypot(dir[0]!, dir[1]!, dir[2]!) || 1;
    const lambda = opts.wavelengthMm[0] + (opts.wavelengthMm[1] - opts.wavelengthMm[0]) * rng.next();
    const k = dir.map((d) => ((2 * Math.PI) / lambda) * (d / norm));
    const a = [rng.normal(), rng.normal(), rng.normal()].map((g) => (g * ampEach) / Math.sqrt(3));
    waves.push({ k, phase: 2 * Math.PI * rng.next(), a });
  }
  const slices = ed.dims[axis];
  const shift = Array.from({ length: slices }, () => [
    rng.normal() * opts.sliceShiftMm,
    rng.normal() * opts.sliceShiftMm,
  ]);
  const dropFirst = rng.next() < opts.dropEndSlice;
  const dropLast = rng.next() < opts.dropEndSlice;

  const dims = [nx, ny, nz];
  const warp = (src: V): V => {
    const out = new Float32Array(src.data.length);
    const p = [0, 0, 0];
    const q = [0, 0, 0];
    for (let k = 0; k < nz; k++)
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++) {
          const idx = [i, j, k];
          for (let a = 0; a < 3; a++) p[a] = idx[a]! * sp[a]!;
          for (let a = 0; a < 3; a++) q[a] = p[a]!;
          for (const wv of waves) {
            const s = Math.sin(wv.k[0]! * p[0]! + wv.k[1]! * p[1]! + wv.k[2]! * p[2]! + wv.phase);
            for (let a = 0; a < 3; a++) q[a] = q[a]! - wv.a[a]! * s;
          }
          const sl = shift[idx[axis]!]!;
          q[inPlane[0]!] = q[inPlane[0]!]! - sl[0]!;
          q[inPlane[1]!] = q[inPlane[1]!]! - sl[1]!;
          const si = Math.round(q[0]! / sp[0]!);
          const sj = Math.round(q[1]! / sp[1]!);
          const sk = Math.round(q[2]! / sp[2]!);
          if (si < 0 || sj < 0 || sk < 0 || si >= dims[0]! || sj >= dims[1]! || sk >= dims[2]!) continue;
          out[i + nx * (j + ny * k)] = src.data[si + nx * (sj + ny * sk)]!;
        }
    return { ...src, data: out };
  };
  const edOut = warp(ed);
  const esOut = es ? warp(es) : undefined;
  if (dropFirst || dropLast) {
    // Labelled slice range over both phases, so both lose the same slice.
    let first = -1;
    let last = -1;
    const stride = [1, nx, nx * ny];
    const perSlice = (nx * ny * nz) / slices;
    /** Flat indices of the voxels of slice `s` along the slice axis. */
    const sliceVoxels = (s: number): Int32Array => {
      const out = new Int32Array(perSlice);
      for (let t = 0; t < perSlice; t++) {
        const at = [0, 0, 0];
        let r = t;
        for (const a of inPlane) {
          at[a] = r % dims[a]!;
          r = Math.floor(r / dims[a]!);
        }
        at[axis] = s;
        out[t] = at[0]! * stride[0]! + at[1]! * stride[1]! + at[2]! * stride[2]!;
      }
      return out;
    };
    const hasLabel = (v: Float32Array, s: number): boolean => sliceVoxels(s).some((i) => v[i]! > 0);
    for (let s = 0; s < slices; s++) {
      if (hasLabel(edOut.data as Float32Array, s) || (esOut && hasLabel(esOut.data as Float32Array, s))) {
        if (first < 0) first = s;
        last = s;
      }
    }
    // Keep at least four labelled slices.
    if (first >= 0 && last - first >= 5) {
      const clear = (v: Float32Array, s: number): void => {
        for (const i of sliceVoxels(s)) v[i] = 0;
      };
      for (const v of [edOut.data, esOut?.data]) {
        if (!v) continue;
        if (dropFirst) clear(v as Float32Array, first);
        if (dropLast) clear(v as Float32Array, last);
      }
    }
  }
  return { ed: edOut, es: esOut };
}
