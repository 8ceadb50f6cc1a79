/**
 * Wires the store to the compute worker: parameter changes become jobs, results and failures
 * become state. Lives outside React so it can be started once and torn down cleanly.
 */
import { parseBackendParam, type BackendName } from '../model/backendNames';
import { ComputeClient } from '../pipeline/computeClient';
import type { AppStoreApi } from '../state/store';

export interface Controller {
  dispose(): void;
}

/** Reads `?backend=`; an unknown name becomes a notice and automatic selection. */
export function requestedBackend(store: AppStoreApi, search: string): BackendName | null {
  try {
    return parseBackendParam(new URLSearchParams(search).get('backend'));
  } catch (err) {
    store.getState().notify('warning', `${(err as Error).message} Choosing automatically.`);
    return null;
  }
}

export function startController(store: AppStoreApi, search: string): Controller {
  const requested = requestedBackend(store, search);
  const client = new ComputeClient({
    onReady(backend) {
      const s = store.getState();
      s.setBackend(backend);
      for (const f of backend.fallbacks) {
        s.notify('warning', `${f.name} is unavailable (${f.reason}); using ${backend.name} instead.`);
      }
      requestCurrent();
    },
    onInitError(message) {
      store.getState().setBackendError(message);
      // Geometry does not need tfjs: keep the explorer usable without it.
      requestCurrent();
    },
    onResult(outcome, latencyMs) {
      store.getState().setOutcome(outcome, latencyMs);
    },
    onJobError(message) {
      store.getState().notify('error', `Could not build the shape: ${message}. The previous shape is kept.`);
    },
    onBusyChange(busy) {
      store.getState().setBusy(busy);
    },
  });

  function requestCurrent(): void {
    const s = store.getState();
    if (s.anatomy === 'lv') {
      client.request({
        kind: 'lv',
        params: s.lvParams,
        thicknessPhases: s.phase === 'ES' ? ['ED', 'ES'] : ['ED'],
      });
    } else client.request({ kind: 'skull', params: s.skullParams });
  }

  const unsub = store.subscribe((s, prev) => {
    if (!s.backend && !s.backendError) return;
    // Showing ES for the first time since the last change needs ES wall thickness.
    const needsEsThickness =
      s.anatomy === 'lv' && s.phase === 'ES' && s.lv !== null && s.lv.es.scalar === null;
    const changed =
      (needsEsThickness && s.phase !== prev.phase) ||
      s.anatomy !== prev.anatomy ||
      (s.anatomy === 'lv' && s.lvParams !== prev.lvParams) ||
      (s.anatomy === 'skull' && s.skullParams !== prev.skullParams);
    if (changed) requestCurrent();
  });

  client.init(requested);
  return {
    dispose() {
      unsub();
      client.dispose();
    },
  };
}
