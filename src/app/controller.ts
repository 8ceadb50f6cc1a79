/**
 * The app's controllers, started once for the page: the cardiac one (`lv/`) and the skull one
 * (`skull/`). `main.tsx` starts them before the first render, hands their commands to the panels
 * (<ControllerProvider>) and disposes them when the page goes away.
 */
import type { AppStoreApi } from '../state/store';
import type { Commands } from '../ui/commands';
import { createLvController, type LvControllerOptions } from './lv/lvController';
import { createSkullController, type SkullControllerOptions } from './skull/skullController';

export { MODELS_BASE } from './modelsBase';

export interface Controller {
  /** What the panels may ask (through <ControllerProvider>). */
  readonly commands: Commands;
  /** tf.memory() of the compute worker (for the memory benchmark). */
  memory(): Promise<{ numTensors: number; numBytes: number }>;
  /** Test hook: destroys the compute worker's WebGPU device, as a lost GPU would. */
  loseGpuDevice(): void;
  /** Stops both controllers and their workers. */
  dispose(): void;
}

/** Creates and starts both controllers for the page opened with query `search`. */
export function startController(
  store: AppStoreApi,
  search: string,
  options: LvControllerOptions & SkullControllerOptions = {},
): Controller {
  const lv = createLvController(store, search, options);
  const skull = createSkullController(store, search, options);
  lv.start();
  skull.start();
  return {
    commands: { lv: lv.commands, skull: skull.commands },
    memory: () => lv.memory(),
    loseGpuDevice: () => lv.loseGpuDevice(),
    dispose() {
      skull.dispose();
      lv.dispose();
    },
  };
}
