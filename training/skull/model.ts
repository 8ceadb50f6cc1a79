/**
 * The skull models' training objective: the conditional ELBO (Sohn et al. 2015)
 *   E_q[log p(y | z, c)] − Σ_l KL(q(z_l | y, c) ‖ p(z_l | c, z_<l)),
 * with a Gaussian likelihood of the radii (SD σ mm per vertex, computed in whitened-coefficient
 * space: the basis rows are orthonormal, so Σ_v Δr_v² = Σ_k var_k·Δw_k²).
 */
import * as tf from '@tensorflow/tfjs';
import { gaussianKl, splitGaussian } from '../../src/model/lvae';
import {
  conditionOf,
  generateRadii,
  priorPass,
  type SkullModelSpec,
  type SkullNets,
} from '../../src/model/skullCvae';

export interface SkullBatch {
  /** Normalised profiles per plane, [B, profileN]. */
  profiles: [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
  mSag: tf.Tensor2D;
  mCor: tf.Tensor2D;
  /** Whitened true coefficients, [B, K]. */
  w: tf.Tensor2D;
}

export interface SkullLossParts {
  loss: tf.Scalar;
  recon: tf.Scalar;
  /** Reconstruction from the prior means alone (no knowledge of the truth), nats. */
  reconPrior: tf.Scalar;
  kl: tf.Scalar[];
}

/**
 * Per-sample mean loss of a batch (nats). `variances` [K] are the PCA variances (mm²). With
 * `priorWeight` α > 0 this is Sohn et al.'s hybrid objective: (1 − α)·(−ELBO) + α·the
 * reconstruction from the prior path alone (here the prior means, the prediction a user gets), while
 * the ELBO's KL keeps the priors as wide as the posterior codes they must cover — their samples' spread
 * is the uncertainty. (Sampling the prior in this term instead collapses that spread: measured, see
 * docs/skull-models.md.)
 */
export function skullLoss(
  nets: SkullNets,
  spec: SkullModelSpec,
  b: SkullBatch,
  variances: tf.Tensor1D,
  opts: { sigmaMm: number; klWeight: number; priorWeight: number },
): SkullLossParts {
  const cond = conditionOf(nets, b.profiles, b.mSag, b.mCor);
  const post = (nets.posterior as tf.LayersModel).apply(tf.concat([b.w, cond], 1)) as tf.Tensor2D;
  const D = spec.latent.reduce((a, c) => a + c, 0);
  const { mu, logvar } = splitGaussian(post, D);
  const zq: tf.Tensor2D[] = [];
  const muQ: tf.Tensor2D[] = [];
  const lvQ: tf.Tensor2D[] = [];
  let o = 0;
  for (const d of spec.latent) {
    const m = mu.slice([0, o], [-1, d]) as tf.Tensor2D;
    const lv = logvar.slice([0, o], [-1, d]) as tf.Tensor2D;
    muQ.push(m);
    lvQ.push(lv);
    zq.push(tf.add(m, tf.mul(tf.exp(tf.mul(lv, 0.5)), tf.randomNormal(m.shape))) as tf.Tensor2D);
    o += d;
  }
  const prior = priorPass(nets, spec, cond, 'given', zq);
  const kl = spec.latent.map((_, l) =>
    tf.mean(gaussianKl(muQ[l] as tf.Tensor2D, lvQ[l] as tf.Tensor2D, prior.mu[l], prior.logvar[l])),
  ) as tf.Scalar[];
  const nll = (w: tf.Tensor2D): tf.Scalar =>
    tf.mean(
      tf.div(tf.sum(tf.mul(tf.square(tf.sub(w, b.w)), variances), 1), 2 * opts.sigmaMm * opts.sigmaMm),
    ) as tf.Scalar;
  const recon = nll(generateRadii(nets, zq, cond).w);
  const reconPrior = nll(generateRadii(nets, priorPass(nets, spec, cond, 'mean').z, cond).w);
  const klSum = kl.reduce((a, c) => tf.add(a, c) as tf.Scalar);
  const elbo = tf.add(recon, tf.mul(klSum, opts.klWeight));
  const a = opts.priorWeight;
  return { loss: tf.add(tf.mul(elbo, 1 - a), tf.mul(reconPrior, a)) as tf.Scalar, recon, reconPrior, kl };
}
