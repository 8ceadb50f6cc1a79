/**
 * Seeded synthetic LV cohorts for training and evaluation: each subject's ED and ES myocardium as a
 * truncated, normalised signed-distance field on the models' internal grid.
 */
import { lvMyocardiumField } from '../../src/anatomy/lvPhantom';
import { sampleLvCohort, type LvSubject } from '../../src/anatomy/lvPopulation';
import type { VolumeGrid } from '../../src/anatomy/grid';

import { LV_CHANNELS, LV_MODEL_GRID, LV_SDF_CLIP_MM } from '../../src/model/lvModelGrid';

/** The models' grid and normalisation now live in src/model/lvModelGrid.ts (shared with the explorer). */
export { LV_CHANNELS, LV_MODEL_GRID, LV_SDF_CLIP_MM } from '../../src/model/lvModelGrid';

export interface LvCohort {
  subjects: LvSubject[];
  /** [n, 32, 32, 32, 2]: per subject [z][y][x][channel], normalised SDF (see writeSubjectTensor). */
  x: Float32Array;
  /** 1 = HCM, 0 = healthy. */
  y: Uint8Array;
  n: number;
  /** Voxels per channel. */
  voxels: number;
}

/**
 * Normalised SDF of one subject in the tensor layout the networks use: [z][y][x][channel]
 * (tfjs NDHWC with D = z, H = y, W = x), written into `out` at `offset`.
 */
export function writeSubjectTensor(s: LvSubject, grid: VolumeGrid, out: Float32Array, offset: number): void {
  const voxels = grid.dims[0] * grid.dims[1] * grid.dims[2];
  LV_CHANNELS.forEach((phase, c) => {
    const f = lvMyocardiumField(s.params, phase, grid).data;
    for (let v = 0; v < voxels; v++) {
      const d = (f[v] as number) / LV_SDF_CLIP_MM;
      out[offset + v * 2 + c] = d < -1 ? -1 : d > 1 ? 1 : d;
    }
  });
}

/** A cohort of n subjects (half HCM by default) drawn with `seed`. */
export function buildLvCohort(seed: number, n: number, grid: VolumeGrid = LV_MODEL_GRID): LvCohort {
  const subjects = sampleLvCohort(seed, n);
  const voxels = grid.dims[0] * grid.dims[1] * grid.dims[2];
  const x = new Float32Array(n * voxels * 2);
  const y = new Uint8Array(n);
  subjects.forEach((s, i) => {
    writeSubjectTensor(s, grid, x, i * voxels * 2);
    y[i] = s.cls === 'hcm' ? 1 : 0;
  });
  return { subjects, x, y, n, voxels };
}
