/**
 * Messages between the page and the skull worker (src/pipeline/skull.worker.ts). Separate from the
 * cardiac compute worker's protocol; typed arrays only (transferred), never tensors.
 */
import type { BackendInfo, BackendName } from '../model/backendNames';
import type { SkullBonesResult } from './skullBones';
import type { ExampleSubject, PlaneKind, PlaneReport } from './skullPlanes';

/** What the page needs to know about a loaded skull model. */
export interface SkullModelInfo {
  id: string;
  title: string;
  kind: 'cvae' | 'hierarchical-cvae';
  latent: { name: string; size: number }[];
  requiredPlanes: string[];
  vertices: number;
  metrics: unknown;
}

/** A prediction as the page shows it. */
export interface SkullPredictionResult {
  modelId: string;
  /** Shown surface (the prediction, or the code at the latent offsets), mesh in mm. */
  positions: Float32Array;
  normals: Float32Array;
  indices: Uint32Array;
  /** Radii of the shown surface, mm. */
  radii: Float32Array;
  /** Per-vertex SD, mm: the K samples' spread combined with the head detector's uncertainty. */
  stdMm: Float32Array;
  /** The detector's relative size SD that entered `stdMm` (0 for a hand-drawn or edited outline). */
  outlineRelSd: number;
  /** Set when the head is outside 20–36 weeks by size: the sentence naming it; the prediction is extrapolated. */
  extrapolated: string | null;
  uncertainty: { meanMm: number; p95Mm: number };
  k: number;
  planesUsed: string[];
  planesFilled: string[];
  biometry: {
    hcMm: number;
    bpdMm: number;
    ofdMm: number;
    cephalicIndex: number;
    gaFromHcWeeks: number;
    boneThicknessMm: number;
  };
  offsets: number[][];
  /** The shown surface's bones, sutures and fontanelles at the GA entered or estimated from HC (skullBones.ts). */
  bones: SkullBonesResult;
  /** Worker time, ms (prediction with samples, offsets, mesh and biometry). */
  timings: { predictMs: number; offsetsMs: number; meshMs: number; bonesMs: number };
}

/** Prediction compared with the example's true skull. */
export interface SkullComparison {
  exampleIndex: number;
  dice: number;
  hausdorffMm: number;
  hausdorff95Mm: number;
  ms: number;
}

export type PlaneInput = Record<PlaneKind, Float32Array | null>;

export type ToSkullWorker =
  | { type: 'init'; backend: BackendName | null }
  | { type: 'load'; req: number; base: string; id: string }
  | {
      type: 'plane';
      req: number;
      kind: PlaneKind;
      bytes: Uint8Array;
      fileName: string;
      pixelMm: number | null;
    }
  | { type: 'pixel'; req: number; kind: PlaneKind; pixelMm: number }
  | { type: 'clear'; kind: PlaneKind }
  | { type: 'example'; req: number; index: number }
  | {
      type: 'predict';
      req: number;
      modelId: string;
      planes: PlaneInput;
      k: number;
      seed: number;
      offsets: number[][];
      /** GA entered for these planes, weeks: the bones' suture widths and thickness (else from HC). */
      gaWeeks?: number | null;
    }
  | { type: 'compare'; req: number; exampleIndex: number; radii: Float32Array };

export type FromSkullWorker =
  | { type: 'ready'; backend: BackendInfo }
  | { type: 'init-error'; message: string }
  | { type: 'loaded'; req: number; info: SkullModelInfo }
  | { type: 'plane'; req: number; report: PlaneReport; ms: number }
  | { type: 'example'; req: number; subject: ExampleSubject; reports: PlaneReport[]; ms: number }
  | { type: 'prediction'; req: number; result: SkullPredictionResult }
  | { type: 'compare'; req: number; result: SkullComparison }
  | { type: 'error'; req: number; message: string; user: boolean };
