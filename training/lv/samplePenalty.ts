/**
 * A training-time constraint on the shapes a cardiac model can show: codes drawn as the explorer and
 * `eval`'s plausibility block draw them (the prior, and each class's Gaussian of training codes on the
 * top level; lower levels from their top-down priors) are decoded, their cavity volumes, ejection
 * fraction and mass are measured softly on the decoder's grid, and a squared hinge penalises whatever
 * leaves the plausible ranges. The reconstruction of training hearts is not touched by it: only the
 * decoder's (and the top-down priors') behaviour between and around the training codes is.
 *
 * The soft measures follow the composition rule of geometry/lvComposition.ts on the decoder's grid:
 * cavity = {max(cavity, solid + minWall) < 0, z < base}; myocardium = {solid < 0, z < base} minus the
 * cavity; indicator σ(−d/τ). On the shipped models' samples they track the explorer's measured EF with
 * a correlation of 0.99, reading 1–3 points lower at high EF (docs/models.md).
 */
import * as tf from '@tensorflow/tfjs';
import type { VolumeGrid } from '../../src/anatomy/grid';
import { splitGaussian } from '../../src/model/lvae';
import type { LvNetworks } from './networks';

export interface SamplePenaltyConfig {
  /** Weight of the mean penalty in the per-value loss (the reconstruction term is ≈ 0.1–0.5 there). */
  weight: number;
  /** Codes drawn per step, split evenly between the prior, healthy and HCM. */
  samples: number;
  /** Soft ejection fraction range (fraction, not %). */
  ef: [number, number];
  /** Soft end-diastolic volume range, mL. */
  edvMl: [number, number];
  /** Soft myocardial mass range at ED, g. */
  massG: [number, number];
  /** Width of the soft indicator, mm. */
  tauMm: number;
  /**
   * When true, the lower levels are sampled outside the gradient: the penalty trains the decoder
   * only, never the top-down priors (which otherwise learn to send every top-level code to one safe
   * average heart). Irrelevant for a one-level model.
   */
  decoderOnly?: boolean;
}

/** The composition constants and grid the soft measures need. */
export interface SoftMeasureGeometry {
  grid: VolumeGrid;
  /** Decoder output × this = mm. */
  solidClipMm: number;
  minWallMm: number;
  baseZMm: number;
  densityGPerMl: number;
}

/** Per-sample soft EDV, ESV (mL) and ED mass (g) of decoded normalised solids [P, D, H, W, 4]. */
export function softMeasures(
  recon: tf.Tensor5D,
  geo: SoftMeasureGeometry,
  tauMm: number,
): { edvMl: tf.Tensor1D; esvMl: tf.Tensor1D; massG: tf.Tensor1D } {
  const [, d, h, w] = recon.shape;
  const dz = geo.grid.spacing[2];
  const voxMl = (geo.grid.spacing[0] * geo.grid.spacing[1] * dz) / 1000;
  const below = new Float32Array(d);
  for (let k = 0; k < d; k++) below[k] = geo.grid.origin[2] + k * dz < geo.baseZMm ? 1 : 0;
  const mask = tf.tensor4d(below, [1, d, 1, 1]);
  const mm = tf.mul(recon, geo.solidClipMm);
  const ch = tf.split(mm, 4, 4).map((t) => t.reshape([-1, d, h, w]) as tf.Tensor4D);
  const ind = (dist: tf.Tensor): tf.Tensor => tf.sigmoid(tf.div(tf.neg(dist), tauMm));
  const phase = (solid: tf.Tensor4D, cavity: tf.Tensor4D): { cav: tf.Tensor1D; myo: tf.Tensor1D } => {
    const c = ind(tf.maximum(cavity, tf.add(solid, geo.minWallMm)));
    const inside = ind(solid);
    const cav = tf.mul(tf.sum(tf.mul(c, mask), [1, 2, 3]), voxMl) as tf.Tensor1D;
    const myo = tf.mul(tf.sum(tf.mul(tf.relu(tf.sub(inside, c)), mask), [1, 2, 3]), voxMl) as tf.Tensor1D;
    return { cav, myo };
  };
  const ed = phase(ch[0] as tf.Tensor4D, ch[1] as tf.Tensor4D);
  const es = phase(ch[2] as tf.Tensor4D, ch[3] as tf.Tensor4D);
  return { edvMl: ed.cav, esvMl: es.cav, massG: tf.mul(ed.myo, geo.densityGPerMl) as tf.Tensor1D };
}

/** Squared hinge outside [lo, hi], each side scaled by its own tolerance. */
function hinge(v: tf.Tensor1D, lo: number, hi: number, tolLo: number, tolHi: number): tf.Tensor1D {
  const over = tf.div(tf.relu(tf.sub(v, hi)), tolHi);
  const under = tf.div(tf.relu(tf.sub(lo, v)), tolLo);
  return tf.add(tf.square(over), tf.square(under)) as tf.Tensor1D;
}

