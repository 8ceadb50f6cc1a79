/**
 * A shipped cardiac model in the browser (or any tfjs runtime with fetch): the manifest, validated
 * once with specific messages, and its component networks loaded from public/models/<id>/. Decoding
 * returns typed arrays; no tensor outlives a call.
 */
import * as tf from '@tensorflow/tfjs';
import { representationOf, unpackDecoded, type LvDecoded } from './lvDecoded';

export interface LvModelManifest {
  schema: number;
  id: string;
  title: string;
  anatomy: 'lv';
  kind: 'vae' | 'ladder-vae';
  channels: string[];
  /**
   * 'normalised-sdf': the decoder gives each phase's myocardium SDF (× clipMm = mm).
   * 'solid-cavity-sdf': it gives each phase's epicardial solid and cavity (× solidClipMm = mm) on
   * grid.decoder, composed into the myocardium with the least wall minWallMm and the base plane
   * baseZMm (geometry/lvComposition.ts); clipMm is then the encoder input's normalisation.
   */
  representation: {
    kind: string;
    clipMm: number;
    solidClipMm?: number;
    minWallMm?: number;
    baseZMm?: number;
  };
  grid: {
    internal: {
      dims: [number, number, number];
      spacingMm: [number, number, number];
      originMm: [number, number, number];
    };
    output: {
      dims: [number, number, number];
      spacingMm: [number, number, number];
      originMm: [number, number, number];
    };
    /** The decoder's output grid when it differs from `internal` (solid–cavity models). */
    decoder?: {
      dims: [number, number, number];
      spacingMm: [number, number, number];
      originMm: [number, number, number];
    };
  };
  latent: { levels: { name: string; size: number }[]; stats?: LatentLevelStats[] };
  classifier?: { classes?: string[] };
  files: Record<string, string>;
  metrics?: unknown;
  /** Version of the synthetic population its synthetic hearts came from (src/anatomy/lvPopulation.ts). */
  generatorVersion?: number;
  /** How the model was trained (training code reads it; the app shows it). */
  training?: Record<string, unknown> & { batch: number; testSeed: number; testN: number };
  /** What the model was trained or tuned on, with licences (real data must be named here). */
  trainingData?: { name: string; licence: string; citation?: string; subjects?: string[] }[];
}

/**
 * Where a model's files come from: over HTTP in the page and the worker ({@link httpModelFiles}),
 * from the file system in Node (training/lv/loadModel.ts). Paths are relative to the model folder.
 */
export interface ModelFiles {
  /** The model folder, for messages. */
  readonly root: string;
  /** Parses a JSON file; rejects with a message naming the file. */
  json(rel: string): Promise<unknown>;
  /** Loads a tfjs LayersModel from its model.json. */
  layers(rel: string): Promise<tf.LayersModel>;
}

/** A model folder served over HTTP (`root` such as `/models/lv-lvae`). */
export function httpModelFiles(root: string): ModelFiles {
  return {
    root,
    async json(rel) {
      const res = await fetch(`${root}/${rel}`);
      if (!res.ok) throw new Error(`${root}/${rel} not found (HTTP ${res.status})`);
      return res.json().catch(() => null);
    },
    layers: (rel) => tf.loadLayersModel(`${root}/${rel}`),
  };
}

/** Per-class statistics of the training codes' means on one latent level (from the manifest). */
export interface LatentLevelStats {
  name: string;
  size: number;
  perClass: Record<string, { mean: number[]; sd: number[]; n: number }>;
  /**
   * The training codes by source (synthetic healthy, synthetic HCM, real patients), each a diagonal
   * Gaussian: a code's distance from the population is its distance from the closest group.
   */
  groups?: { name: string; mean: number[]; sd: number[]; n: number }[];
  /** Every training code of a 2-D top level, with its class (0 = healthy, 1 = HCM). */
  points?: { z: number[]; cls: number }[];
}

export interface LvModel {
  manifest: LvModelManifest;
  /** Where the model's files are (the encoder loads lazily from there). */
  files: ModelFiles;
  decoder: tf.LayersModel;
  classifier: tf.LayersModel;
  /** topDown[l]: z_{l+1} → [μp_l, log σp_l²]. */
  topDown: tf.LayersModel[];
  /** The encoder, when it was asked for at load time (else the session loads it on first use). */
  encoder: tf.LayersModel | null;
  dispose(): void;
}

