/**
 * What the skull controller's concerns share: the store, the skull worker (started on first use,
 * so the cardiac page never pays for it) and when the last change of planes began (for the
 * drop → prediction time the page reports).
 */
import { parseBackendParam, type BackendName } from '../../model/backendNames';
import type { SkullClient } from '../../pipeline/skullClient';
import type { AppStore, AppStoreApi } from '../../state/store';

/** The part of the skull worker's handle the controller uses (a fake in the unit tests). */
export type SkullWorker = Pick<
  SkullClient,
  'load' | 'plane' | 'pixel' | 'clear' | 'example' | 'compare' | 'predict' | 'dispose'
>;

/** Starts a skull worker on `backend` (null: chosen automatically). */
export type MakeSkullWorker = (backend: BackendName | null) => SkullWorker;

export interface SkullContext {
  readonly store: AppStoreApi;
  /** The store's state now. */
  state(): AppStore;
  /** The worker, started on first use. */
  worker(): SkullWorker;
  /** performance.now() when the last change of planes began, or null when its prediction was shown. */
  dropT0: number | null;
}

/** `?backend=` of the page; an unknown name means automatic selection (the cardiac side says so). */
export function backendOf(search: string): BackendName | null {
  try {
    return parseBackendParam(new URLSearchParams(search).get('backend'));
  } catch {
    return null;
  }
}

export const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));
