/**
 * Model jobs of the compute worker: a latent code → decode → (resample) → meshes, wall thickness,
 * indexes and p(HCM); a dropped file → aligned, encoded, reconstructed; the cardiac cycle between
 * the last ED and ES. Async only because tfjs reads results back asynchronously (WebGPU); the
 * geometry is the pure code the phantom jobs use.
 */
import { lvGrid } from '../anatomy/lvPhantom';
import {
  lvIndexesFromMeasures,
  lvPhaseMeasures,
  type LvPhaseMeasures,
  type LvPhaseTimings,
} from '../geometry/lvIndexes';
import { sampleTrilinear } from '../geometry/sampleVolume';
import { implausibleHeartReasons, type SurfaceTopology } from '../geometry/lvIndexValidity';
import { connectedComponents, eulerCharacteristic } from '../geometry/meshTopology';
import type { Volume } from '../geometry/types';
import { LV_MODEL_GRID } from '../model/lvModelGrid';
import { myocardiumOn, type LvDecoded } from '../model/lvDecoded';
import { codeKl, type LatentLevels, type LvSession } from '../model/lvSession';
import type { LvCycleOutcome, LvModelJob, LvOutcome, MeshPayload } from './protocol';

/** ED and ES myocardium fields of one shape (mm, < 0 inside). */
export interface LvFields {
  ed: Volume<Float32Array>;
  es: Volume<Float32Array>;
}

const now = (): number => performance.now();

/** The resampled field of one-phase (drag) jobs, reused: nothing of it outlives the job's outcome. */
let dragField: Float32Array | null = null;

/**
 * A decoded shape's myocardium on the 64³ × 1.6 mm output grid (lvDecoded.ts: resampled, and for
 * solid–cavity models composed there, one heart kept). Both qualities mesh from this grid: 'drag'
 * lets lvPhaseMeasures coarsen the myocardium to ≈ 3.2 mm for the mesh and thickness but find the
 * cavity at 1.6 mm (docs/geometry.md).
 */
export function fieldsOf(raw: LvDecoded, quality: 'drag' | 'full' = 'full'): LvFields {
  const out = lvGrid();
  // A drag composes on the 32³ grid (its mesh and thickness are coarse anyway), as one-phase drags do.
  const opts = quality === 'drag' ? { composeOn: LV_MODEL_GRID } : { oneHeart: true };
  return { ed: myocardiumOn(raw.ed, raw, out, opts), es: myocardiumOn(raw.es, raw, out, opts) };
}

/**
 * One phase's measures and payload. Thickness on ED always, on ES when asked; adds the phase's
 * duration to `timings` (`ed` or `es`, and for ED `edMesh` and `edThickness`).
 */
function measurePhase(
  field: Volume,
  phase: 'ED' | 'ES',
  thicknessPhases: readonly ('ED' | 'ES')[],
  reference: LvFields | null,
  timings: Record<string, number>,
  quality: 'drag' | 'full',
): { measures: LvPhaseMeasures; payload: MeshPayload } {
  const pt = emptyPhaseTimings();
  const t = now();
  const measures = lvPhaseMeasures(field, {
    thickness: phase === 'ED' || thicknessPhases.includes('ES'),
    quality,
    timings: pt,
  });
  timings[phase === 'ED' ? 'ed' : 'es'] = now() - t;
  if (phase === 'ED') {
    timings.edMesh = pt.mesh;
    timings.edThickness = pt.classify + pt.thickness;
  }
  const ref = reference ? (phase === 'ED' ? reference.ed : reference.es) : null;
  return { measures, payload: payloadOf(measures, ref) };
}

/** Signed distance (mm) of each vertex to a reference field's surface: > 0 outside the reference. */
export function displacementFrom(positions: Float32Array, reference: Volume): Float32Array {
  const n = positions.length / 3;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = sampleTrilinear(
      reference,
      positions[3 * i] as number,
      positions[3 * i + 1] as number,
      positions[3 * i + 2] as number,
    );
  }
  return out;
}

function payloadOf(m: LvPhaseMeasures, reference: Volume | null): MeshPayload {
  return {
    positions: m.mesh.positions,
    normals: m.mesh.normals,
    indices: m.mesh.indices,
    scalar: m.thickness?.thickness ?? null,
    displacement: reference ? displacementFrom(m.mesh.positions, reference) : null,
  };
}

/**
 * Meshes and indexes of ED/ES fields (thickness on ED always, on ES when asked). When `timings` is
 * given, the phases' durations are added to it (ms): `ed`, `es` and, of the shown-phase work, `edMesh`,
 * `edThickness`.
 */
