/** The tfjs backend the page asks for and what it tells a person about the one it got. */
import { parseBackendParam, type BackendInfo, type BackendName } from '../../model/backendNames';
import type { AppStoreApi } from '../../state/store';

/** Reads `?backend=`; an unknown name becomes a warning notice and automatic selection (null). */
export function requestedBackend(store: AppStoreApi, search: string): BackendName | null {
  try {
    return parseBackendParam(new URLSearchParams(search).get('backend'));
  } catch (err) {
    store.getState().notify('warning', `${(err as Error).message} Choosing automatically.`);
    return null;
  }
}

/** Records the worker's backend; one plain line when it is not the first choice (the drivers' words on demand). */
export function backendReady(store: AppStoreApi, backend: BackendInfo): void {
  const s = store.getState();
  s.setBackend(backend);
  if (backend.fallbacks.length === 0) return;
  s.notify(
    'info',
    backend.name === 'cpu'
      ? 'The model runs on the processor: no graphics acceleration it can use was found. Everything works; it is a little slower.'
      : `The model runs on ${backend.name}: a faster option was not available.`,
    backend.fallbacks
      .map((f) => `${f.name} is unavailable (${f.reason}); using ${backend.name} instead.`)
      .join(' '),
  );
}

/** tfjs could not start: the phantom explorer works without it. */
export function backendFailed(store: AppStoreApi, message: string): void {
  const s = store.getState();
  s.setBackendError(message);
  s.setSource('phantom');
}
