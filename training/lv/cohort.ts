/**
 * Seeded synthetic LV cohorts for training and evaluation: each subject's ED and ES myocardium as a
 * truncated, normalised signed-distance field on the models' internal grid.
 */
import { lvMyocardiumField } from '../../src/anatomy/lvPhantom';
import { sampleLvCohort, type LvSubject } from '../../src/anatomy/lvPopulation';
import type { VolumeGrid } from '../../src/anatomy/grid';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UserInputError } from '../../src/io/errors';
import { readNifti } from '../../src/io/nifti';
import { canonicaliseLv, prepareLvImport } from '../../src/pipeline/lv/importLv';

import { LV_CHANNELS, LV_MODEL_GRID, LV_SDF_CLIP_MM } from '../../src/model/lvModelGrid';

/** The models' grid and normalisation now live in src/model/lvModelGrid.ts (shared with the explorer). */
export { LV_CHANNELS, LV_MODEL_GRID, LV_SDF_CLIP_MM } from '../../src/model/lvModelGrid';

export interface LvCohort {
  subjects: LvSubject[];
  /** [n, 32, 32, 32, 2]: per subject [z][y][x][channel], normalised SDF (see writeSubjectTensor). */
  x: Float32Array;
  /** 1 = HCM, 0 = healthy, 2 = no class (a real heart of another group: shape only). */
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

/**
 * Real patients of the development set as a cohort: each imported like a user's file (the one import,
 * src/pipeline/lv/importLv.ts) and rolled about its long axis `rolls` times evenly over ±`rollDeg`.
 * Class from the ACDC group: HCM 1, NOR 0, others 2 (shape only).
 */
export function buildRealLvCohort(
  root: string,
  ids: readonly string[],
  rolls: number,
  rollDeg: number,
): LvCohort & { ids: string[] } {
  const voxels = LV_MODEL_GRID.dims[0] * LV_MODEL_GRID.dims[1] * LV_MODEL_GRID.dims[2];
  const rows: { x: Float32Array; y: number }[] = [];
  for (const id of ids) {
    const [f, p] = id.split('/') as [string, string];
    const file = path.join(root, f, `${p}_ED_gt.nii.gz`);
    if (!existsSync(file)) {
      throw new UserInputError(
        `training needs the real patient ${id} of the development set, not found at ${file}; put the development set at ../shared/realdata beside the project`,
      );
    }
  }
  for (const id of ids) {
    const [folder, pid] = id.split('/') as [string, string];
    const dir = path.join(root, folder);
    const read = (phase: 'ED' | 'ES') => readNifti(readFileSync(path.join(dir, `${pid}_${phase}_gt.nii.gz`)));
    const cfg = path.join(dir, `${pid}_Info.cfg`);
    const group = existsSync(cfg)
      ? (/Group:\s*(\w+)/.exec(readFileSync(cfg, 'utf8'))?.[1] ?? '')
      : id === 'acdc/patient030'
        ? 'HCM'
        : id === 'acdc/patient068'
          ? 'NOR'
          : '';
    const y = group === 'HCM' ? 1 : group === 'NOR' ? 0 : 2;
    const prep = prepareLvImport(read('ED'), read('ES'));
    for (let r = 0; r < rolls; r++) {
      const deg = rolls === 1 ? 0 : -rollDeg + (2 * rollDeg * r) / (rolls - 1);
      const imp = canonicaliseLv(prep, (deg * Math.PI) / 180);
      // importLv's layout is x fastest, channels interleaved: the same as writeSubjectTensor's.
      rows.push({ x: imp.modelInput, y });
    }
  }
  const x = new Float32Array(rows.length * voxels * 2);
  const y = new Uint8Array(rows.length);
  rows.forEach((r, i) => {
    x.set(r.x, i * voxels * 2);
    y[i] = r.y;
  });
  return { subjects: [], x, y, n: rows.length, voxels, ids: [...ids] };
}

/** Two cohorts as one (subjects of the first, then the second). */
export function concatCohorts(a: LvCohort, b: LvCohort): LvCohort {
  const x = new Float32Array(a.x.length + b.x.length);
  x.set(a.x);
  x.set(b.x, a.x.length);
  const y = new Uint8Array(a.n + b.n);
  y.set(a.y);
  y.set(b.y, a.n);
  return { subjects: [...a.subjects, ...b.subjects], x, y, n: a.n + b.n, voxels: a.voxels };
}