export function measureFields(
  fields: LvFields,
  thicknessPhases: readonly ('ED' | 'ES')[],
  reference: LvFields | null,
  timings?: Record<string, number>,
  quality: 'drag' | 'full' = 'full',
): Pick<LvOutcome, 'ed' | 'es' | 'indexes'> {
  const t: Record<string, number> = timings ?? {};
  const ed = measurePhase(fields.ed, 'ED', thicknessPhases, reference, t, quality);
  const es = measurePhase(fields.es, 'ES', thicknessPhases, reference, t, quality);
  return {
    ed: ed.payload,
    es: es.payload,
    indexes: lvIndexesFromMeasures(ed.measures, es.measures),
  };
}

/** The payload of a phase a job did not compute. */
export function emptyPayload(): MeshPayload {
  return {
    positions: new Float32Array(0),
    normals: new Float32Array(0),
    indices: new Uint32Array(0),
    scalar: null,
    displacement: null,
  };
}

/**
 * One phase only (a drag job): its mesh and measures, and the indexes that depend on it alone
 * (ED: EDV, mass, maximal wall thickness; ES: ESV); the rest are NaN.
 */
export function measureOnePhase(
  field: Volume<Float32Array>,
  phase: 'ED' | 'ES',
  thicknessPhases: readonly ('ED' | 'ES')[],
  reference: LvFields | null,
  timings: Record<string, number>,
  quality: 'drag' | 'full',
): Pick<LvOutcome, 'ed' | 'es' | 'indexes'> {
  const { measures: m, payload } = measurePhase(field, phase, thicknessPhases, reference, timings, quality);
  const ed = phase === 'ED';
  return {
    ed: ed ? payload : emptyPayload(),
    es: ed ? emptyPayload() : payload,
    indexes: {
      edvMl: ed ? m.cavityMl : NaN,
      esvMl: ed ? NaN : m.cavityMl,
      svMl: NaN,
      efPct: NaN,
      massG: ed ? m.massG : NaN,
      maxWallThicknessMm: ed ? m.maxWallThicknessMm : NaN,
    },
  };
}

function emptyPhaseTimings(): LvPhaseTimings {
  return { downsample: 0, mesh: 0, cavityField: 0, volumes: 0, classify: 0, thickness: 0, total: 0 };
}

/** Standard normal draws for the lower levels' samples, from a seeded generator (mulberry32 + Box–Muller). */
export function seededEps(sizes: number[], seed: number): number[][] {
  let a = seed >>> 0;
  const uniform = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  return sizes.map((n) =>
    Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform())),
  );
}

/**
 * Whether a measured two-phase shape is a plausible heart (one closed myocardium surface at ED and ES,
 * indexes in the ranges of real hearts), with the reasons when not.
 */
export function shapeCheckOf(measured: Pick<LvOutcome, 'ed' | 'es' | 'indexes'>): {
  valid: boolean;
  reasons: string[];
} {
  const topo = (p: MeshPayload): SurfaceTopology =>
    p.indices.length === 0
      ? { components: 0, euler: 0 }
      : { components: connectedComponents(p), euler: eulerCharacteristic(p) };
  const reasons = implausibleHeartReasons(measured.indexes, { ED: topo(measured.ed), ES: topo(measured.es) });
  return { valid: reasons.length === 0, reasons };
}

/**
 * A decoded shape in the encoder's input layout: the myocardium on the encoder's grid (32³ × 3.2 mm),
 * normalised by the model's clip distance, clamped to [−1, 1], ED and ES interleaved (the layout of
 * `ImportedLv.modelInput`).
 */
export function encoderInputOf(raw: LvDecoded, clipMm: number): Float32Array {
  const ed = myocardiumOn(raw.ed, raw, LV_MODEL_GRID, { oneHeart: true }).data;
  const es = myocardiumOn(raw.es, raw, LV_MODEL_GRID, { oneHeart: true }).data;
  const input = new Float32Array(ed.length * 2);
  for (let v = 0; v < ed.length; v++) {
    input[2 * v] = Math.max(-1, Math.min(1, (ed[v] as number) / clipMm));
    input[2 * v + 1] = Math.max(-1, Math.min(1, (es[v] as number) / clipMm));
  }
  return input;
}

/**
 * The classifier's logit for a decoded shape: the shape (internal-grid fields, mm) re-encoded, and the
 * classifier applied to the top level of its code.
 */
export async function reEncodedLogit(session: LvSession, raw: LvDecoded): Promise<number> {
  const input = encoderInputOf(raw, session.manifest.representation.clipMm);
  const post = (await session.encode(input, 1))[0];
  if (!post) throw new Error('the encoder returned no code');
  return session.logit(post.mu[session.topIndex] as number[]);
}

/**
 * Runs a model job. Returns the outcome and the fields of both phases (kept by the worker as the
 * "last shape" for pins and the cycle after a full-quality job), or null fields for a one-phase job.
 */
