/**
 * Writes a trained cardiac model as data: one TF.js LayersModel folder per component (float16
 * weights, 8-bit codes for the large ones: LV_UINT8_MIN_ELEMENTS) and a manifest.json describing grids, representation,
 * latent layout, classes, the training population's codes per class (for the explorer's slider
 * backgrounds and latent map) and the training configuration; then lists it in
 * public/models/index.json.
 */
import * as tf from '@tensorflow/tfjs';
import { readFile, writeFile, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { lvGrid } from '../../src/anatomy/lvPhantom';
import { saveLayersModel } from '../tf/saveLayersModel';
import { LV_MODEL_GRID, LV_SDF_CLIP_MM, type LvCohort } from './cohort';
import { LV_DECODER_GRID, LV_SOLID_CLIP_MM } from '../../src/model/lvModelGrid';
import { LV_COMPOSITION } from '../../src/geometry/lvComposition';
import { ACDC_TRAINING_DATA } from './config';
import type { LvTrainConfig } from './config';
import { lvForward } from './model';
import type { LvNetworks } from './networks';

/**
 * Weights with at least this many values are stored as 8-bit codes: the decoder's output basis
 * (K × 55,296, most of a model's bytes) and the larger dense and convolution kernels. Measured on ten
 * held-out real hearts with lv-vae, those codes move the fitted Dice by under 0.001 and p(HCM) by
 * under 0.001. The encoder's shape projection (8,192 × K, {@link LV_FLOAT16_WEIGHTS}) stays float16:
 * its coefficients are small differences of large sums, and 8-bit codes of it dropped the
 * encoder-mean Dice of a real heart from 0.86 to 0.25.
 */
export const LV_UINT8_MIN_ELEMENTS = 50_000;
export const LV_FLOAT16_WEIGHTS = ['shape_proj/kernel'] as const;

export const MANIFEST_SCHEMA = 1;

export interface LatentLevelStats {
  name: string;
  size: number;
  /** Per class: mean and SD of the latent means of the training subjects, per dimension. */
  perClass: Record<'healthy' | 'hcm', { mean: number[]; sd: number[]; n: number }>;
  /** The training codes by source (see src/model/lvModel.ts): the population check's groups. */
  groups?: { name: string; mean: number[]; sd: number[]; n: number }[];
  /** For 2-D levels (and up to 400 subjects): every training code and its class, for scatter plots. */
  points?: { z: number[]; cls: 0 | 1 }[];
}

/** Latent means of every subject of a cohort, per level (bottom → top). */
export function cohortCodes(nets: LvNetworks, cfg: LvTrainConfig, c: LvCohort): Float32Array[] {
  const size = LV_MODEL_GRID.dims[0];
  const per = c.voxels * 2;
  const out = cfg.latent.map((n) => new Float32Array(c.n * n));
  for (let s = 0; s < c.n; s += cfg.batch) {
    const m = Math.min(cfg.batch, c.n - s);
    const means = tf.tidy(() => {
      const x = tf.tensor5d(c.x.slice(s * per, (s + m) * per), [m, size, size, size, 2]);
      return lvForward(nets, cfg.latent, x, false).means.map((t) => t.dataSync().slice());
    });
    means.forEach((arr, l) => out[l]?.set(arr, s * (cfg.latent[l] ?? 0)));
  }
  return out;
}

/** Mean and SD per dimension of the codes of `rows`, rounded for the manifest. */
function gaussianOf(
  codes: Float32Array,
  size: number,
  rows: number[],
): { mean: number[]; sd: number[]; n: number } {
  const mean = new Array<number>(size).fill(0);
  const sd = new Array<number>(size).fill(0);
  for (const i of rows)
    for (let d = 0; d < size; d++) mean[d] = (mean[d] ?? 0) + (codes[i * size + d] ?? 0) / rows.length;
  for (const i of rows)
    for (let d = 0; d < size; d++)
      sd[d] =
        (sd[d] ?? 0) + ((codes[i * size + d] ?? 0) - (mean[d] ?? 0)) ** 2 / Math.max(1, rows.length - 1);
  return {
    mean: mean.map((v) => +v.toFixed(4)),
    sd: sd.map((v) => +Math.sqrt(v).toFixed(4)),
    n: rows.length,
  };
}

/** The training codes by source: synthetic healthy, synthetic HCM (rows < nSynthetic), real patients. */
function sourceGroups(
  codes: Float32Array,
  n: number,
  size: number,
  y: Uint8Array,
  nSynthetic: number,
): NonNullable<LatentLevelStats['groups']> {
  const rows = (keep: (i: number) => boolean) => Array.from({ length: n }, (_, i) => i).filter(keep);
  const groups = [
    {
      name: 'synthetic healthy',
      ...gaussianOf(
        codes,
        size,
        rows((i) => i < nSynthetic && y[i] === 0),
      ),
    },
    {
      name: 'synthetic hcm',
      ...gaussianOf(
        codes,
        size,
        rows((i) => i < nSynthetic && y[i] === 1),
      ),
    },
    {
      name: 'real patients',
      ...gaussianOf(
        codes,
        size,
        rows((i) => i >= nSynthetic),
      ),
    },
  ];
  return groups.filter((g) => g.n > 1);
}

export function levelStats(
  codes: Float32Array,
  n: number,
  size: number,
  y: Uint8Array,
  name: string,
  nSynthetic = n,
): LatentLevelStats {
  const perClass = {} as LatentLevelStats['perClass'];
  (['healthy', 'hcm'] as const).forEach((cls, ci) => {
    perClass[cls] = gaussianOf(
      codes,
      size,
      Array.from({ length: n }, (_, i) => i).filter((i) => y[i] === ci),
    );
  });
  const stats: LatentLevelStats = {
    name,
    size,
    perClass,
    groups: sourceGroups(codes, n, size, y, nSynthetic),
  };
  if (size <= 2) {
    stats.points = Array.from({ length: n }, (_, i) => i)
      .filter((i) => y[i] === 0 || y[i] === 1)
      .slice(0, 400)
      .map((i) => ({
        z: Array.from(codes.subarray(i * size, (i + 1) * size), (v) => +v.toFixed(3)),
        cls: (y[i] === 1 ? 1 : 0) as 0 | 1,
      }));
  }
  return stats;
}

export async function exportLvModel(
  nets: LvNetworks,
  cfg: LvTrainConfig,
  train: LvCohort,
  modelsDir: string,
  info: { trainMinutes: number; backend: string },
): Promise<void> {
  // Written into a temporary folder beside the model's, which replaces it only when complete: an
  // export that fails half-way leaves the previous model as it was, never a partial one.
  const final = path.join(modelsDir, cfg.id);
  const dir = `${final}.tmp-${process.pid}`;
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const files: Record<string, string> = {};
  const parts: [string, tf.LayersModel][] = [
    ['encoder', nets.encoder],
    ['decoder', nets.decoder],
    ['classifier', nets.classifier],
    ...nets.topDown.map((m, l): [string, tf.LayersModel] => [`prior_z${l + 1}`, m]),
  ];
  let bytes = 0;
  for (const [name, model] of parts) {
    // 8-bit codes for the large weights (error ≤ half a step of each one's range), float16 for the rest.
    const saved = await saveLayersModel(model, path.join(dir, name), {
      float16: true,
      uint8MinElements: LV_UINT8_MIN_ELEMENTS,
      uint8Except: LV_FLOAT16_WEIGHTS,
    });
    files[name] = `${name}/model.json`;
    bytes += saved.modelJsonBytes + saved.weightsBytes;
  }
  const codes = cohortCodes(nets, cfg, train);
  const levels = cfg.latent.map((size, l) =>
    levelStats(codes[l] as Float32Array, train.n, size, train.y, `z${l + 1}`, train.subjects.length),
  );
  const out = lvGrid();
  const manifest = {
    schema: MANIFEST_SCHEMA,
    id: cfg.id,
    title: cfg.title,
    anatomy: 'lv',
    kind: cfg.latent.length > 1 ? 'ladder-vae' : 'vae',
    channels: ['ED', 'ES'],
    representation: {
      kind: 'solid-cavity-sdf',
      clipMm: LV_SDF_CLIP_MM,
      solidClipMm: LV_SOLID_CLIP_MM,
      minWallMm: LV_COMPOSITION.minWallMm,
      baseZMm: LV_COMPOSITION.baseZMm,
      insideNegative: true,
      note: 'encoder input: the myocardium SDF × 1/clipMm on grid.internal; decoder output per voxel of grid.decoder: ED solid, ED cavity, ES solid, ES cavity, each × solidClipMm = signed distance (mm, < 0 inside); myocardium = max(solid, −max(cavity, solid + minWallMm), z − baseZMm), the solids read at min(z, baseZMm − minWallMm) (src/geometry/lvComposition.ts)',
    },
    grid: {
      internal: {
        dims: LV_MODEL_GRID.dims,
        spacingMm: LV_MODEL_GRID.spacing,
        originMm: LV_MODEL_GRID.origin,
      },
      decoder: {
        dims: LV_DECODER_GRID.dims,
        spacingMm: LV_DECODER_GRID.spacing,
        originMm: LV_DECODER_GRID.origin,
      },
      output: { dims: out.dims, spacingMm: out.spacing, originMm: out.origin, resample: 'trilinear' },
      layout:
        'NDHWC with D = z, H = y, W = x (x fastest); encoder channels ED, ES; decoder channels ED solid, ED cavity, ES solid, ES cavity',
      frame: 'canonical LV: long axis z, apex at low z, base plane z = +49 mm; septum −x, anterior +y',
    },
    latent: {
      levels: cfg.latent.map((size, l) => ({ name: `z${l + 1}`, size })),
      encoderOutput: 'concat over levels bottom → top of [μ̂, log σ̂²]',
      topDown:
        cfg.latent.length > 1
          ? 'prior_z{l}: z_{l+1} → [μp, log σp²]; posterior = precision-weighted merge'
          : null,
      decoderInput: 'z1',
      stats: levels,
    },
    classifier: {
      classes: ['healthy', 'hcm'],
      input: cfg.latent.length > 1 ? `mean of z${cfg.latent.length} (top level)` : 'mean of z1',
      output: 'logit of HCM; p(HCM) = sigmoid(logit); navigation follows ∂logit/∂μ',
    },
    files,
    bytes,
    training: { ...cfg, minutes: +info.trainMinutes.toFixed(1), tfjsBackend: info.backend },
    trainingData: [
      {
        name: `synthetic LV phantoms (seed ${cfg.trainSeed}, ${cfg.trainN} subjects; src/anatomy)`,
        licence: 'generated by this project',
      },
      ...(cfg.realData ? [{ ...ACDC_TRAINING_DATA, subjects: cfg.realData.subjects }] : []),
    ],
    generatorVersion: cfg.population,
    metrics: null as unknown,
    createdAt: new Date().toISOString(),
  };
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 1));
  await replaceModelFolder(dir, final, modelsDir, {
    id: cfg.id,
    title: cfg.title,
    anatomy: 'lv',
    manifest: `${cfg.id}/manifest.json`,
  });
}

