/**
 * The app's state: a framework-free zustand store (usable from React through `useAppStore`, and from
 * render loops and tests through `appStore.getState()`). Holds plain data and typed arrays only —
 * never tensors.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { BackendInfo } from '../model/backendNames';
import type { LvOutcome, SkullOutcome } from '../pipeline/protocol';
import { stampOutcome, stampsOf } from '../pipeline/updateTrace';
import { mergeLvOutcome, type MergedLvOutcome } from './mergeLvOutcome';
import {
  explorerActions,
  initialExplorerState,
  type ExplorerActions,
  type ExplorerState,
} from './explorerSlice';
import {
  initialSkullExplorerState,
  skullExplorerActions,
  type SkullExplorerActions,
  type SkullExplorerSlice,
} from './skullExplorer';

export type Anatomy = 'lv' | 'skull';
export type Phase = 'ED' | 'ES';

export interface Notice {
  id: number;
  level: 'info' | 'warning' | 'error';
  /** One plain line. */
  text: string;
  /** The technical details, shown on demand. */
  detail?: string;
}

export interface ColorRange {
  loMm: number;
  hiMm: number;
  /** When true the range follows the 2nd–98th percentile of the shown values. */
  auto: boolean;
}

export interface AppState extends ExplorerState, SkullExplorerSlice {
  backend: BackendInfo | null;
  backendError: string | null;
  anatomy: Anatomy;
  lvParams: Record<string, number>;
  skullParams: Record<string, number>;
  phase: Phase;
  colorRange: ColorRange;
  /** The shown LV shape; a one-phase drag update is completed from the one before (mergeLvOutcome). */
  lv: MergedLvOutcome | null;
  skull: SkullOutcome | null;
  busy: boolean;
  /** Request → result latency of the last finished job, ms. */
  lastLatencyMs: number | null;
  notices: Notice[];
  /** Messages from parameter validation of the shown shape (clamps and adjustments). */
  paramMessages: string[];
}

export interface AppActions extends ExplorerActions, SkullExplorerActions {
  setBackend(info: BackendInfo): void;
  setBackendError(message: string): void;
  setAnatomy(a: Anatomy): void;
  setLvParam(key: string, value: number): void;
  setSkullParam(key: string, value: number): void;
  replaceParams(a: Anatomy, params: Record<string, number>): void;
  setPhase(p: Phase): void;
  setColorRange(r: Partial<ColorRange>): void;
  setOutcome(o: LvOutcome | SkullOutcome, latencyMs: number): void;
  setBusy(b: boolean): void;
  notify(level: Notice['level'], text: string, detail?: string): void;
  dismiss(id: number): void;
}

export type AppStore = AppState & AppActions;

let noticeId = 1;

/** The merged outcome keeps the update stamps of the one it was made from (updateTrace.ts). */
function withStamps<T extends object>(merged: T, from: object): T {
  const stamps = stampsOf(from);
  if (stamps) stampOutcome(merged, stamps);
  return merged;
}

export function createAppStore(initial: Pick<AppState, 'lvParams' | 'skullParams'> & Partial<AppState>) {
  return createStore<AppStore>()((set) => ({
    ...initialExplorerState(),
    ...initialSkullExplorerState(),
    backend: null,
    backendError: null,
    anatomy: 'lv',
    phase: 'ED',
    colorRange: { loMm: 4, hiMm: 20, auto: false },
    lv: null,
    skull: null,
    busy: false,
    lastLatencyMs: null,
    notices: [],
    paramMessages: [],
    ...initial,
    ...explorerActions<AppStore>(set),
    ...skullExplorerActions<AppStore>(set),
    setBackend: (backend) => set({ backend }),
    setBackendError: (backendError) => set({ backendError }),
    setAnatomy: (anatomy) => set({ anatomy }),
    setLvParam: (key, value) => set((s) => ({ lvParams: { ...s.lvParams, [key]: value } })),
    setSkullParam: (key, value) => set((s) => ({ skullParams: { ...s.skullParams, [key]: value } })),
    replaceParams: (a, params) => set(a === 'lv' ? { lvParams: params } : { skullParams: params }),
    setPhase: (phase) => set({ phase }),
    setColorRange: (r) => set((s) => ({ colorRange: { ...s.colorRange, ...r } })),
    setOutcome: (o, latencyMs) =>
      set((s) =>
        o.kind === 'lv'
          ? {
              lv: withStamps(mergeLvOutcome(s.lv, o), o),
              lastLatencyMs: latencyMs,
              paramMessages: o.messages,
            }
          : { skull: o, lastLatencyMs: latencyMs, paramMessages: o.messages },
      ),
    setBusy: (busy) => set({ busy }),
    notify: (level, text, detail) =>
      set((s) =>
        s.notices.some((n) => n.text === text)
          ? s
          : {
              notices: [
                ...s.notices.slice(-4),
                { id: noticeId++, level, text, ...(detail ? { detail } : {}) },
              ],
            },
      ),
    dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
  }));
}

export type AppStoreApi = ReturnType<typeof createAppStore>;

/** Selects from a store inside React. */
export function useAppStore<T>(store: AppStoreApi, selector: (s: AppStore) => T): T {
  return useStore(store, selector);
}
