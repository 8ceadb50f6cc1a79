/**
 * Loading and running a shipped fetal skull model (skull-cvae, skull-hcvae) in the browser worker or
 * in Node: manifest validation, component loading through an injected loader, and prediction of the
 * outer skull surface from 1–3 plane profiles with K samples of the conditional prior for the
 * per-vertex uncertainty.
 */
import * as tf from '@tensorflow/tfjs';
import { conditionOf, generateRadii, priorPass, type SkullModelSpec, type SkullNets } from './skullCvae';

/** What a skull manifest must hold (validated by {@link validateSkullManifest}). */
export interface SkullManifest {
  schema: number;
  id: string;
  title: string;
  anatomy: 'skull';
  kind: 'cvae' | 'hierarchical-cvae';
  spec: Omit<SkullModelSpec, 'profileMean' | 'profileScale'>;
  latent: { levels: { name: string; size: number }[] };
  planes: { required: string[]; profileMean: number[]; profileScale: number };
  surface: { kind: 'radial'; sphere: { nLat: number; nLon: number }; centreMm: [number, number, number] };
  volume: {
    dims: [number, number, number];
    spacingMm: [number, number, number];
    originMm: [number, number, number];
  };
  files: Record<string, string>;
  metrics: unknown;
  /**
   * Prior temperature per set of planes present (keys 'axial', 'axial+sagittal', 'axial+coronal',
   * 'axial+sagittal+coronal'), fitted on validation skulls so that the samples' per-vertex SD matches
   * the prediction's RMS error; absent = 1.
   */
  calibration?: { priorScale?: Record<string, number> };
}

