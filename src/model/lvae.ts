/**
 * Gaussian latent arithmetic shared by training (Node) and the explorer (browser): the
 * reparameterised sample, the KL divergence between diagonal Gaussians, and the Ladder VAE's
 * precision-weighted merge of bottom-up and top-down Gaussians (Biffi et al. 2020; Sønderby et al.
 * 2016). Everything is in log-variances: σ = exp(½·logvar), never a variance used as a σ.
 */
import * as tf from '@tensorflow/tfjs';

/** z = μ + σ·ε, ε ~ N(0, I). */
export function reparameterise(mu: tf.Tensor2D, logvar: tf.Tensor2D, seed?: number): tf.Tensor2D {
  return tf.tidy(() =>
    tf.add(mu, tf.mul(tf.exp(tf.mul(logvar, 0.5)), tf.randomNormal(mu.shape, 0, 1, 'float32', seed))),
  );
}

/** KL(N(μq, σq²) ‖ N(μp, σp²)) summed over latent dimensions: one value per row. */
export function gaussianKl(
  muQ: tf.Tensor2D,
  logvarQ: tf.Tensor2D,
  muP?: tf.Tensor2D,
  logvarP?: tf.Tensor2D,
): tf.Tensor1D {
  return tf.tidy(() => {
    const mp = muP ?? tf.zerosLike(muQ);
    const lp = logvarP ?? tf.zerosLike(logvarQ);
    // ½ Σ [ log σp² − log σq² + (σq² + (μq − μp)²) / σp² − 1 ]
    const term = tf.sub(
      tf.add(tf.sub(lp, logvarQ), tf.div(tf.add(tf.exp(logvarQ), tf.square(tf.sub(muQ, mp))), tf.exp(lp))),
      1,
    );
    return tf.mul(tf.sum(term, 1), 0.5) as tf.Tensor1D;
  });
}

/**
 * Precision-weighted merge: σ² = 1 / (σe⁻² + σp⁻²), μ = (μe σe⁻² + μp σp⁻²) · σ².
 * Returns the merged mean and log-variance.
 */
export function precisionMerge(
  muE: tf.Tensor2D,
  logvarE: tf.Tensor2D,
  muP: tf.Tensor2D,
  logvarP: tf.Tensor2D,
): { mu: tf.Tensor2D; logvar: tf.Tensor2D } {
  return tf.tidy(() => {
    const precE = tf.exp(tf.neg(logvarE));
    const precP = tf.exp(tf.neg(logvarP));
    const prec = tf.add(precE, precP);
    const mu = tf.div(tf.add(tf.mul(muE, precE), tf.mul(muP, precP)), prec) as tf.Tensor2D;
    const logvar = tf.neg(tf.log(prec)) as tf.Tensor2D;
    return { mu, logvar };
  });
}

/** Splits [B, 2n] into (μ, logvar) halves; logvar is clipped to [−12, 6] for stability. */
export function splitGaussian(t: tf.Tensor2D, n: number): { mu: tf.Tensor2D; logvar: tf.Tensor2D } {
  return tf.tidy(() => {
    const mu = t.slice([0, 0], [-1, n]) as tf.Tensor2D;
    const logvar = tf.clipByValue(t.slice([0, n], [-1, n]), -12, 6) as tf.Tensor2D;
    return { mu, logvar };
  });
}

/**
 * Follows the Ladder VAE's top-down prior means from a top-level code to the bottom level:
 * z_l = μp_l(z_{l+1}). `topDown[l]` maps z_{l+1} → [μp_l, log σp_l²]; `levels` are the latent sizes
 * bottom → top. A one-level model returns its input.
 */
export function priorChainToBottom(
  topDown: readonly tf.LayersModel[],
  levels: readonly number[],
  zTop: tf.Tensor2D,
): tf.Tensor2D {
  return tf.tidy(() => {
    let z = zTop;
    for (let l = levels.length - 2; l >= 0; l--) {
      const out = (topDown[l] as tf.LayersModel).apply(z) as tf.Tensor2D;
      z = out.slice([0, 0], [-1, levels[l] as number]) as tf.Tensor2D;
    }
    return z === zTop ? z.clone() : z;
  });
}