/**
 * Puts a completely written model folder `tmp` in place of `final` (the old one removed only after the
 * rename) and lists it in `modelsDir/index.json`: an export that fails half-way never leaves a partial
 * model.
 */
export async function replaceModelFolder(
  tmp: string,
  final: string,
  modelsDir: string,
  entry: { id: string; title: string; anatomy: string; manifest: string },
): Promise<void> {
  const old = `${final}.old-${process.pid}`;
  await rm(old, { recursive: true, force: true });
  await rename(final, old).catch(() => undefined);
  await rename(tmp, final);
  await rm(old, { recursive: true, force: true });
  await updateIndex(modelsDir, entry);
}

export async function updateIndex(
  modelsDir: string,
  entry: { id: string; title: string; anatomy: string; manifest: string },
): Promise<void> {
  const file = path.join(modelsDir, 'index.json');
  let index: { schema: number; models: (typeof entry)[] } = { schema: 1, models: [] };
  try {
    index = JSON.parse(await readFile(file, 'utf8')) as typeof index;
  } catch {
    // no index yet
  }
  index.models = [...index.models.filter((m) => m.id !== entry.id), entry].sort((a, b) =>
    a.id.localeCompare(b.id),
  );
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, JSON.stringify(index, null, 2) + '\n');
  await rename(tmp, file);
}
