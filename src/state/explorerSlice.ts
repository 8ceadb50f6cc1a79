/**
 * The cardiac latent explorer's part of the store: which model, the latent code the user asks for,
 * gradient navigation and its path, pinned shapes and how the shape is coloured and compared. Plain
 * data and typed arrays only (never tensors); the controller turns these intents into worker jobs.
 */
import type { LatentLevels, LowerMode } from '../model/lvSession';
import type { ModelInfo } from '../pipeline/modelInfo';
import type { LvOutcome, MeshPayload } from '../pipeline/protocol';

export type Source = 'phantom' | 'model';

/** One entry of public/models/index.json. */
export interface ModelEntry {
  id: string;
  title: string;
  anatomy: string;
  manifest: string;
}

export interface ModelLoad {
  id: string | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  /** Download and warm-up progress in [0, 1]. */
  fraction: number;
  stage: string;
  message: string | null;
}

/** The code the user asks to see. */
export interface LatentIntent {
  levels: LatentLevels;
  lowerMode: LowerMode;
  /** Seed of the standard-normal draws of the lower levels in 'samples' mode. */
  seed: number;
  /** Posterior log-variances when the code came from the encoder (the KL is then complete). */
  logvarQ: LatentLevels | null;
  /** True while a slider is being dragged: drawn at drag quality first, full quality once settled. */
  interactive: boolean;
}

/** One point of a navigation path with what was measured there. */
export interface PathPoint {
  top: number[];
  levels: LatentLevels;
  /**
   * How the lower levels were set at this point: 'means' (the top-down prior means, as navigation
   * keeps them) is restored as such by undo, so the point's own p(HCM) is shown again; otherwise the
   * levels are restored as they were ('free').
   */
  lowerMode: LowerMode;
  pHcm: number;
  maxWallThicknessMm: number;
  massG: number;
  efPct: number;
  edvMl: number;
}

export interface NavState {
  target: 'hcm' | 'healthy';
  /** Step size λ of μ ← μ ± λ ∂logit/∂μ. */
  lambda: number;
  /** Steps per run. */
  steps: number;
  /** Steps left in the current run. */
  remaining: number;
  playing: boolean;
  path: PathPoint[];
  /** Completed navigation runs (for the memory benchmark and the readout). */
  runs: number;
  /** Why the path last started again (the code was changed other than by navigation), or null. */
  restarted: string | null;
}

/** A pinned shape: its code and the outcome it was shown with. */
export interface Pin {
  slot: 'A' | 'B';
  /** Worker-side reference id. */
  id: number;
  intent: LatentIntent;
  outcome: LvOutcome;
  label: string;
}

export interface ShapeView {
  colorBy: 'thickness' | 'displacement';
  /** Pin whose shape is the displacement reference. */
  reference: 'A' | 'B';
  sideBySide: boolean;
  /** Interpolation weight between pins A (0) and B (1), or null when not interpolating. */
  interp: number | null;
  cycle: { playing: boolean; frames: MeshPayload[] | null; frame: number; loading: boolean };
}

export interface ExplorerState {
  source: Source;
  models: ModelEntry[] | null;
  modelsError: string | null;
  modelLoad: ModelLoad;
  modelInfo: ModelInfo | null;
  latent: LatentIntent | null;
  nav: NavState;
  pins: { A: Pin | null; B: Pin | null };
  view: ShapeView;
  /** Camera of the main view (position and target, mm), shared with the side-by-side view and URLs. */
  camera: { position: [number, number, number]; target: [number, number, number] } | null;
  /** Encoding of a dropped file in progress. */
  encoding: string | null;
  /** The last standard camera view asked for (`scene/standardViews.ts`; 'default' = reset view). */
  viewRequest: { id: string; seq: number } | null;
}

export interface ExplorerActions {
  setSource(s: Source): void;
  setModels(models: ModelEntry[] | null, error: string | null): void;
  setModelLoad(l: Partial<ModelLoad>): void;
  setModelInfo(info: ModelInfo | null): void;
  setLatent(intent: LatentIntent | null): void;
  setNav(n: Partial<NavState>): void;
  setPin(slot: 'A' | 'B', pin: Pin | null): void;
  setView(v: Partial<Omit<ShapeView, 'cycle'>>): void;
  setCycle(c: Partial<ShapeView['cycle']>): void;
  setCamera(c: ExplorerState['camera']): void;
  setEncoding(name: string | null): void;
  /** Asks the main view for a standard view ('default' resets it). */
  requestView(id: string): void;
}

export function initialExplorerState(): ExplorerState {
  return {
    source: 'model',
    models: null,
    modelsError: null,
    modelLoad: { id: null, status: 'idle', fraction: 0, stage: '', message: null },
    modelInfo: null,
    latent: null,
    nav: {
      target: 'hcm',
      lambda: 0.1,
      steps: 10,
      remaining: 0,
      playing: false,
      path: [],
      runs: 0,
      restarted: null,
    },
    pins: { A: null, B: null },
    view: {
      colorBy: 'thickness',
      reference: 'A',
      sideBySide: false,
      interp: null,
      cycle: { playing: false, frames: null, frame: 0, loading: false },
    },
    camera: null,
    encoding: null,
    viewRequest: null,
  };
}

type Set<S> = (partial: Partial<S> | ((s: S) => Partial<S>)) => void;

export function explorerActions<S extends ExplorerState>(set: Set<S>): ExplorerActions {
  const put = (p: Partial<ExplorerState>) => set(p as Partial<S>);
  return {
    setSource: (source) => put({ source }),
    setModels: (models, modelsError) => put({ models, modelsError }),
    setModelLoad: (l) => set((s) => ({ modelLoad: { ...s.modelLoad, ...l } }) as Partial<S>),
    setModelInfo: (modelInfo) => put({ modelInfo }),
    setLatent: (latent) => put({ latent }),
    setNav: (n) => set((s) => ({ nav: { ...s.nav, ...n } }) as Partial<S>),
    setPin: (slot, pin) => set((s) => ({ pins: { ...s.pins, [slot]: pin } }) as Partial<S>),
    setView: (v) => set((s) => ({ view: { ...s.view, ...v } }) as Partial<S>),
    setCycle: (c) => set((s) => ({ view: { ...s.view, cycle: { ...s.view.cycle, ...c } } }) as Partial<S>),
    setCamera: (camera) => put({ camera }),
    setEncoding: (encoding) => put({ encoding }),
    requestView: (id) =>
      set((s) => ({ viewRequest: { id, seq: (s.viewRequest?.seq ?? 0) + 1 } }) as Partial<S>),
  };
}

/** The classifier level's code of an intent (the last level). */
export function topOf(levels: LatentLevels): number[] {
  return levels[levels.length - 1] ?? [];
}

/** A new intent with the top level replaced and the lower levels following the prior again. */
export function withTop(intent: LatentIntent, top: number[], interactive: boolean): LatentIntent {
  const levels = intent.levels.map((l, i) => (i === intent.levels.length - 1 ? top : l));
  return {
    ...intent,
    levels,
    lowerMode: intent.lowerMode === 'free' && levels.length > 1 ? 'means' : intent.lowerMode,
    logvarQ: null,
    interactive,
  };
}
