/**
 * Messages between the page and the compute worker. Everything here is plain data and typed arrays
 * (transferred, not copied); no tensors or class instances cross the boundary.
 */
import type { LvIndexes } from '../geometry/lvIndexes';
import type { BackendInfo, BackendName } from '../model/backendNames';

/** A mesh ready for the GPU: positions/normals in mm, optional per-vertex scalar (mm). */
export interface MeshPayload {
  positions: Float32Array;
  normals: Float32Array;
  indices: Uint32Array;
  /** Per-vertex scalar to colour by (LV: wall thickness in mm), or null for plain colouring. */
  scalar: Float32Array | null;
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
export type Job = LvJob | SkullJob;

export interface LvOutcome {
  kind: 'lv';
  ed: MeshPayload;
  es: MeshPayload;
  indexes: LvIndexValues;
  /** What the phantom was asked to be (analytic), for comparison with what was measured. */
  asked: LvIndexValues;
  params: Record<string, number>;
  messages: string[];
  timings: Record<string, number>;
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
export type Outcome = LvOutcome | SkullOutcome;

export type ToWorker = { type: 'init'; backend: BackendName | null } | { type: 'job'; id: number; job: Job };

export type FromWorker =
  | { type: 'ready'; backend: BackendInfo }
  | { type: 'init-error'; message: string }
  | { type: 'result'; id: number; outcome: Outcome }
  | { type: 'job-error'; id: number; message: string };

/** The typed-array buffers of an outcome, for a zero-copy postMessage. */
export function transferablesOf(outcome: Outcome): ArrayBuffer[] {
  const meshes = outcome.kind === 'lv' ? [outcome.ed, outcome.es] : [outcome.mesh];
  const out: ArrayBuffer[] = [];
  for (const m of meshes) {
    out.push(
      m.positions.buffer as ArrayBuffer,
      m.normals.buffer as ArrayBuffer,
      m.indices.buffer as ArrayBuffer,
    );
    if (m.scalar) out.push(m.scalar.buffer as ArrayBuffer);
  }
  return out;
}
