/**
 * Messages between the page and the compute worker. Everything here is plain data and typed arrays
 * (transferred, not copied); no tensors or class instances cross the boundary.
 */
import type { LvIndexes } from '../geometry/lvIndexes';
import type { BackendInfo, BackendName } from '../model/backendNames';
import type { LvImportReport } from './lv/importLv';
import type { LatentLevels, LowerMode } from '../model/lvSession';
import type { ModelInfo } from './modelInfo';

/** A mesh ready for the GPU: positions/normals in mm, optional per-vertex scalar (mm). */
export interface MeshPayload {
  positions: Float32Array;
  normals: Float32Array;
  indices: Uint32Array;
  /** Per-vertex scalar to colour by (LV: wall thickness in mm), or null for plain colouring. */
  scalar: Float32Array | null;
  /**
   * Per-vertex signed displacement from a pinned reference shape, mm (> 0: outside the reference's
   * myocardium), when a reference was asked for.
   */
  displacement?: Float32Array | null;
}

/** LV clinical indexes of one ED/ES pair (mL, %, g, mm). */
export type LvIndexValues = LvIndexes;

/** Skull biometry in the transventricular plane. */
export interface SkullBiometryValues {
  bpdMm: number;
  ofdMm: number;
  hcMm: number;
  cephalicIndex: number;
}

export interface LvJob {
  kind: 'lv';
  params: Record<string, number>;
  /**
   * Phases whose mesh gets per-vertex wall thickness (the costly step). ED is always measured for the
   * maximal wall thickness; ES only when it is shown.
   */
  thicknessPhases: ('ED' | 'ES')[];
}
export interface SkullJob {
  kind: 'skull';
  params: Record<string, number>;
}
/**
 * A latent code of the loaded model → ED/ES meshes, thickness, indexes, p(HCM). `levels` holds every
 * level bottom → top; with `lowerMode` 'means' or 'samples' only the top level is read and the others
 * follow the top-down prior (samples use `eps`). `step` first moves the top level one navigation step.
 */
export interface LvModelJob {
  kind: 'lv-model';
  modelId: string;
  levels: LatentLevels;
  lowerMode: LowerMode;
  eps: number[][] | null;
  step: { sign: 1 | -1; lambda: number } | null;
  thicknessPhases: ('ED' | 'ES')[];
  /** 'drag': coarse mesh and thickness (≈ 3.2 mm) with the cavity at 1.6 mm (fast); 'full': all on 64³ × 1.6 mm. */
  quality: 'drag' | 'full';
  /** Colour also by displacement from this pinned shape (see `pin` messages), or null. */
  referencePin: number | null;
  /** Posterior log-variances when the code came from the encoder (full KL), else null. */
  logvarQ: LatentLevels | null;
  /**
   * Phases to decode and measure (default both). A drag job may ask for the shown phase only: the
   * outcome then names the other in `skippedPhase`, and the page keeps that phase's last mesh and
   * values (mergeLvOutcome).
   */
  phases?: ('ED' | 'ES')[];
}

/** A dropped LV segmentation (NIfTI bytes; ES optional) → aligned, encoded, reconstructed. */
export interface LvEncodeJob {
  kind: 'lv-encode';
  modelId: string;
  ed: { name: string; bytes: ArrayBuffer };
  es: { name: string; bytes: ArrayBuffer } | null;
}

/** Meshes of the cardiac cycle between the last full shape's ED and ES (SDF interpolation). */
export interface LvCycleJob {
  kind: 'lv-cycle';
  frames: number;
}

export type Job = LvJob | SkullJob | LvModelJob | LvEncodeJob | LvCycleJob;

/** What the model says about the shown code. */
export interface LvModelState {
  modelId: string;
  levels: LatentLevels;
  lowerMode: LowerMode;
  logit: number;
  /** p(HCM) from the classifier on the top level (the classifier's own input). */
  pHcm: number;
  /**
   * p(HCM) of the shape on screen: the decoded shape re-encoded and classified, when the levels below
   * the top were set by hand, sampled or encoded (else null: the top level's p is the shape's).
   */
  pHcmShape?: number | null;
  /** KL of the code to the prior per level, nats (see codeKl). */
  klPerLevel: number[];
  /** True when the posterior σ was known (encoded file): the KL is complete, not only its mean term. */
  klComplete: boolean;
  quality: 'drag' | 'full';
  logvarQ: LatentLevels | null;
}

/** Indexes of a dropped file; ES values null without ES. */
export interface LvEncodeIndexes {
  edvMl: number;
  esvMl: number | null;
  efPct: number | null;
  massG: number;
  maxWallThicknessMm: number;
}

