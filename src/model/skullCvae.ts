/**
 * The fetal skull conditional VAEs (after Cerrolaza et al. 2018) as functions of their component
 * networks, shared by training (Node) and prediction (CLI, browser worker).
 *
 * Conditions: the head outline of each 2-D plane as a radial profile (mm, 64 angles, canonical frame;
 * see src/anatomy/skullSection.ts and src/imaging/headOutline.ts), normalised as (p − mean_kind)/scale
 * and turned into a feature f by one small MLP per plane kind. The condition vector is
 * c = [f_a, m_s·f_s, m_c·f_c, m_s, m_c] with m = 1 when a plane is present.
 *
 * Latents: the CVAE (REC-CVAE) has one level z with prior p(z | c); the hierarchical CVAE
 * (HiREC-CVAE) has nested levels in order of clinical availability, z_a, z_s, z_c, sampled top-down:
 *   p(z_a | c),  p(z_s | c, z_a),  p(z_c | c, z_a, z_s),
 * where c carries whichever planes are present (masked). Every level sees every plane that is there,
 * so a plane that is given narrows all levels it informs, and one that is missing leaves them as wide
 * as the training population allows: the spread of prior samples is the uncertainty.
 * Generator p(y | z, c): an MLP to K whitened shape coefficients, then a fixed linear basis (PCA of
 * the training radii) to the outer-surface radii on the direction grid (src/geometry/radialSurface.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { splitGaussian } from './lvae';

/** Plane kinds in order of clinical availability. */
export const SKULL_PLANES = ['axial', 'sagittal', 'coronal'] as const;
export type SkullPlane = (typeof SKULL_PLANES)[number];

/** Shapes of a skull model (from its manifest). */
export interface SkullModelSpec {
  /** Latent sizes per level (one level: CVAE; three: axial, sagittal, coronal). */
  latent: number[];
  hierarchical: boolean;
  profileN: number;
  featureN: number;
  basisK: number;
  /** Radii per surface (direction grid vertices). */
  vertices: number;
  /** Mean profile per plane kind, [3][profileN] mm. */
  profileMean: Float32Array;
  /** Profile normalisation scale, mm. */
  profileScale: number;
}

/** The component networks. */
export interface SkullNets {
  /** Plane feature MLPs: axial, sagittal, coronal ([B, profileN] → [B, featureN]). */
  planes: tf.LayersModel[];
  /** One prior per level: [B, in_l] → [B, 2·d_l] (μ, log σ²). */
  priors: tf.LayersModel[];
  /** Generator: [B, D + condN] → [B, K] whitened coefficients. */
  generator: tf.LayersModel;
  /** Fixed basis: [B, K] → [B, vertices] radii (mm). */
  basis: tf.LayersModel;
  /** Recognition network q(z | y, c): [B, K + condN] → [B, 2·D]; training and encoding only. */
  posterior?: tf.LayersModel;
}

/** Size of the condition vector. */
export function condSize(spec: Pick<SkullModelSpec, 'featureN'>): number {
  return 3 * spec.featureN + 2;
}

/** Input size of the prior of level `l`. */
export function priorInputSize(
  spec: Pick<SkullModelSpec, 'featureN' | 'latent' | 'hierarchical'>,
  l: number,
): number {
  const above = spec.latent.slice(0, l).reduce((a, b) => a + b, 0);
  return condSize(spec) + (spec.hierarchical ? above : 0);
}

/** The input of a level's prior: the condition, then the levels above it. */
function priorInput(cond: tf.Tensor2D, zAbove: tf.Tensor2D[]): tf.Tensor2D {
  return zAbove.length ? tf.concat([cond, ...zAbove], 1) : cond;
}

/**
 * Condition vectors from normalised profiles ([B, profileN] each; zeros where absent) and the
 * presence masks ([B, 1] each, 1 = present) of the sagittal and coronal planes.
 */
export function conditionOf(
  nets: SkullNets,
  profiles: [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D],
  mSag: tf.Tensor2D,
  mCor: tf.Tensor2D,
): tf.Tensor2D {
  return tf.tidy((): tf.Tensor2D => {
    const f = profiles.map((p, k) => (nets.planes[k] as tf.LayersModel).apply(p) as tf.Tensor2D);
    return tf.concat(
      [f[0] as tf.Tensor2D, tf.mul(f[1] as tf.Tensor2D, mSag), tf.mul(f[2] as tf.Tensor2D, mCor), mSag, mCor],
      1,
    ) as tf.Tensor2D;
  });
}

/** Per-level Gaussians of the prior, following `z` (given codes, e.g. posterior samples) or sampling. */
export interface PriorPass {
  mu: tf.Tensor2D[];
  logvar: tf.Tensor2D[];
  /** Codes used per level (the given ones, the prior means, or prior samples). */
  z: tf.Tensor2D[];
}

/**
 * Runs the priors level by level. `mode`: 'given' uses `given` codes for the levels above (teacher
 * forcing in training); 'mean' follows the prior means; 'sample' draws from each prior in turn, with
 * its standard deviations multiplied by `scale` (the calibrated prior temperature; 1 = as trained).
 * Call inside tf.tidy.
 */
export function priorPass(
  nets: SkullNets,
  spec: SkullModelSpec,
  cond: tf.Tensor2D,
  mode: 'given' | 'mean' | 'sample',
  given?: tf.Tensor2D[],
  seed?: number,
  scale = 1,
): PriorPass {
  const mu: tf.Tensor2D[] = [];
  const logvar: tf.Tensor2D[] = [];
  const z: tf.Tensor2D[] = [];
  spec.latent.forEach((d, l) => {
    const above = mode === 'given' ? (given ?? []).slice(0, l) : z.slice(0, l);
    const out = (nets.priors[l] as tf.LayersModel).apply(priorInput(cond, above)) as tf.Tensor2D;
    const g = splitGaussian(out, d);
    mu.push(g.mu);
    logvar.push(g.logvar);
    if (mode === 'given') z.push((given ?? [])[l] ?? g.mu);
    else if (mode === 'mean') z.push(g.mu);
    else
      z.push(
        tf.add(
          g.mu,
          tf.mul(
            tf.exp(tf.mul(g.logvar, 0.5)),
            tf.randomNormal(g.mu.shape, 0, scale, 'float32', seed === undefined ? undefined : seed + l),
          ),
        ),
      );
  });
  return { mu, logvar, z };
}

/** Generator then basis: codes (all levels) and condition → radii [B, vertices] (mm). Call inside tf.tidy. */
export function generateRadii(
  nets: SkullNets,
  z: tf.Tensor2D[],
  cond: tf.Tensor2D,
): { w: tf.Tensor2D; radii: tf.Tensor2D } {
  const w = nets.generator.apply(tf.concat([...z, cond], 1)) as tf.Tensor2D;
  const radii = nets.basis.apply(w) as tf.Tensor2D;
  return { w, radii };
}

/** Normalises raw profiles (mm) of one plane kind: (p − mean_kind) / scale. */
export function normaliseProfiles(
  spec: SkullModelSpec,
  kind: number,
  raw: Float32Array,
  batch: number,
): Float32Array {
  const n = spec.profileN;
  const out = new Float32Array(batch * n);
  for (let b = 0; b < batch; b++)
    for (let i = 0; i < n; i++)
      out[b * n + i] =
        ((raw[b * n + i] as number) - (spec.profileMean[kind * n + i] as number)) / spec.profileScale;
  return out;
}
