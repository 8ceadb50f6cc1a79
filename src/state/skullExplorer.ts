/**
 * The fetal skull explorer's part of the app store: the three plane slots (file report, pixel size,
 * hand edits, whether the plane is used), the model, the prediction shown with its uncertainty and
 * the one before it (to show the change when a plane is added or removed), colouring, gestational
 * age, latent offsets and the example's truth comparison. Plain data and typed arrays only.
 */
import type { MeshPayload } from '../pipeline/protocol';
import type { EditedOutline } from '../pipeline/skullOutlineEdit';
import type { ExampleSubject, PlaneKind, PlaneReport } from '../pipeline/skullPlanes';
import type { SkullComparison, SkullModelInfo, SkullPredictionResult } from '../pipeline/skullProtocol';

export type SkullSource = 'planes' | 'phantom';
export type SkullModelId = 'skull-hcvae' | 'skull-cvae';

/** One plane slot. */
export interface SkullSlot {
  status: 'empty' | 'reading' | 'ready' | 'error';
  report: PlaneReport | null;
  /** A message for a person about this slot (unreadable file, no head, missing pixel size). */
  message: string | null;
  /** The outline edited by hand (replaces the detection's profile when set). */
  edited: EditedOutline | null;
  /** A profile from a shared link (no image). */
  shared: Float32Array | null;
  /** Whether the plane goes into the prediction. */
  enabled: boolean;
  /** The person confirmed the plane despite the plane checks' warnings (`ui/skull/planeChecks.ts`). */
  confirmed: boolean;
  /** File → report time in the worker, ms. */
  readMs: number | null;
}

/** The shown prediction. */
export interface SkullShown extends SkullPredictionResult {
  /** The mesh as the viewer takes it (scalar = per-vertex SD in mm, or null for plain bone). */
  mesh: MeshPayload;
  /** Request → result, ms. */
  latencyMs: number;
}

export interface SkullExplorerState {
  source: SkullSource;
  modelId: SkullModelId;
  model: {
    status: 'idle' | 'loading' | 'ready' | 'error';
    info: SkullModelInfo | null;
    message: string | null;
  };
  slots: Record<PlaneKind, SkullSlot>;
  prediction: SkullShown | null;
  /** Uncertainty and planes of the prediction before the last change of planes. */
  previous: { meanMm: number; p95Mm: number; planes: string[] } | null;
  colorBy: 'uncertainty' | 'bone';
  /** Colour range of the uncertainty, mm (0–3 mm by default); `auto` follows 0 … the 95th percentile. */
  range: { loMm: number; hiMm: number; auto: boolean };
  /** Gestational age entered by the user for the current images, weeks (null: estimated from HC). */
  gaWeeks: number | null;
  /** Why no GA is entered although one was before (a new image starts without one), or null. */
  gaNote: string | null;
  /** Latent offsets per level, in prior-σ units. */
  offsets: number[][];
  example: { subject: ExampleSubject; comparison: SkullComparison | null; ms: number } | null;
  /** Plane dropped (or example clicked) → its prediction shown, ms, for the last such change. */
  lastDropMs: number | null;
  /** Counts shown predictions (tests wait for it to change). */
  version: number;
  /** Work in flight (reading, example, prediction). */
  busy: string | null;
  message: string | null;
  /** Why a shared link was not applied; stays until the person dismisses it. */
  linkMessage: string | null;
}

export interface SkullExplorerSlice {
  skullX: SkullExplorerState;
}

export interface SkullExplorerActions {
  setSkullX(p: Partial<SkullExplorerState>): void;
  setSkullSlot(kind: PlaneKind, p: Partial<SkullSlot>): void;
}

/** The uncertainty colour range by default: a fixed 0–3 mm, so that a small SD never looks alarming. */
export const DEFAULT_SKULL_RANGE = { loMm: 0, hiMm: 3, auto: false } as const;

export function emptySlot(): SkullSlot {
  return {
    status: 'empty',
    report: null,
    message: null,
    edited: null,
    shared: null,
    enabled: true,
    confirmed: false,
    readMs: null,
  };
}

export function initialSkullExplorerState(): SkullExplorerSlice {
  return {
    skullX: {
      source: 'planes',
      modelId: 'skull-hcvae',
      model: { status: 'idle', info: null, message: null },
      slots: { axial: emptySlot(), sagittal: emptySlot(), coronal: emptySlot() },
      prediction: null,
      previous: null,
      colorBy: 'uncertainty',
      range: { ...DEFAULT_SKULL_RANGE },
      gaWeeks: null,
      gaNote: null,
      offsets: [],
      example: null,
      lastDropMs: null,
      version: 0,
      busy: null,
      message: null,
      linkMessage: null,
    },
  };
}

type Set<S> = (partial: Partial<S> | ((s: S) => Partial<S>)) => void;

export function skullExplorerActions<S extends SkullExplorerSlice>(set: Set<S>): SkullExplorerActions {
  return {
    setSkullX: (p) => set((s) => ({ skullX: { ...s.skullX, ...p } }) as Partial<S>),
    setSkullSlot: (kind, p) =>
      set(
        (s) =>
          ({
            skullX: { ...s.skullX, slots: { ...s.skullX.slots, [kind]: { ...s.skullX.slots[kind], ...p } } },
          }) as Partial<S>,
      ),
  };
}

/**
 * The profile a slot contributes (hand edit, else detection, else shared), or null: none when the
 * plane is switched off, or when it has plane-check warnings (`warned`) that were not confirmed.
 */
export function slotProfile(slot: SkullSlot, warned = false): Float32Array | null {
  if (!slot.enabled || (warned && !slot.confirmed)) return null;
  return slot.edited?.profileMm ?? slot.report?.detection?.profileMm ?? slot.shared ?? null;
}