export async function runModelJob(
  session: LvSession,
  job: LvModelJob,
  reference: LvFields | null,
): Promise<{ outcome: LvOutcome; fields: LvFields | null }> {
  if (session.manifest.id !== job.modelId)
    throw new Error(`model ${job.modelId} is not loaded (the worker holds ${session.manifest.id})`);
  const timings: Record<string, number> = {};
  let t = now();
  session.checkLevels(job.levels);
  let levels: LatentLevels = job.levels.map((l) => [...l]);
  const top = session.topIndex;
  let mode = job.lowerMode;
  let eps = job.eps;
  if (job.step && mode === 'free' && levels.length > 1) {
    // Subject-specific navigation: each lower level keeps its standardised residual from the prior,
    // ε_l = (z_l − μp_l)/σp_l, while the top level moves (no residual → the prior mean path).
    eps = await session.residuals(levels);
    mode = 'samples';
  }
  if (job.step) levels[top] = await session.step(levels[top] as number[], job.step.sign, job.step.lambda);
  const completed = await session.complete(levels, mode, eps);
  levels = completed.levels;
  const logit = await session.logit(levels[top] as number[]);
  timings.latent = now() - t;
  const only = job.phases?.length === 1 ? (job.phases[0] as 'ED' | 'ES') : null;
  let measured: Pick<LvOutcome, 'ed' | 'es' | 'indexes'>;
  let fields: LvFields | null = null;
  let shapeLogit: number | null = null;
  if (only) {
    // One phase: only its channel is decoded (JavaScript decoder), resampled and measured.
    t = now();
    const raw = await session.decodePhase(levels[0] as number[], only);
    timings.decode = now() - t;
    t = now();
    // The drag field lives only for this job: one buffer serves every one-phase update.
    const grid = lvGrid();
    dragField ??= new Float32Array(grid.dims[0] * grid.dims[1] * grid.dims[2]);
    const field = myocardiumOn(raw, session.representation, grid, {
      out: dragField,
      oneHeart: job.quality === 'full',
      // A drag's mesh and thickness are found at ≈ 3.2 mm (lvPhaseMeasures' 'drag'): compose there.
      ...(job.quality === 'drag' ? { composeOn: LV_MODEL_GRID } : {}),
    });
    timings.resample = now() - t;
    t = now();
    measured = measureOnePhase(field, only, job.thicknessPhases, reference, timings, job.quality);
    timings.meshAndMeasure = now() - t;
  } else {
    t = now();
    const raw = await session.decode(levels[0] as number[]);
    timings.decode = now() - t;
    if (job.quality === 'full' && levels.length > 1 && job.lowerMode !== 'means') {
      // The code was set below the classifier's level (edited, sampled, or an encoded file's own
      // lower levels): the shape shown is not the top level's own, so classify the shape itself.
      t = now();
      shapeLogit = await reEncodedLogit(session, raw);
      timings.shapeClassifier = now() - t;
    }
    t = now();
    fields = fieldsOf(raw, job.quality);
    timings.resample = now() - t;
    t = now();
    measured = measureFields(fields, job.thicknessPhases, reference, timings, job.quality);
    timings.meshAndMeasure = now() - t;
  }
  const klPerLevel = codeKl(levels, completed.priors, job.logvarQ);
  return {
    outcome: {
      kind: 'lv',
      ...measured,
      skippedPhase: only ? (only === 'ED' ? 'ES' : 'ED') : null,
      shapeCheck: job.quality === 'full' && !only ? shapeCheckOf(measured) : null,
      asked: null,
      params: {},
      messages: [],
      timings,
      model: {
        modelId: job.modelId,
        levels,
        lowerMode: job.lowerMode,
        logit,
        pHcm: 1 / (1 + Math.exp(-logit)),
        pHcmShape: shapeLogit === null ? null : 1 / (1 + Math.exp(-shapeLogit)),
        klPerLevel,
        klComplete: job.logvarQ !== null,
        quality: job.quality,
        logvarQ: job.logvarQ,
      },
    },
    fields,
  };
}

/**
 * Cardiac-cycle frames between ED and ES: the two signed distance fields blended linearly
 * ((1 − w)·ED + w·ES, w = 0 … 1), each meshed and coloured by wall thickness. A morph for display,
 * not a model of the intermediate phases.
 */
export function runCycleJob(fields: LvFields, frames: number): LvCycleOutcome {
  const n = Math.max(2, Math.min(16, Math.round(frames)));
  const t = now();
  const out: MeshPayload[] = [];
  for (let f = 0; f < n; f++) {
    const w = f / (n - 1);
    const a = fields.ed.data;
    const b = fields.es.data;
    const data = new Float32Array(a.length);
    for (let v = 0; v < a.length; v++) data[v] = (1 - w) * (a[v] as number) + w * (b[v] as number);
    const m = lvPhaseMeasures({ ...fields.ed, data });
    out.push({
      positions: m.mesh.positions,
      normals: m.mesh.normals,
      indices: m.mesh.indices,
      scalar: m.thickness?.thickness ?? null,
    });
  }
  return { kind: 'lv-cycle', frames: out, timings: { cycle: now() - t } };
}
