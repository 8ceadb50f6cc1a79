/**
 * Forward passes of the cardiac VAE and Ladder VAE over their component networks, for training
 * (sampled latents, KL terms) and for inference (means only). tfjs only; runs in Node and browser.
 */
import * as tf from '@tensorflow/tfjs';
import { gaussianKl, precisionMerge, reparameterise, splitGaussian } from '../../src/model/lvae';
import type { LvNetworks } from './networks';

export interface LvForward {
  /** Decoded normalised solids [B, s, s, s, 4] (ED solid, ED cavity, ES solid, ES cavity). */
  recon: tf.Tensor5D;
  /** KL per level (bottom → top), one value per sample each. */
  kls: tf.Tensor1D[];
  /** Classifier logit of HCM, [B]. */
  logit: tf.Tensor1D;
  /** Latent means per level (bottom → top). */
  means: tf.Tensor2D[];
  /**
   * Ladder VAE with `priorPath`: the shape decoded from the top level's posterior mean through the
   * top-down prior means alone (what the explorer shows for a top-level code), [B, s, s, s, 4].
   */
  priorRecon?: tf.Tensor5D;
}

/** Splits the encoder output into the bottom-up Gaussians of each level. */
export function bottomUp(q: tf.Tensor2D, latent: number[]): { mu: tf.Tensor2D; logvar: tf.Tensor2D }[] {
  const out: { mu: tf.Tensor2D; logvar: tf.Tensor2D }[] = [];
  let o = 0;
  for (const n of latent) {
    out.push(splitGaussian(q.slice([0, o], [-1, 2 * n]) as tf.Tensor2D, n));
    o += 2 * n;
  }
  return out;
}

/**
 * One pass. With `sample` false every latent is its (merged) mean and the KLs are still reported.
 * Call inside tf.tidy or an optimizer closure.
 */
export function lvForward(
  nets: LvNetworks,
  latent: number[],
  x: tf.Tensor5D,
  sample: boolean,
  priorPath = false,
): LvForward {
  const q = nets.encoder.apply(x) as tf.Tensor2D;
  const levels = bottomUp(q, latent);
  const L = latent.length;
  const top = levels[L - 1] as { mu: tf.Tensor2D; logvar: tf.Tensor2D };
  const kls: tf.Tensor1D[] = new Array<tf.Tensor1D>(L);
  const means: tf.Tensor2D[] = new Array<tf.Tensor2D>(L);
  kls[L - 1] = gaussianKl(top.mu, top.logvar);
  means[L - 1] = top.mu;
  let z = sample ? reparameterise(top.mu, top.logvar) : top.mu;
  let zMean = top.mu;
  for (let l = L - 2; l >= 0; l--) {
    const bu = levels[l] as { mu: tf.Tensor2D; logvar: tf.Tensor2D };
    const td = nets.topDown[l] as tf.LayersModel;
    const prior = splitGaussian(td.apply(z) as tf.Tensor2D, latent[l] as number);
    const post = precisionMerge(bu.mu, bu.logvar, prior.mu, prior.logvar);
    kls[l] = gaussianKl(post.mu, post.logvar, prior.mu, prior.logvar);
    // Deterministic path for the reported means: the prior follows the upper level's mean.
    const priorOfMean = sample ? splitGaussian(td.apply(zMean) as tf.Tensor2D, latent[l] as number) : prior;
    means[l] = sample ? precisionMerge(bu.mu, bu.logvar, priorOfMean.mu, priorOfMean.logvar).mu : post.mu;
    zMean = means[l] as tf.Tensor2D;
    z = sample ? reparameterise(post.mu, post.logvar) : post.mu;
  }
  const recon = nets.decoder.apply(z) as tf.Tensor5D;
  const logit = (nets.classifier.apply(top.mu) as tf.Tensor2D).reshape([-1]) as tf.Tensor1D;
  if (!priorPath || L < 2) return { recon, kls, logit, means };
  // The top level's mean enters as a constant: this term trains the top-down priors (and the decoder)
  // to turn a top-level code into its shape, not the encoder to put the shape's largest variation on
  // the 2-D top level (which then stops separating the classes).
  let zp: tf.Tensor2D = tf.tensor2d(top.mu.dataSync() as Float32Array, top.mu.shape);
  for (let l = L - 2; l >= 0; l--) {
    const td = nets.topDown[l] as tf.LayersModel;
    zp = splitGaussian(td.apply(zp) as tf.Tensor2D, latent[l] as number).mu;
  }
  const priorRecon = nets.decoder.apply(zp) as tf.Tensor5D;
  return { recon, kls, logit, means, priorRecon };
}

export interface LossWeights {
  sigma: number;
  klWeights: number[];
  /** Warm-up factor in [0, 1] multiplying every KL term. */
  warmup: number;
  ceWeight: number;
  /**
   * Weight of the prior path's reconstruction (Ladder VAE): the same Gaussian likelihood applied to
   * `priorRecon`, so the top level and the top-down priors must carry the shape's main variation —
   * without it, a rich bottom level can explain every heart while the priors map each top-level code
   * to one average heart (navigation then moves nothing).
   */
  priorPathWeight?: number;
}

/**
 * Negative ELBO plus weighted classification cross-entropy, per sample, divided by the number of
 * output values (a constant scale that keeps Adam's steps well conditioned). Returns the scalar loss
 * and its parts (nats per sample) for logging.
 */
export function lvLoss(
  f: LvForward,
  target: tf.Tensor5D,
  y: tf.Tensor1D,
  w: LossWeights,
): { loss: tf.Scalar; parts: { recon: tf.Scalar; kl: tf.Scalar; ce: tf.Scalar; priorPath: tf.Scalar } } {
  const perSampleValues = target.size / (target.shape[0] as number);
  const nll = (r: tf.Tensor5D): tf.Scalar =>
    tf.mean(tf.div(tf.sum(tf.square(tf.sub(r, target)), [1, 2, 3, 4]), 2 * w.sigma * w.sigma)) as tf.Scalar;
  const recon = nll(f.recon);
  const priorPath = f.priorRecon ? nll(f.priorRecon) : tf.scalar(0);
  let kl = tf.scalar(0);
  f.kls.forEach((k, l) => {
    kl = tf.add(kl, tf.mul(tf.mean(k), w.klWeights[l] ?? 1)) as tf.Scalar;
  });
  // y = 0.5 marks a subject without a class (a real heart of another group): it trains the shape only.
  const known = tf.cast(tf.notEqual(y, 0.5), 'float32');
  const ce = tf.div(
    tf.losses.sigmoidCrossEntropy(y, f.logit, known, undefined, tf.Reduction.SUM),
    y.shape[0] as number,
  ) as tf.Scalar;
  const total = tf.add(
    tf.add(tf.add(recon, tf.mul(kl, w.warmup)), tf.mul(ce, w.ceWeight)),
    tf.mul(priorPath, w.priorPathWeight ?? 0),
  );
  return { loss: tf.div(total, perSampleValues) as tf.Scalar, parts: { recon, kl, ce, priorPath } };
}
