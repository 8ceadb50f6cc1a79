/**
 * Training configurations of the shipped fetal skull models. Everything that changes the result is
 * here, is written into the manifest, and is hashed into checkpoints so a resume never mixes runs.
 */
import type { SphereGrid } from '../../src/geometry/radialSurface';

export type SkullModelId = 'skull-cvae' | 'skull-hcvae';

export interface SkullTrainConfig {
  id: SkullModelId;
  title: string;
  /** Latent sizes per level; the hierarchical model has one level per plane (axial, sagittal, coronal). */
  latent: number[];
  /** Whether planes may be missing (hierarchical: nested priors; the CVAE needs all three). */
  hierarchical: boolean;
  sphere: SphereGrid;
  /** Profile samples per plane (angles). */
  profileN: number;
  basisK: number;
  trainN: number;
  valN: number;
  testN: number;
  /** Plane acquisitions drawn per training subject (tilt, offset, detector noise vary). */
  variants: number;
  trainSeed: number;
  valSeed: number;
  testSeed: number;
  steps: number;
  batch: number;
  lr: number;
  lrFinal: number;
  /** Adam β1, β2 (Cerrolaza et al.: 0.9, 0.995). */
  beta1: number;
  beta2: number;
  /** Per-vertex reconstruction noise SD, mm (Gaussian likelihood on the radii). */
  sigmaMm: number;
  /** Fraction of training over which the KL weight rises from 0 to 1. */
  warmupFrac: number;
  /** Weight α of the prior-path reconstruction in the hybrid objective (Sohn et al. 2015). */
  priorWeight: number;
  /** Hidden width of the MLPs. */
  hidden: number;
  /** Plane feature size. */
  featureN: number;
  backend: 'wasm' | 'cpu';
  architecture: string;
}

const COMMON = {
  sphere: { nLat: 40, nLon: 80 },
  profileN: 64,
  basisK: 24,
  trainN: 800,
  valN: 100,
  testN: 100,
  variants: 4,
  trainSeed: 20261101,
  valSeed: 20261202,
  testSeed: 20261999,
  steps: 6000,
  batch: 64,
  lr: 1e-3,
  lrFinal: 1e-4,
  beta1: 0.9,
  beta2: 0.995,
  sigmaMm: 0.5,
  warmupFrac: 0.2,
  priorWeight: 0.5,
  hidden: 128,
  featureN: 32,
  backend: 'wasm' as const,
  architecture: 'profile-mlp-radial-allplane-priors-4',
};

export const SKULL_CONFIGS: Record<SkullModelId, SkullTrainConfig> = {
  'skull-cvae': {
    ...COMMON,
    id: 'skull-cvae',
    title: 'Fetal skull CVAE from three planes (after Cerrolaza et al. 2018, REC-CVAE)',
    latent: [16],
    hierarchical: false,
  },
  'skull-hcvae': {
    ...COMMON,
    id: 'skull-hcvae',
    title: 'Fetal skull hierarchical CVAE, one to three planes (after Cerrolaza et al. 2018, HiREC-CVAE)',
    latent: [8, 4, 4],
    hierarchical: true,
  },
};

/** The same code path on a tiny cohort for CI. */
export function quickSkullConfig(cfg: SkullTrainConfig): SkullTrainConfig {
  return { ...cfg, trainN: 40, valN: 8, testN: 8, variants: 2, steps: 40, batch: 16, basisK: 8 };
}
