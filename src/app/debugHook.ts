/**
 * `window.__explorer`: a small hook for benchmarks and end-to-end tests — the store's state, the
 * worker's tf.memory(), and the JS heap where the browser reports it. Read-only apart from the
 * commands the UI already offers.
 */
import type { AppStoreApi } from '../state/store';
import { shownUpdates, type UpdateStamps } from '../pipeline/updateTrace';
import type { Controller } from './controller';

export interface ExplorerDebugHook {
  state: AppStoreApi['getState'];
  controller: Controller;
  /** Worker tensors and bytes (tf.memory()), after every earlier message was handled. */
  memory(): Promise<{ numTensors: number; numBytes: number }>;
  /** Used JS heap of the page, bytes (Chromium only), or null. */
  heapBytes(): number | null;
  /** Timestamps of the last shown updates (request → worker stages → upload → frame). */
  updates(): UpdateStamps[];
  /** Destroys the worker's WebGPU device, as a lost GPU would (end-to-end test of the recovery). */
  loseGpuDevice(): void;
}

export function installDebugHook(store: AppStoreApi, controller: Controller): void {
  const hook: ExplorerDebugHook = {
    state: store.getState,
    controller,
    memory: () => controller.memory(),
    heapBytes: () =>
      (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? null,
    updates: shownUpdates,
    loseGpuDevice: () => controller.loseGpuDevice(),
  };
  (window as unknown as { __explorer: ExplorerDebugHook }).__explorer = hook;
}
