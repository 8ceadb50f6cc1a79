import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { subscribeLive } from './liveValue';
import { useStore } from 'zustand';
import type { AppStore, AppStoreApi } from './store';

const StoreContext = createContext<AppStoreApi | null>(null);

export interface StoreProviderProps {
  store: AppStoreApi;
  children: ReactNode;
}

/** Makes one app store available to the component tree. */
export function StoreProvider({ store, children }: StoreProviderProps) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

/** The store API itself (for getState/subscribe in render loops and callbacks). */
export function useStoreApi(): AppStoreApi {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStoreApi must be used inside <StoreProvider>');
  return store;
}

/** Selects a slice of app state; re-renders only when it changes. */
export function useApp<T>(selector: (s: AppStore) => T): T {
  return useStore(useStoreApi(), selector);
}

/**
 * Like useApp, but while a drag is in progress the value is refreshed at most every `ms`
 * milliseconds (the last change always arrives); outside a drag every change arrives at once. For
 * panels that only report (readouts, status, teaching, export): their repaints then stay off most
 * drag frames, which on a CPU-only machine share two cores with the worker and the renderer.
 */
export function useLiveApp<T>(selector: (s: AppStore) => T, ms: number): T {
  const store = useStoreApi();
  const select = useRef(selector);
  select.current = selector;
  const [value, setValue] = useState<T>(() => selector(store.getState()));
  useEffect(
    () =>
      subscribeLive(
        store,
        (s) => select.current(s),
        ms,
        (v) => setValue(() => v),
      ),
    [store, ms],
  );
  return value;
}
