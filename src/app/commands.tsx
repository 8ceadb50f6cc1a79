import { createContext, useContext, type ReactNode } from 'react';
import type { Controller } from './controller';

const ControllerContext = createContext<Controller | null>(null);

export interface ControllerProviderProps {
  controller: Controller;
  children: ReactNode;
}

/** Makes the controller's commands (drop a file, pin, navigate, animate) available to the panels. */
export function ControllerProvider({ controller, children }: ControllerProviderProps) {
  return <ControllerContext.Provider value={controller}>{children}</ControllerContext.Provider>;
}

/** The controller's commands. */
export function useController(): Controller {
  const c = useContext(ControllerContext);
  if (!c) throw new Error('useController must be used inside <ControllerProvider>');
  return c;
}
