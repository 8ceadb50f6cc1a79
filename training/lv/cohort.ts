/**
 * Seeded synthetic LV cohorts for training and evaluation: each subject's ED and ES myocardium as a
 * truncated, normalised signed-distance field on the models' internal grid.
 */
import { lvSolidFields } from '../../src/anatomy/lvPhantom';
import { composeMyocardium, LV_COMPOSITION } from '../../src/geometry/lvComposition';
import {
  LV_POPULATION_VERSION,
  type LvPopulationVersion,
  type LvSubject,
  sampleLvCohort,
} from '../../src/anatomy/lvPopulation';
import type { VolumeGrid } from '../../src/anatomy/grid';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UserInputError } from '../../src/io/errors';
import { readNifti } from '../../src/io/nifti';
import { canonicaliseLv, prepareLvImport } from '../../src/pipeline/lv/importLv';
import { createRng } from '../../src/anatomy/random';
import { augmentLabelPair, type LabelAugmentation } from './augmentLabels';

import {
  LV_CHANNELS,
  LV_DECODER_GRID,
  LV_MODEL_GRID,
  LV_SDF_CLIP_MM,
  LV_SOLID_CLIP_MM,
} from '../../src/model/lvModelGrid';

/** The models' grid and normalisation now live in src/model/lvModelGrid.ts (shared with the explorer). */
export { LV_CHANNELS, LV_MODEL_GRID, LV_SDF_CLIP_MM } from '../../src/model/lvModelGrid';

export interface LvCohort {
  subjects: LvSubject[];
  /** Encoder input [n, 32, 32, 32, 2]: per subject [z][y][x][channel], normalised myocardium SDF. */
  x: Float32Array;
  /**
   * Decoder target [n, 24, 24, 24, 4]: per subject [z][y][x][channel], the solids (ED solid, ED
   * cavity, ES solid, ES cavity) normalised by LV_SOLID_CLIP_MM.
   */
  t: Float32Array;
  /** 1 = HCM, 0 = healthy, 2 = no class (a real heart of another group: shape only). */
  y: Uint8Array;
  n: number;
  /** Voxels per channel of x. */
  voxels: number;
  /** Voxels per channel of t. */
  targetVoxels: number;
}

const clamp1 = (v: number): number => (v < -1 ? -1 : v > 1 ? 1 : v);

/**
 * One subject in the tensor layouts the networks use ([z][y][x][channel], tfjs NDHWC with D = z,
 * H = y, W = x): the encoder input (myocardium composed from the phantom's solids exactly as an
 * imported or decoded heart is) into `x` at `xOffset`, the decoder target into `t` at `tOffset`.
 */
export function writeSubjectTensor(
  s: LvSubject,
  x: Float32Array,
  xOffset: number,
  t: Float32Array,
  tOffset: number,
): void {
  const grid = LV_MODEL_GRID;
  const voxels = grid.dims[0] * grid.dims[1] * grid.dims[2];
  const tv = LV_DECODER_GRID.dims[0] * LV_DECODER_GRID.dims[1] * LV_DECODER_GRID.dims[2];
  LV_CHANNELS.forEach((phase, c) => {
    const f = lvSolidFields(s.params, phase, grid);
    const myo = composeMyocardium(f.solid, f.cavity, grid, LV_COMPOSITION, f.solid);
    for (let v = 0; v < voxels; v++) x[xOffset + v * 2 + c] = clamp1((myo[v] as number) / LV_SDF_CLIP_MM);
    const g = lvSolidFields(s.params, phase, LV_DECODER_GRID);
    for (let v = 0; v < tv; v++) {
      t[tOffset + v * 4 + 2 * c] = clamp1((g.solid[v] as number) / LV_SOLID_CLIP_MM);
      t[tOffset + v * 4 + 2 * c + 1] = clamp1((g.cavity[v] as number) / LV_SOLID_CLIP_MM);
    }
  });
}

const gridVoxels = (g: VolumeGrid): number => g.dims[0] * g.dims[1] * g.dims[2];

/** A cohort of n subjects (half HCM) drawn with `seed` from population `version`. */
export function buildLvCohort(
  seed: number,
  n: number,
  version: LvPopulationVersion = LV_POPULATION_VERSION,
): LvCohort {
  const subjects = sampleLvCohort(seed, n, 0.5, version);
  const voxels = gridVoxels(LV_MODEL_GRID);
  const targetVoxels = gridVoxels(LV_DECODER_GRID);
  const x = new Float32Array(n * voxels * 2);
  const t = new Float32Array(n * targetVoxels * 4);
  const y = new Uint8Array(n);
  subjects.forEach((s, i) => {
    writeSubjectTensor(s, x, i * voxels * 2, t, i * targetVoxels * 4);
    y[i] = s.cls === 'hcm' ? 1 : 0;
  });
  return { subjects, x, t, y, n, voxels, targetVoxels };
}

