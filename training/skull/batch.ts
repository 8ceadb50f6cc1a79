/**
 * Training and evaluation batches for the skull models: profiles (perturbed like a detector's
 * output), plane-presence masks and whitened target coefficients.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../src/anatomy/random';
import { normaliseProfiles, type SkullModelSpec } from '../../src/model/skullCvae';
import { PLANE_KINDS, perturbProfile, type ProfilePerturbation, type SkullCohort } from './cohort';
import CALIBRATION from './detector-calibration.json';
import type { KindCalibration } from './detectorCalibration';
import type { SkullBatch } from './model';

/** Which planes are present: axial always; [sagittal, coronal]. */
export type PlaneSubset = [boolean, boolean];

/** The plane subsets used in evaluation, in order of clinical availability. */
export const EVAL_SUBSETS: { name: string; planes: PlaneSubset }[] = [
  { name: 'axial', planes: [false, false] },
  { name: 'axial + sagittal', planes: [true, false] },
  { name: 'axial + sagittal + coronal', planes: [true, true] },
];

/**
 * Detector-like perturbation used in training, per plane kind, from the detector's measured errors
 * on simulated planes (detector-calibration.json; see detectorCalibration.ts): its mean difference
 * (× 0–1.5, so both exact and detected outlines are seen), scale spread and residual outline error
 * (orders 2–10), inflated by 25 %, plus a 2° frame misalignment.
 */
export function trainPerturbation(kind: number): ProfilePerturbation {
  const c = (CALIBRATION as unknown as Record<string, KindCalibration>)[PLANE_KINDS[kind] as string];
  if (!c) return { scaleSd: 0.01, rotDeg: 2, noiseMm: 0.4 };
  return {
    scaleSd: 1.25 * Math.max(0.004, c.scaleSd),
    rotDeg: 2,
    noiseMm: 1.25 * c.residualMm,
    orders: [2, 10],
    biasMm: c.meanDiffMm,
    biasRange: [0, 1.5],
  };
}

/**
 * A batch of (subject, variant) pairs. Absent planes get zero profiles for the hierarchical model and
 * the training-mean profile (normalised 0) for the CVAE — the same numbers, by construction.
 */
export function makeBatch(
  c: SkullCohort,
  spec: SkullModelSpec,
  items: { subject: number; variant: number; planes: PlaneSubset }[],
  w: Float32Array,
  rng: Rng | null,
): SkullBatch {
  const B = items.length;
  const n = c.profileN;
  const raw = [0, 1, 2].map(() => new Float32Array(B * n));
  const mSag = new Float32Array(B);
  const mCor = new Float32Array(B);
  const wb = new Float32Array(B * spec.basisK);
  items.forEach((it, b) => {
    for (let k = 0; k < 3; k++) {
      const off = ((it.subject * c.variants + it.variant) * 3 + k) * n;
      const p = c.profiles.slice(off, off + n);
      if (rng) perturbProfile(p, rng, trainPerturbation(k));
      const present = k === 0 || it.planes[k - 1];
      // An absent plane carries the mean profile, which normalises to zeros.
      if (present) (raw[k] as Float32Array).set(p, b * n);
      else (raw[k] as Float32Array).set(spec.profileMean.subarray(k * n, (k + 1) * n), b * n);
    }
    mSag[b] = it.planes[0] ? 1 : 0;
    mCor[b] = it.planes[1] ? 1 : 0;
    if (!spec.hierarchical) {
      mSag[b] = 1;
      mCor[b] = 1;
    }
    wb.set(w.subarray(it.subject * spec.basisK, (it.subject + 1) * spec.basisK), b * spec.basisK);
  });
  return {
    profiles: [0, 1, 2].map((k) =>
      tf.tensor2d(normaliseProfiles(spec, k, raw[k] as Float32Array, B), [B, n]),
    ) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D],
    mSag: tf.tensor2d(mSag, [B, 1]),
    mCor: tf.tensor2d(mCor, [B, 1]),
    w: tf.tensor2d(wb, [B, spec.basisK]),
  };
}

export function disposeBatch(b: SkullBatch): void {
  tf.dispose([...b.profiles, b.mSag, b.mCor, b.w]);
}

/** Profile normalisation from a cohort: per-kind mean profile and one overall scale (mm). */
export function profileStats(c: SkullCohort): { mean: Float32Array; scale: number } {
  const n = c.profileN;
  const mean = new Float32Array(3 * n);
  const count = c.n * c.variants;
  for (let s = 0; s < count; s++)
    for (let k = 0; k < 3; k++)
      for (let i = 0; i < n; i++)
        mean[k * n + i] = (mean[k * n + i] as number) + (c.profiles[(s * 3 + k) * n + i] as number) / count;
  let ss = 0;
  for (let s = 0; s < count; s++)
    for (let k = 0; k < 3; k++)
      for (let i = 0; i < n; i++)
        ss += ((c.profiles[(s * 3 + k) * n + i] as number) - (mean[k * n + i] as number)) ** 2;
  return { mean, scale: Math.sqrt(ss / (count * 3 * n)) };
}
