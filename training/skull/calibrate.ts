/**
 * Post-hoc calibration of the skull models' uncertainty (temperature scaling of the priors): for each
 * set of planes, the factor τ on the prior standard deviations for which the K samples' per-vertex SD
 * (RMS over the surface) equals the prediction's RMS radius error on validation skulls whose profiles
 * carry detector-like errors. Stored in the manifest (`calibration.priorScale`) and applied by
 * `predictSkull`. It rescales the spread per plane set; where on the surface the spread is large is
 * still the model's own.
 */
import * as tf from '@tensorflow/tfjs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createRng } from '../../src/anatomy/random';
import {
  conditionOf,
  generateRadii,
  priorPass,
  type SkullModelSpec,
  type SkullNets,
} from '../../src/model/skullCvae';
import { planeSetKey } from '../../src/model/skullModel';
import { disposeBatch, makeBatch, type PlaneSubset } from './batch';
import { cachedSkullCohort, type SkullCohort } from './cohort';
import { SKULL_CONFIGS, type SkullModelId } from './config';
import { loadSkullModelFromDir } from './loadModel';

export const CALIBRATION_SUBSETS: PlaneSubset[] = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];

/** RMS per-vertex SD of K samples and RMS error of the mean prediction, at prior scale τ. */
function spreadAndError(
  nets: SkullNets,
  spec: SkullModelSpec,
  c: SkullCohort,
  w: Float32Array,
  planes: PlaneSubset,
  tau: number,
  k: number,
  seed: number,
): { sd: number; err: number } {
  const rng = createRng(seed);
  let ssd = 0;
  let serr = 0;
  const V = c.vertices;
  for (let i = 0; i < c.n; i++) {
    const items = Array.from({ length: k + 1 }, () => ({ subject: i, variant: 0, planes }));
    // One perturbed acquisition per subject, shared by the mean and the samples.
    const b = makeBatch(c, spec, items.slice(0, 1), w, createRng(seed + 7 * i));
    const [sdSum, errSum] = tf.tidy(() => {
      const cond1 = conditionOf(nets, b.profiles, b.mSag, b.mCor);
      const mean = generateRadii(nets, priorPass(nets, spec, cond1, 'mean').z, cond1).radii;
      const condK = tf.tile(cond1, [k, 1]) as tf.Tensor2D;
      const samp = generateRadii(
        nets,
        priorPass(nets, spec, condK, 'sample', undefined, rng.int(0, 1e9), tau).z,
        condK,
      ).radii;
      const m = tf.mean(samp, 0);
      const variance = tf.div(tf.sum(tf.square(tf.sub(samp, m)), 0), k - 1);
      const truth = tf.tensor1d(c.radii.subarray(i * V, (i + 1) * V));
      return [
        tf.sum(variance).dataSync()[0] ?? 0,
        tf.sum(tf.square(tf.sub(mean.squeeze([0]), truth))).dataSync()[0] ?? 0,
      ];
    });
    disposeBatch(b);
    ssd += sdSum as number;
    serr += errSum as number;
  }
  return { sd: Math.sqrt(ssd / (c.n * V)), err: Math.sqrt(serr / (c.n * V)) };
}

/** Fits τ per plane set on `c` (bisection on log τ in [0.02, 20]). */
export function calibratePriorScale(
  nets: SkullNets,
  spec: SkullModelSpec,
  c: SkullCohort,
  w: Float32Array,
  log: (s: string) => void,
  k = 16,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const planes of CALIBRATION_SUBSETS) {
    const key = planeSetKey(planes[0], planes[1]);
    const at1 = spreadAndError(nets, spec, c, w, planes, 1, k, 99);
    let lo = Math.log(0.02);
    let hi = Math.log(20);
    for (let it = 0; it < 12; it++) {
      const mid = 0.5 * (lo + hi);
      const r = spreadAndError(nets, spec, c, w, planes, Math.exp(mid), k, 99);
      if (r.sd < r.err) lo = mid;
      else hi = mid;
    }
    const tau = Math.exp(0.5 * (lo + hi));
    out[key] = +tau.toFixed(4);
    log(
      JSON.stringify({
        calibration: key,
        rmsErrorMm: +at1.err.toFixed(3),
        sdAtTau1Mm: +at1.sd.toFixed(3),
        tau: out[key],
      }),
    );
  }
  return out;
}

/**
 * Calibrates an exported model in place: loads `<modelsDir>/<id>`, fits τ on the validation cohort
 * of its configuration and writes `calibration` into its manifest.
 */
export async function calibrateExportedModel(
  modelsDir: string,
  id: SkullModelId,
  log: (s: string) => void,
  cacheDir = 'checkpoints',
): Promise<Record<string, number>> {
  const cfg = SKULL_CONFIGS[id];
  const model = await loadSkullModelFromDir(modelsDir, id);
  try {
    const val = await cachedSkullCohort(cacheDir, cfg.valSeed, cfg.valN, 1, cfg.sphere, cfg.profileN);
    const basis = model.nets.basis.getLayer('basis_radii').getWeights();
    const kernel = (await (basis[0] as tf.Tensor).data()) as Float32Array;
    const mean = (await (basis[1] as tf.Tensor).data()) as Float32Array;
    const w = coefficientsFromBasis(val.radii, val.n, kernel, mean, model.spec.basisK, model.spec.vertices);
    const priorScale = calibratePriorScale(model.nets, model.spec, val, w, log);
    const file = path.join(modelsDir, id, 'manifest.json');
    const manifest = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    manifest.calibration = {
      priorScale,
      method:
        'prior temperature per plane set: samples’ RMS per-vertex SD = RMS radius error of the prediction on the validation skulls with detector-like profile errors (training/skull/calibrate.ts)',
      valSubjects: val.n,
    };
    await writeFile(file, JSON.stringify(manifest, null, 1));
    return priorScale;
  } finally {
    model.dispose();
  }
}

/** Whitened coefficients from the stored basis (kernel rows = √var_k · component_k). */
function coefficientsFromBasis(
  radii: Float32Array,
  n: number,
  kernel: Float32Array,
  mean: Float32Array,
  k: number,
  V: number,
): Float32Array {
  const out = new Float32Array(n * k);
  for (let s = 0; s < n; s++)
    for (let i = 0; i < k; i++) {
      let dot = 0;
      let norm = 0;
      for (let j = 0; j < V; j++) {
        const b = kernel[i * V + j] as number;
        dot += ((radii[s * V + j] as number) - (mean[j] as number)) * b;
        norm += b * b;
      }
      out[s * k + i] = dot / (norm || 1);
    }
  return out;
}