/** Mean penalty of decoded normalised solids [P, D, H, W, 4]. */
export function plausibilityPenalty(
  recon: tf.Tensor5D,
  geo: SoftMeasureGeometry,
  cfg: SamplePenaltyConfig,
): tf.Scalar {
  const m = softMeasures(recon, geo, cfg.tauMm);
  const ef = tf.div(tf.sub(m.edvMl, m.esvMl), tf.maximum(m.edvMl, 1)) as tf.Tensor1D;
  const p = tf.addN([
    hinge(ef, cfg.ef[0], cfg.ef[1], 0.05, 0.05),
    hinge(m.edvMl, cfg.edvMl[0], cfg.edvMl[1], 10, 30),
    hinge(m.massG, cfg.massG[0], cfg.massG[1], 10, 30),
  ]);
  return tf.mean(p) as tf.Scalar;
}

/** Per-dimension mean and SD of a class's top-level codes (running over an epoch). */
export interface ClassGaussian {
  mean: Float32Array;
  sd: Float32Array;
}

/** Accumulates top-level means per class over an epoch, for the next epoch's class samples. */
export class ClassCodeStats {
  private readonly sum: Float64Array[];
  private readonly sq: Float64Array[];
  private readonly n = [0, 0];

  constructor(readonly size: number) {
    this.sum = [new Float64Array(size), new Float64Array(size)];
    this.sq = [new Float64Array(size), new Float64Array(size)];
  }

  /** Adds a batch: `codes` row-major [B, size], `labels` 0 healthy, 1 HCM, anything else ignored. */
  add(codes: Float32Array, labels: ArrayLike<number>): void {
    for (let b = 0; b < labels.length; b++) {
      const c = labels[b];
      if (c !== 0 && c !== 1) continue;
      this.n[c] = (this.n[c] ?? 0) + 1;
      const sum = this.sum[c] as Float64Array;
      const sq = this.sq[c] as Float64Array;
      for (let d = 0; d < this.size; d++) {
        const v = codes[b * this.size + d] as number;
        sum[d] = (sum[d] as number) + v;
        sq[d] = (sq[d] as number) + v * v;
      }
    }
  }

  /** The class Gaussians, or null while a class has fewer than two codes. */
  gaussians(): [ClassGaussian, ClassGaussian] | null {
    if ((this.n[0] ?? 0) < 2 || (this.n[1] ?? 0) < 2) return null;
    const g = (c: 0 | 1): ClassGaussian => {
      const n = this.n[c] as number;
      const mean = new Float32Array(this.size);
      const sd = new Float32Array(this.size);
      for (let d = 0; d < this.size; d++) {
        const m = (this.sum[c] as Float64Array)[d]! / n;
        mean[d] = m;
        sd[d] = Math.sqrt(Math.max(0, (this.sq[c] as Float64Array)[d]! / n - m * m));
      }
      return { mean, sd };
    };
    return [g(0), g(1)];
  }
}

/**
 * Top-level codes [P, top] drawn as eval draws them: the first third (rounded up) from N(0, I), the
 * rest split between the healthy and HCM Gaussians (all from the prior while `classes` is null).
 */
export function drawTopCodes(
  p: number,
  top: number,
  classes: [ClassGaussian, ClassGaussian] | null,
  gauss: () => number,
): Float32Array {
  const out = new Float32Array(p * top);
  const nPrior = classes ? Math.ceil(p / 3) : p;
  for (let s = 0; s < p; s++) {
    const g = s < nPrior || !classes ? null : classes[(s - nPrior) % 2];
    for (let d = 0; d < top; d++) {
      const e = gauss();
      out[s * top + d] = g ? (g.mean[d] as number) + (g.sd[d] as number) * e : e;
    }
  }
  return out;
}

/**
 * Samples the bottom level's codes for top-level codes through the top-down priors (each lower level
 * sampled, log-variance clipped to [−12, 6] as the explorer does). Identity for a one-level model.
 */
export function sampleBottomFromTop(nets: LvNetworks, latent: number[], topCodes: tf.Tensor2D): tf.Tensor2D {
  let z = topCodes;
  for (let l = latent.length - 2; l >= 0; l--) {
    const td = nets.topDown[l] as tf.LayersModel;
    const prior = splitGaussian(td.apply(z) as tf.Tensor2D, latent[l] as number);
    const sd = tf.exp(tf.mul(tf.clipByValue(prior.logvar, -12, 6), 0.5));
    z = tf.add(prior.mu, tf.mul(sd, tf.randomNormal(prior.mu.shape))) as tf.Tensor2D;
  }
  return z;
}

/**
 * Decodes top-level codes through the top-down priors and the decoder. Call inside the optimiser's
 * closure: the penalty's gradient then reaches the priors as well as the decoder.
 */
export function decodeFromTop(nets: LvNetworks, latent: number[], topCodes: tf.Tensor2D): tf.Tensor5D {
  return nets.decoder.apply(sampleBottomFromTop(nets, latent, topCodes)) as tf.Tensor5D;
}
