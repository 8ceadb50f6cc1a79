/**
 * What the panels may ask of the controllers. The controllers live in `app/` and implement these
 * interfaces; `app/` hands them down through <CommandsProvider>, so `ui/` never imports `app/`.
 * Everything else the panels need they read from the store.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { OutlineEllipse, PlaneKind } from '../pipeline/skullPlanes';
import type { SkullModelId } from '../state/skullExplorer';
import type { AppStore } from '../state/store';

/** The cardiac explorer's commands. */
export interface LvCommands {
  /** Encodes dropped NIfTI label maps (ED, optional ES) with the loaded model. */
  encodeFiles(ed: File, es: File | null): Promise<void>;
  /** Pins the shown model shape in slot A or B (reference for displacement, side by side, interpolation). */
  pin(slot: 'A' | 'B'): void;
  unpin(slot: 'A' | 'B'): void;
  /** Navigation: start (or continue) a run, pause, one step, undo the last step, clear the path. */
  navigate(op: 'play' | 'pause' | 'step' | 'undo' | 'clear'): void;
  /** Starts or stops the cardiac-cycle animation. */
  cycle(play: boolean): void;
  /** Loads another model from the index. */
  loadModel(id: string): void;
  /** The query string (leading '?') of a link that reopens the shown model shape, or null when none is shown. */
  shareQuery(s: AppStore): string | null;
}

/** The skull explorer's commands. */
export interface SkullCommands {
  selectModel(id: SkullModelId): void;
  /** A file dropped or picked for slot `kind`. */
  dropFile(kind: PlaneKind, file: File): Promise<void>;
  /** A pixel size entered for slot `kind`, mm. */
  setPixel(kind: PlaneKind, pixelMm: number): Promise<void>;
  removePlane(kind: PlaneKind): void;
  /** Uses a plane despite its plane-check warnings. */
  confirmPlane(kind: PlaneKind): void;
  setEnabled(kind: PlaneKind, enabled: boolean): void;
  /** Replaces the slot's outline by a hand-edited ellipse (null: back to the detection). */
  editEllipse(kind: PlaneKind, ellipse: OutlineEllipse | null): void;
  /** Loads held-out example `index` into all three slots. */
  loadExample(index: number): Promise<void>;
  /** Latent offsets per level, prior-σ units. */
  setOffsets(offsets: number[][]): void;
  setColorBy(colorBy: 'uncertainty' | 'bone'): void;
  /** The query string (leading '?') of a link that reopens the shown prediction, or null when none is shown. */
  shareQuery(s: AppStore): string | null;
}

export interface Commands {
  lv: LvCommands;
  skull: SkullCommands;
}

const CommandsContext = createContext<Commands | null>(null);

export interface CommandsProviderProps {
  commands: Commands;
  children: ReactNode;
}

/** Makes the controllers' commands available to the panels. */
export function CommandsProvider({ commands, children }: CommandsProviderProps) {
  return <CommandsContext.Provider value={commands}>{children}</CommandsContext.Provider>;
}

function useCommands(): Commands {
  const c = useContext(CommandsContext);
  if (!c)
    throw new Error('the panels need <CommandsProvider> (app/ starts the controllers and passes them down)');
  return c;
}

/** The cardiac explorer's commands. */
export function useLvCommands(): LvCommands {
  return useCommands().lv;
}

/** The skull explorer's commands. */
export function useSkullCommands(): SkullCommands {
  return useCommands().skull;
}
