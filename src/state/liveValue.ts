/**
 * A selected value of the store, delivered at once outside a drag and at most every `ms` during one
 * (the newest value always arrives, at the end of the interval). The logic behind `useLiveApp`.
 */
import type { AppStore, AppStoreApi } from './store';

/** True while a latent slider or the map is being dragged (until the settled shape arrives). */
export function isDragging(s: AppStore): boolean {
  return s.latent?.interactive === true || s.lv?.model?.quality === 'drag';
}

/**
 * Calls `onChange` with the current value, then with each new one (Object.is), throttled to one per
 * `ms` while `isDragging`. Returns the unsubscribe function (it also cancels a pending refresh).
 */
export function subscribeLive<T>(
  store: Pick<AppStoreApi, 'getState' | 'subscribe'>,
  select: (s: AppStore) => T,
  ms: number,
  onChange: (value: T) => void,
  now: () => number = () => performance.now(),
): () => void {
  let current = select(store.getState());
  onChange(current);
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const push = () => {
    timer = null;
    last = now();
    const v = select(store.getState());
    if (!Object.is(v, current)) {
      current = v;
      onChange(v);
    }
  };
  const unsub = store.subscribe((s) => {
    if (Object.is(select(s), current)) return;
    if (!isDragging(s)) {
      if (timer) clearTimeout(timer);
      push();
      return;
    }
    if (timer) return; // a refresh is already due; it reads the newest state
    timer = setTimeout(push, Math.max(0, last + ms - now()));
  });
  return () => {
    unsub();
    if (timer) clearTimeout(timer);
  };
}
