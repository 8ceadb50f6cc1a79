/**
 * Training configurations of the shipped cardiac models. Everything that changes the result is here,
 * is written into the manifest, and is hashed into checkpoints so a resume never mixes runs.
 */
export type LvModelId = 'lv-vae' | 'lv-lvae';

export interface LvTrainConfig {
  id: LvModelId;
  title: string;
  /** Latent sizes bottom → top. */
  latent: number[];
  basisK: number;
  trainN: number;
  valN: number;
  testN: number;
  trainSeed: number;
  valSeed: number;
  testSeed: number;
  epochs: number;
  batch: number;
  lr: number;
  lrFinal: number;
  /** Reconstruction noise SD in normalised SDF units (Gaussian likelihood). */
  sigma: number;
  /** Fraction of training over which the KL weight rises linearly from 0 to 1. */
  warmupFrac: number;
  /** Weight (nats) of the classifier's cross-entropy in the per-sample loss. */
  ceWeight: number;
  /** KL weight per level, bottom → top (the Ladder VAE's α). */
  klWeights: number[];
  backend: 'wasm' | 'cpu';
  architecture: string;
}

const COMMON = {
  basisK: 32,
  trainN: 400,
  valN: 48,
  testN: 100,
  trainSeed: 20260101,
  valSeed: 20260202,
  testSeed: 20269999,
  batch: 16,
  lr: 1e-3,
  lrFinal: 2e-4,
  sigma: 0.1,
  warmupFrac: 0.3,
  ceWeight: 200,
  backend: 'cpu' as const,
};

export const LV_CONFIGS: Record<LvModelId, LvTrainConfig> = {
  'lv-vae': {
    ...COMMON,
    id: 'lv-vae',
    title: 'Cardiac VAE with HCM classifier (after Biffi et al. 2018)',
    latent: [32],
    klWeights: [1],
    /** Architecture revision (part of the checkpoint hash): PCA-initialised linear shortcuts. */
    architecture: 'basis-shortcut-2',
    epochs: 30,
  },
  'lv-lvae': {
    ...COMMON,
    id: 'lv-lvae',
    title: 'Cardiac Ladder VAE, 2-D top level (after Biffi et al. 2020)',
    latent: [64, 32, 2],
    klWeights: [1, 1, 1],
    /** Revision 4: the ladder and the top level also see the shape coefficients; Fisher-plane start. */
    architecture: 'basis-shortcut-4',
    epochs: 30,
  },
};

/** The same code path on a tiny cohort, for CI (`--quick`). */
export function quickConfig(c: LvTrainConfig): LvTrainConfig {
  return { ...c, trainN: 24, valN: 8, testN: 12, epochs: 2, batch: 8, basisK: 8 };
}
