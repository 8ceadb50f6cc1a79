/**
 * Latent exploration around a skull prediction: each level's code is its conditional prior mean plus
 * an offset in units of that prior's standard deviation, z_l = μ_l(c, z_<l) + δ_l·σ_l(c, z_<l), so
 * δ = 0 everywhere is the prediction itself and ±3 spans what the model thinks plausible for the given
 * planes. No tensors outlive the call.
 */
import * as tf from '@tensorflow/tfjs';
import { conditionOf, generateRadii, priorPass } from '../model/skullCvae';
import type { SkullModel, SkullPlaneProfiles } from '../model/skullModel';

/** Normalised condition for one row, as predictSkull builds it (absent planes: zeros; CVAE masks 1). */
function conditionRow(model: SkullModel, planes: SkullPlaneProfiles): tf.Tensor2D {
  const { spec, nets } = model;
  const n = spec.profileN;
  const given = [planes.axial, planes.sagittal ?? null, planes.coronal ?? null];
  const prof = [0, 1, 2].map((kind) => {
    const p = given[kind];
    const row = new Float32Array(n);
    for (let i = 0; i < n; i++)
      row[i] = p ? ((p[i] as number) - (spec.profileMean[kind * n + i] as number)) / spec.profileScale : 0;
    return tf.tensor2d(row, [1, n]);
  }) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
  const m = (present: boolean) => tf.tensor2d([spec.hierarchical ? (present ? 1 : 0) : 1], [1, 1]);
  return conditionOf(nets, prof, m(!!given[1]), m(!!given[2]));
}

/** True when every offset is zero (the plain prediction). */
export function isZeroOffsets(offsets: readonly (readonly number[])[]): boolean {
  return offsets.every((l) => l.every((v) => v === 0));
}

/**
 * Radii (mm, [vertices]) of the code at prior-σ offsets `offsets` (one array per level, sizes of
 * `model.spec.latent`; missing entries count as 0). `priorScale`: the prior temperature the
 * prediction's samples used (the manifest's calibration), so ±1 matches the shown uncertainty.
 */
export async function radiiAtOffsets(
  model: SkullModel,
  planes: SkullPlaneProfiles,
  offsets: readonly (readonly number[])[],
  priorScale = 1,
): Promise<Float32Array> {
  const { spec, nets } = model;
  const out = tf.tidy(() => {
    const cond = conditionRow(model, planes);
    const z: tf.Tensor2D[] = [];
    spec.latent.forEach((d, l) => {
      const filler = spec.latent.slice(l).map((dd) => tf.zeros([1, dd]) as tf.Tensor2D);
      const pass = priorPass(nets, spec, cond, 'given', [...z, ...filler]);
      const mu = pass.mu[l] as tf.Tensor2D;
      const sd = tf.mul(tf.exp(tf.mul(pass.logvar[l] as tf.Tensor2D, 0.5)), priorScale);
      const off = Float32Array.from({ length: d }, (_, i) => offsets[l]?.[i] ?? 0);
      z.push(tf.add(mu, tf.mul(sd, tf.tensor2d(off, [1, d]))) as tf.Tensor2D);
    });
    return generateRadii(nets, z, cond).radii;
  });
  try {
    return (await out.data()) as Float32Array;
  } finally {
    out.dispose();
  }
}