/** Key of a set of planes present, as used by the manifest's calibration. */
export function planeSetKey(sagittal: boolean, coronal: boolean): string {
  return ['axial', ...(sagittal ? ['sagittal'] : []), ...(coronal ? ['coronal'] : [])].join('+');
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isInt = (v: unknown, min = 1): v is number => Number.isInteger(v) && (v as number) >= min;

/** Checks a parsed manifest; throws an Error naming the first thing wrong and where. */
export function validateSkullManifest(m: unknown, where: string): SkullManifest {
  const bad = (what: string): never => {
    throw new Error(`${where}: not a valid skull model manifest (${what})`);
  };
  if (typeof m !== 'object' || m === null) return bad('expected a JSON object');
  const o = m as Record<string, unknown>;
  if (o.schema !== 1) bad(`unsupported schema ${String(o.schema)}; this app reads schema 1`);
  if (o.anatomy !== 'skull') bad(`anatomy is '${String(o.anatomy)}', expected 'skull'`);
  if (o.kind !== 'cvae' && o.kind !== 'hierarchical-cvae') bad(`unknown kind '${String(o.kind)}'`);
  const spec = o.spec as Record<string, unknown> | undefined;
  if (!spec) return bad('missing spec');
  const latent = spec.latent;
  if (!Array.isArray(latent) || latent.length === 0 || !latent.every((d) => isInt(d))) bad('spec.latent');
  for (const k of ['profileN', 'featureN', 'basisK', 'vertices']) if (!isInt(spec[k])) bad(`spec.${k}`);
  const planes = o.planes as Record<string, unknown> | undefined;
  const pm = planes?.profileMean;
  if (!Array.isArray(pm) || pm.length !== 3 * (spec.profileN as number) || !pm.every(isNum))
    bad('planes.profileMean');
  if (!isNum(planes?.profileScale) || (planes?.profileScale as number) <= 0) bad('planes.profileScale');
  const surface = o.surface as Record<string, unknown> | undefined;
  const sphere = surface?.sphere as Record<string, unknown> | undefined;
  if (surface?.kind !== 'radial' || !isInt(sphere?.nLat, 2) || !isInt(sphere?.nLon, 3)) bad('surface');
  if ((sphere?.nLat as number) * (sphere?.nLon as number) + 2 !== spec.vertices)
    bad('surface grid ≠ spec.vertices');
  const files = o.files as Record<string, unknown> | undefined;
  if (!files || typeof files !== 'object') return bad('missing files');
  for (const name of skullComponents(latent as number[])) {
    if (typeof files[name] !== 'string') bad(`files.${name} missing`);
  }
  return m as SkullManifest;
}

/** Component file keys in load order. */
export function skullComponents(latent: readonly number[]): string[] {
  return [
    'plane_axial',
    'plane_sagittal',
    'plane_coronal',
    ...latent.map((_, l) => `prior_z${l + 1}`),
    'generator',
    'basis',
    'posterior',
  ];
}

/** A loaded skull model. */
export interface SkullModel {
  manifest: SkullManifest;
  spec: SkullModelSpec;
  nets: SkullNets;
  dispose(): void;
}

/**
 * Loads a skull model given its manifest and a loader for one component (`files[name]` path relative
 * to the model folder).
 */
export async function loadSkullModelWith(
  manifest: SkullManifest,
  loadComponent: (relPath: string) => Promise<tf.LayersModel>,
): Promise<SkullModel> {
  const s = manifest.spec;
  const names = skullComponents(s.latent);
  const models: tf.LayersModel[] = [];
  try {
    for (const name of names) models.push(await loadComponent(manifest.files[name] as string));
  } catch (e) {
    for (const m of models) m.dispose();
    throw e;
  }
  const L = s.latent.length;
  const nets: SkullNets = {
    planes: models.slice(0, 3),
    priors: models.slice(3, 3 + L),
    generator: models[3 + L] as tf.LayersModel,
    basis: models[4 + L] as tf.LayersModel,
    posterior: models[5 + L] as tf.LayersModel,
  };
  const spec: SkullModelSpec = {
    ...s,
    profileMean: Float32Array.from(manifest.planes.profileMean),
    profileScale: manifest.planes.profileScale,
  };
  return { manifest, spec, nets, dispose: () => models.forEach((m) => m.dispose()) };
}

/** Plane profiles given to a prediction (mm, canonical frames); axial required. */
export interface SkullPlaneProfiles {
  axial: Float32Array;
  sagittal?: Float32Array | null;
  coronal?: Float32Array | null;
}

/** A prediction: the mean surface, K samples and their per-vertex spread. */
export interface SkullPrediction {
  /** Radii of the prediction from the prior means (mm), [vertices]. */
  radii: Float32Array;
  /** K sampled surfaces, [K][vertices]. */
  samples: Float32Array;
  /**
   * Per-vertex standard deviation of the radius (mm): the samples' spread, combined in quadrature with
   * the head detector's own uncertainty when given (`outline.relSd` × the vertex's radius: a doubtful
   * outline makes the whole head's size doubtful).
   */
  stdMm: Float32Array;
  /** The samples' spread alone, per vertex (mm). */
  modelStdMm: Float32Array;
  /** The detector's relative size SD that entered `stdMm` (0 when none was given). */
  outlineRelSd: number;
  /** Mean and 95th percentile of stdMm over the surface (mm). */
  uncertainty: { meanMm: number; p95Mm: number };
  /** Planes used; for the CVAE, planes it had to fill with the training mean. */
  planesUsed: string[];
  planesFilled: string[];
  /** Prior temperature used for the samples (the manifest's calibration for these planes, or 1). */
  priorScale: number;
}

/**
 * Predicts the outer skull surface from plane profiles, with `k` samples of the conditional prior
 * (k ≥ 2) for the uncertainty. Deterministic for a given `seed`. No tensors outlive the call.
 */
export async function predictSkull(
  model: SkullModel,
  planes: SkullPlaneProfiles,
  k = 16,
  seed = 1,
  outline: { relSd?: number } = {},
): Promise<SkullPrediction> {
  const outlineRelSd = outline.relSd ?? 0;
  if (!(Number.isFinite(outlineRelSd) && outlineRelSd >= 0 && outlineRelSd < 1))
    throw new RangeError(`outline.relSd must be a relative SD in [0, 1); got ${outlineRelSd}`);
  const { spec, nets } = model;
  const n = spec.profileN;
  const V = spec.vertices;
  if (!Number.isInteger(k) || k < 2 || k > 256)
    throw new RangeError(`K must be an integer in 2–256; got ${k}`);
  const given = [planes.axial, planes.sagittal ?? null, planes.coronal ?? null];
  given.forEach((p, i) => {
    if (p && (p.length !== n || !p.every((v) => Number.isFinite(v) && v > 0))) {
      throw new RangeError(
        `${['axial', 'sagittal', 'coronal'][i]} profile must be ${n} positive radii in mm`,
      );
    }
  });
  if (!given[0]) throw new RangeError('the axial plane is required');
  const planesUsed = ['axial', 'sagittal', 'coronal'].filter((_, i) => given[i]);
  const planesFilled = spec.hierarchical ? [] : ['sagittal', 'coronal'].filter((_, i) => !given[i + 1]);
  const scale = model.manifest.calibration?.priorScale?.[planeSetKey(!!given[1], !!given[2])] ?? 1;
  const B = k + 1; // row 0: prior means; rows 1..k: samples
  const out = tf.tidy(() => {
    const prof = [0, 1, 2].map((kind) => {
      const p = given[kind];
      const row = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const mean = spec.profileMean[kind * n + i] as number;
        row[i] = p ? ((p[i] as number) - mean) / spec.profileScale : 0;
      }
      return tf.tile(tf.tensor2d(row, [1, n]), [B, 1]) as tf.Tensor2D;
    }) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    const m = (present: boolean) => tf.fill([B, 1], spec.hierarchical ? (present ? 1 : 0) : 1) as tf.Tensor2D;
    const cond = conditionOf(nets, prof, m(!!given[1]), m(!!given[2]));
    const condMean = cond.slice([0, 0], [1, -1]) as tf.Tensor2D;
    const condSamp = cond.slice([1, 0], [k, -1]) as tf.Tensor2D;
    const mean = generateRadii(nets, priorPass(nets, spec, condMean, 'mean').z, condMean).radii;
    const samp = generateRadii(
      nets,
      priorPass(nets, spec, condSamp, 'sample', undefined, seed, scale).z,
      condSamp,
    ).radii;
    return [mean, samp];
  });
  try {
    const radii = (await (out[0] as tf.Tensor).data()) as Float32Array;
    const samples = (await (out[1] as tf.Tensor).data()) as Float32Array;
    const stdMm = new Float32Array(V);
    const modelStdMm = new Float32Array(V);
    for (let v = 0; v < V; v++) {
      let s = 0;
      let ss = 0;
      for (let j = 0; j < k; j++) {
        const r = samples[j * V + v] as number;
        s += r;
        ss += r * r;
      }
      const mu = s / k;
      const sdModel = Math.sqrt(Math.max(0, (ss - k * mu * mu) / (k - 1)));
      modelStdMm[v] = sdModel;
      const sdOutline = outlineRelSd * (radii[v] as number);
      stdMm[v] = Math.sqrt(sdModel * sdModel + sdOutline * sdOutline);
    }
    const sorted = Float32Array.from(stdMm).sort();
    const meanMm = stdMm.reduce((a, b) => a + b, 0) / V;
    const p95Mm = sorted[Math.min(V - 1, Math.floor(0.95 * (V - 1)))] as number;
    return {
      radii,
      samples,
      stdMm,
      modelStdMm,
      outlineRelSd,
      uncertainty: { meanMm, p95Mm },
      planesUsed,
      planesFilled,
      priorScale: scale,
    };
  } finally {
    tf.dispose(out);
  }
}