/**
 * Real patients of the development set as a cohort: each imported like a user's file (the one import,
 * src/pipeline/lv/importLv.ts) and rolled about its long axis `rolls` times evenly over ±`rollDeg`.
 * Class from the ACDC group: HCM 1, NOR 0, others 2 (shape only). With `augment`, each patient also
 * gives `copies` augmented hearts (augmentLabels.ts: a smooth warp, slice shifts, a missing end
 * slice; each at a random roll within ±`rollDeg`), imported the same way; an augmented copy the
 * import refuses is replaced by the next draw.
 */
export function buildRealLvCohort(
  root: string,
  ids: readonly string[],
  rolls: number,
  rollDeg: number,
  augment?: LabelAugmentation & { copies: number; seed: number },
): LvCohort & { ids: string[]; augmented: number } {
  const voxels = LV_MODEL_GRID.dims[0] * LV_MODEL_GRID.dims[1] * LV_MODEL_GRID.dims[2];
  const rows: { x: Float32Array; t: Float32Array; y: number }[] = [];
  for (const id of ids) {
    const [f, p] = id.split('/') as [string, string];
    const file = path.join(root, f, `${p}_ED_gt.nii.gz`);
    if (!existsSync(file)) {
      throw new UserInputError(
        `training needs the real patient ${id} of the development set, not found at ${file}; put the development set at ../shared/realdata beside the project`,
      );
    }
  }
  let augmented = 0;
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
    const ed = read('ED');
    const es = read('ES');
    const prep = prepareLvImport(ed, es);
    for (let r = 0; r < rolls; r++) {
      const deg = rolls === 1 ? 0 : -rollDeg + (2 * rollDeg * r) / (rolls - 1);
      const imp = canonicaliseLv(prep, (deg * Math.PI) / 180);
      // importLv's layout is x fastest, channels interleaved: the same as writeSubjectTensor's.
      rows.push({ x: imp.modelInput, t: imp.solidTarget, y });
    }
    if (augment && augment.copies > 0) {
      // One stream per patient, so a patient's copies do not depend on which patients precede it.
      const rng = createRng(augment.seed + 7907 * (ids.indexOf(id) + 1));
      let made = 0;
      for (let tries = 0; made < augment.copies && tries < 3 * augment.copies; tries++) {
        const a = augmentLabelPair(rng, ed, es, augment);
        const deg = -rollDeg + 2 * rollDeg * rng.next();
        let imp: ReturnType<typeof canonicaliseLv>;
        try {
          imp = canonicaliseLv(prepareLvImport(a.ed, a.es), (deg * Math.PI) / 180);
        } catch {
          continue;
        }
        rows.push({ x: imp.modelInput, t: imp.solidTarget, y });
        made++;
        augmented++;
      }
    }
  }
  const targetVoxels = gridVoxels(LV_DECODER_GRID);
  const x = new Float32Array(rows.length * voxels * 2);
  const t = new Float32Array(rows.length * targetVoxels * 4);
  const y = new Uint8Array(rows.length);
  rows.forEach((r, i) => {
    x.set(r.x, i * voxels * 2);
    t.set(r.t, i * targetVoxels * 4);
    y[i] = r.y;
  });
  return { subjects: [], x, t, y, n: rows.length, voxels, targetVoxels, ids: [...ids], augmented };
}

/** Two cohorts as one (subjects of the first, then the second). */
export function concatCohorts(a: LvCohort, b: LvCohort): LvCohort {
  const x = new Float32Array(a.x.length + b.x.length);
  x.set(a.x);
  x.set(b.x, a.x.length);
  const t = new Float32Array(a.t.length + b.t.length);
  t.set(a.t);
  t.set(b.t, a.t.length);
  const y = new Uint8Array(a.n + b.n);
  y.set(a.y);
  y.set(b.y, a.n);
  return {
    subjects: [...a.subjects, ...b.subjects],
    x,
    t,
    y,
    n: a.n + b.n,
    voxels: a.voxels,
    targetVoxels: a.targetVoxels,
  };
}
