import { createContext, useContext, type ReactNode } from 'react';
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
