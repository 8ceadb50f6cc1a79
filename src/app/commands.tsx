import type { ReactNode } from 'react';
import { CommandsProvider } from '../ui/commands';
import type { Controller } from './controller';

export interface ControllerProviderProps {
  controller: Controller;
  children: ReactNode;
}

/** Hands the controllers' commands (drop a file, pin, navigate, animate, skull planes) to the panels. */
export function ControllerProvider({ controller, children }: ControllerProviderProps) {
  return <CommandsProvider commands={controller.commands}>{children}</CommandsProvider>;
}
