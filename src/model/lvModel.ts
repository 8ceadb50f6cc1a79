/**
 * A shipped cardiac model in the browser (or any tfjs runtime with fetch): the manifest, validated
 * once with specific messages, and its component networks loaded from public/models/<id>/. Decoding
 * returns typed arrays; no tensor outlives a call.
 */
import * as tf from '@tensorflow/tfjs';

export interface LvModelManifest {
  schema: number;
  id: string;
  title: string;
  anatomy: 'lv';
  kind: 'vae' | 'ladder-vae';
  channels: string[];
  representation: { kind: string; clipMm: number };
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
  };
  latent: { levels: { name: string; size: number }[]; stats?: LatentLevelStats[] };
  classifier?: { classes?: string[] };
  files: Record<string, string>;
  metrics?: unknown;
}

/** Per-class statistics of the training codes' means on one latent level (from the manifest). */
export interface LatentLevelStats {
  name: string;
  size: number;
  perClass: Record<string, { mean: number[]; sd: number[]; n: number }>;
  /** Every training code of a 2-D top level, with its class (0 = healthy, 1 = HCM). */
  points?: { z: number[]; cls: number }[];
}

export interface LvModel {
  manifest: LvModelManifest;
  /** Base URL of the model folder, e.g. `/models/lv-lvae`. */
  root: string;
  decoder: tf.LayersModel;
  classifier: tf.LayersModel;
  /** topDown[l]: z_{l+1} → [μp_l, log σp_l²]. */
  topDown: tf.LayersModel[];
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
  for (const f of ['decoder', 'classifier']) if (!o.files?.[f]) fail(`files.${f} is missing`);
  return o as LvModelManifest;
}

/** Loads `<base>/<id>/manifest.json` and its networks. `base` is a URL prefix such as `/models`. */
export async function loadLvModel(
  base: string,
  id: string,
  onProgress?: (fraction: number) => void,
): Promise<LvModel> {
  const root = `${base.replace(/\/$/, '')}/${id}`;
  const res = await fetch(`${root}/manifest.json`);
  if (!res.ok)
    throw new Error(`model ${id}: manifest not found at ${root}/manifest.json (HTTP ${res.status})`);
  const manifest = validateLvManifest(await res.json().catch(() => null), `${root}/manifest.json`);
  const names = [
    'decoder',
    'classifier',
    ...manifest.latent.levels.slice(0, -1).map((_, l) => `prior_z${l + 1}`),
  ];
  const loaded: Record<string, tf.LayersModel> = {};
  let done = 0;
  for (const name of names) {
    const rel = manifest.files[name];
    if (!rel) throw new Error(`model ${id}: manifest lists no '${name}' network`);
    try {
      loaded[name] = await tf.loadLayersModel(`${root}/${rel}`);
    } catch (err) {
      Object.values(loaded).forEach((m) => m.dispose());
      throw new Error(
        `model ${id}: the '${name}' network (${root}/${rel}) could not be loaded: ${(err as Error).message}`,
        { cause: err },
      );
    }
    onProgress?.(++done / names.length);
  }
  const topDown = names.filter((n) => n.startsWith('prior_')).map((n) => loaded[n] as tf.LayersModel);
  const all = Object.values(loaded);
  return {
    manifest,
    root,
    decoder: loaded.decoder as tf.LayersModel,
    classifier: loaded.classifier as tf.LayersModel,
    topDown,
    dispose: () => all.forEach((m) => m.dispose()),
  };
}

/**
 * Decodes one bottom-level code to the model's internal ED and ES fields in mm (< 0 inside the
 * myocardium), x fastest, on `manifest.grid.internal`.
 */
export async function decodeLv(
  model: LvModel,
  z1: Float32Array,
): Promise<{ ed: Float32Array; es: Float32Array }> {
  const out = tf.tidy(() => model.decoder.apply(tf.tensor2d(z1, [1, z1.length])) as tf.Tensor);
  try {
    const data = (await out.data()) as Float32Array;
    const n = data.length / 2;
    const clip = model.manifest.representation.clipMm;
    const ed = new Float32Array(n);
    const es = new Float32Array(n);
    for (let v = 0; v < n; v++) {
      ed[v] = (data[2 * v] as number) * clip;
      es[v] = (data[2 * v + 1] as number) * clip;
    }
    return { ed, es };
  } finally {
    out.dispose();
  }
}