/** How a dropped file went. */
export interface LvEncodeReport {
  edName: string;
  esName: string | null;
  report: LvImportReport;
  /**
   * Indexes of the imported label maps in the model's frame (cut at its base plane: what the
   * reconstruction is compared with); ES values null without ES.
   */
  imported: LvEncodeIndexes;
  /** The file's own indexes by voxel count (the maximal wall from `imported`); ES values null without ES. */
  file: LvEncodeIndexes;
  dice: { ED: number; ES: number | null };
  /** Whether the code is the encoder's mean or fitted to the imported shape (and the encoder mean's Dice). */
  fit?: { method: 'encoder' | 'fitted'; encoderDice: { ED: number; ES: number | null } };
  /**
   * The quality gate (src/pipeline/lv/encodeHeart.ts): not ok when the reconstruction's Dice against
   * the imported shape is below 0.75 at either phase, the code lies beyond 3 SD of the training codes,
   * or the reconstruction's indexes are impossible or outside real hearts' range; `reasons` say which.
   */
  quality: { ok: boolean; reasons: string[] };
}

export interface LvOutcome {
  kind: 'lv';
  ed: MeshPayload;
  es: MeshPayload;
  indexes: LvIndexValues;
  /** What the phantom was asked to be (analytic), for comparison with what was measured; null for models. */
  asked: LvIndexValues | null;
  /** Set when the shape was decoded from a model's latent code. */
  model?: LvModelState;
  /** Set when the shape is a dropped file's reconstruction. */
  encoded?: LvEncodeReport;
  params: Record<string, number>;
  messages: string[];
  timings: Record<string, number>;
  /**
   * The phase this update did not recompute (a drag job of one phase): its payload is empty and its
   * indexes NaN as sent; the page fills them from the previous shape and shows them as not current.
   */
  skippedPhase?: 'ED' | 'ES' | null;
  /**
   * Full-quality shapes: whether the shape is a plausible heart (one closed myocardium surface at ED
   * and ES, indexes in the ranges of real hearts; geometry/lvIndexValidity.ts), with the reasons.
   */
  shapeCheck?: { valid: boolean; reasons: string[] } | null;
}
export interface SkullOutcome {
  kind: 'skull';
  mesh: MeshPayload;
  biometry: SkullBiometryValues;
  asked: SkullBiometryValues;
  params: Record<string, number>;
  messages: string[];
  timings: Record<string, number>;
}
export interface LvCycleOutcome {
  kind: 'lv-cycle';
  /** Frames from ED (0) to ES (last), meshes coloured by wall thickness. */
  frames: MeshPayload[];
  timings: Record<string, number>;
}
export type Outcome = LvOutcome | SkullOutcome | LvCycleOutcome;

export type ToWorker =
  | { type: 'init'; backend: BackendName | null }
  | { type: 'job'; id: number; job: Job }
  /** Loads a model from `<base>/<id>`, warms it up and answers 'model-ready' or 'model-error'. */
  | { type: 'load-model'; base: string; id: string }
  /** Keeps the fields of the last full shape as reference `pin` (for displacement colouring). */
  | { type: 'pin'; pin: number }
  | { type: 'unpin'; pin: number }
  | { type: 'memory'; id: number }
  /** Test hook: destroys the WebGPU device, as a lost GPU would (end-to-end test of the recovery). */
  | { type: 'lose-device' };

export type FromWorker =
  | { type: 'ready'; backend: BackendInfo }
  | { type: 'init-error'; message: string }
  /** `startAt`/`endAt`: when the worker started and finished the job (absolute ms, see updateTrace). */
  | { type: 'result'; id: number; outcome: Outcome; startAt: number; endAt: number }
  | { type: 'job-error'; id: number; message: string }
  | { type: 'model-progress'; id: string; fraction: number; stage: string }
  /** `restored`: the same model reloaded after the GPU device was lost (the page keeps its state). */
  | { type: 'model-ready'; info: ModelInfo; restored?: boolean }
  /**
   * The WebGPU device was lost. Jobs in flight are abandoned; the worker moves to the CPU backend
   * ('backend-changed'), reloads the model ('model-ready' with `restored`) and then runs later jobs.
   */
  | { type: 'device-lost'; message: string }
  | { type: 'backend-changed'; backend: BackendInfo }
  | { type: 'model-error'; id: string; message: string }
  | { type: 'memory'; id: number; numTensors: number; numBytes: number };

/** The typed-array buffers of an outcome, for a zero-copy postMessage. */
export function transferablesOf(outcome: Outcome): ArrayBuffer[] {
  const meshes =
    outcome.kind === 'lv'
      ? [outcome.ed, outcome.es]
      : outcome.kind === 'skull'
        ? [outcome.mesh]
        : outcome.frames;
  const out: ArrayBuffer[] = [];
  for (const m of meshes) {
    out.push(
      m.positions.buffer as ArrayBuffer,
      m.normals.buffer as ArrayBuffer,
      m.indices.buffer as ArrayBuffer,
    );
    if (m.scalar) out.push(m.scalar.buffer as ArrayBuffer);
    if (m.displacement) out.push(m.displacement.buffer as ArrayBuffer);
  }
  return out;
}