/** Checks a parsed manifest and says exactly what is wrong with it. */
export function validateLvManifest(m: unknown, where: string): LvModelManifest {
  const fail = (what: string): never => {
    throw new Error(`${where}: ${what}`);
  };
  if (typeof m !== 'object' || m === null) return fail('not a JSON object');
  const o = m as Partial<LvModelManifest>;
  if (o.schema !== 1) fail(`unsupported manifest schema ${String(o.schema)} (this app reads schema 1)`);
  if (o.anatomy !== 'lv') fail(`anatomy is ${String(o.anatomy)}, expected lv`);
  if (!o.latent?.levels?.length || o.latent.levels.some((l) => !(l.size > 0)))
    fail('latent.levels is missing or has a level without a size');
  const dims = o.grid?.internal?.dims;
  if (!dims || dims.length !== 3 || dims.some((d) => !(d > 0)))
    fail('grid.internal.dims must be three positive sizes');
  if (!Array.isArray(o.channels) || o.channels.join(',') !== 'ED,ES')
    fail(`channels must be ["ED", "ES"] (the decoder's last axis); got ${JSON.stringify(o.channels)}`);
  if (!(o.representation?.clipMm && o.representation.clipMm > 0))
    fail('representation.clipMm must be a positive number of mm');
  if (o.representation?.kind === 'solid-cavity-sdf') {
    const r = o.representation;
    if (!(r.solidClipMm && r.solidClipMm > 0))
      fail('representation.solidClipMm must be a positive number of mm');
    if (!(r.minWallMm !== undefined && r.minWallMm >= 0)) fail('representation.minWallMm must be ≥ 0 mm');
    if (!Number.isFinite(r.baseZMm)) fail('representation.baseZMm must be a number of mm');
    const dd = o.grid?.decoder?.dims;
    if (!dd || dd.length !== 3 || dd.some((d) => !(d > 0)))
      fail('grid.decoder.dims must be three positive sizes');
  } else if (o.representation?.kind !== 'normalised-sdf') {
    fail(
      `representation.kind ${JSON.stringify(o.representation?.kind)} is not one this app reads (normalised-sdf, solid-cavity-sdf)`,
    );
  }
  for (const f of ['decoder', 'classifier']) if (!o.files?.[f]) fail(`files.${f} is missing`);
  return o as LvModelManifest;
}

/** Loads `<base>/<id>/manifest.json` and its networks over HTTP. `base` is a URL prefix such as `/models`. */
export async function loadLvModel(
  base: string,
  id: string,
  onProgress?: (fraction: number) => void,
): Promise<LvModel> {
  return loadLvModelFrom(httpModelFiles(`${base.replace(/\/$/, '')}/${id}`), id, { onProgress });
}

/**
 * The one loader of a cardiac model, for every runtime: reads and validates the manifest once, then
 * loads the decoder, classifier and top-down networks (and the encoder when `withEncoder`).
 */
export async function loadLvModelFrom(
  files: ModelFiles,
  id: string,
  opts: { onProgress?: (fraction: number) => void; withEncoder?: boolean } = {},
): Promise<LvModel> {
  let raw: unknown;
  try {
    raw = await files.json('manifest.json');
  } catch (err) {
    throw new Error(
      `model ${id}: manifest not found at ${files.root}/manifest.json (${(err as Error).message})`,
      {
        cause: err,
      },
    );
  }
  const manifest = validateLvManifest(raw, `${files.root}/manifest.json`);
  const names = [
    'decoder',
    'classifier',
    ...manifest.latent.levels.slice(0, -1).map((_, l) => `prior_z${l + 1}`),
    ...(opts.withEncoder ? ['encoder'] : []),
  ];
  const loaded: Record<string, tf.LayersModel> = {};
  let done = 0;
  for (const name of names) {
    const rel = manifest.files[name];
    if (!rel) throw new Error(`model ${id}: manifest lists no '${name}' network`);
    try {
      loaded[name] = await files.layers(rel);
    } catch (err) {
      Object.values(loaded).forEach((m) => m.dispose());
      throw new Error(
        `model ${id}: the '${name}' network (${files.root}/${rel}) could not be loaded: ${(err as Error).message}`,
        { cause: err },
      );
    }
    opts.onProgress?.(++done / names.length);
  }
  const topDown = names.filter((n) => n.startsWith('prior_')).map((n) => loaded[n] as tf.LayersModel);
  const all = Object.values(loaded);
  return {
    manifest,
    files,
    decoder: loaded.decoder as tf.LayersModel,
    classifier: loaded.classifier as tf.LayersModel,
    topDown,
    encoder: loaded.encoder ?? null,
    dispose: () => all.forEach((m) => m.dispose()),
  };
}

/** Decodes one bottom-level code (tfjs) to both phases as the decoder gives them (lvDecoded.ts). */
export async function decodeLv(model: LvModel, z1: Float32Array): Promise<LvDecoded> {
  const out = tf.tidy(() => model.decoder.apply(tf.tensor2d(z1, [1, z1.length])) as tf.Tensor);
  try {
    return unpackDecoded((await out.data()) as Float32Array, representationOf(model.manifest));
  } finally {
    out.dispose();
  }
}
