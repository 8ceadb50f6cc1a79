/**
 * The cardiac explorer's controller: wires the store to the compute worker. Parameter and code
 * changes become jobs, results and failures become state, and the panels' commands (drop a file,
 * pin, navigate, animate, share) are offered through `commands`. Each concern is its own module;
 * this file only routes the worker's reports and the store's changes to them.
 */
import { ComputeClient, type ComputeCallbacks } from '../../pipeline/computeClient';
import type { Job, LvOutcome, Outcome } from '../../pipeline/protocol';
import type { AppStoreApi } from '../../state/store';
import type { LvCommands } from '../../ui/commands';
import { backendFailed, backendReady, requestedBackend } from './backend';
import { createCycleAnimation } from './cycleAnimation';
import { createEncoding } from './encoding';
import { createGpuLoss } from './gpuLoss';
import type { LvClient, LvContext, MakeLvClient } from './lvContext';
import { readLvShareLink, type LvShareLink } from './lvShareLink';
import { createModelLoading, type FetchIndex, type ModelLoading } from './modelLoading';
import { createNavigation } from './navigation';
import { createPins } from './pins';
import { createShapeRequests } from './shapeRequests';

export interface LvController {
  /** Reads the page's link, starts the worker and asks for the first shape. */
  start(): void;
  /** Stops listening and timers, and ends the worker. */
  dispose(): void;
  readonly commands: LvCommands;
  /** tf.memory() of the worker (for the memory benchmark). */
  memory(): Promise<{ numTensors: number; numBytes: number }>;
  /** Test hook: destroys the worker's WebGPU device, as a lost GPU would. */
  loseGpuDevice(): void;
}

export interface LvControllerOptions {
  /** Starts the compute worker (a fake in unit tests). */
  makeClient?: MakeLvClient;
  fetchIndex?: FetchIndex;
}

export function createLvController(
  store: AppStoreApi,
  search: string,
  options: LvControllerOptions = {},
): LvController {
  const makeClient = options.makeClient ?? ((cb: ComputeCallbacks) => new ComputeClient(cb));
  let client: LvClient | null = null;
  const ctx: LvContext = {
    store,
    get client(): LvClient {
      if (!client) throw new Error('the cardiac controller is not started (call start() first)');
      return client;
    },
    ownIntent: null,
  };
  /** True once the worker's backend answered (jobs before that would wait for nothing). */
  let backendKnown = false;
  let unsubscribe: (() => void) | null = null;

  const shapes = createShapeRequests(ctx);
  const cycle = createCycleAnimation(ctx);
  const navigation = createNavigation(ctx, shapes);
  const encoding = createEncoding(ctx);
  const pins = createPins(ctx);
  const gpu = createGpuLoss(store, { navigation, encoding, cycle });
  /** Made at start(), when the page's link is read. */
  let models: ModelLoading | null = null;
  let link: LvShareLink | null = null;

  function onResult(outcome: Outcome, latencyMs: number, job: Job): void {
    const s = store.getState();
    shapes.noteResult(outcome, job);
    if (outcome.kind === 'lv-cycle') return cycle.onFrames(outcome.frames);
    if (outcome.kind === 'lv' && outcome.model && job.kind !== 'lv') {
      if (shapes.isStale(s, outcome, job)) return;
      if (job.kind === 'lv-encode') encoding.onEncoded(outcome);
      else if (job.kind === 'lv-model' && job.step) navigation.onStepResult(outcome, job);
      else navigation.onShape(outcome);
    } else if (outcome.kind === 'lv' && s.source !== 'phantom') return;
    s.setOutcome(outcome as LvOutcome, latencyMs);
  }

  const callbacks: ComputeCallbacks = {
    onReady(backend) {
      backendReady(store, backend);
      backendKnown = true;
      void models?.fetchIndex();
      shapes.requestCurrent();
    },
    onInitError(message) {
      backendKnown = true;
      // Geometry does not need tfjs: the phantom explorer stays usable without it.
      backendFailed(store, message);
      shapes.requestCurrent();
    },
    onResult,
    onJobError: (message, job) => gpu.onJobError(message, job),
    onBusyChange: (busy) => store.getState().setBusy(busy),
    onModelProgress: (id, fraction, stage) => models?.onProgress(id, fraction, stage),
    onDeviceLost: (message, abandoned) => gpu.onDeviceLost(message, abandoned),
    onBackendChanged: (backend) => store.getState().setBackend(backend),
    onModelReady: (info, restored) => models?.onReady(info, restored),
    onModelError: (id, message) => models?.onError(id, message),
  };

  const commands: LvCommands = {
    encodeFiles: (ed, es) => encoding.encodeFiles(ed, es),
    pin: (slot) => pins.pin(slot),
    unpin: (slot) => pins.unpin(slot),
    navigate: (op) => navigation.navigate(op),
    cycle: (play) => cycle.cycle(play),
    loadModel: (id) => models?.loadModel(id),
    shareQuery: (s) => link?.shareQuery(s) ?? null,
  };

  return {
    commands,
    start() {
      if (client) return;
      const backend = requestedBackend(store, search);
      const opened = readLvShareLink(store, search);
      link = opened;
      const q = new URLSearchParams(search);
      models = createModelLoading(ctx, {
        urlModel: q.get('model'),
        link: opened,
        stopCycle: () => cycle.stop(),
        ...(options.fetchIndex ? { fetchIndex: options.fetchIndex } : {}),
      });
      if (q.get('source') === 'phantom') store.getState().setSource('phantom');
      client = makeClient(callbacks);
      unsubscribe = store.subscribe((s, prev) => {
        if (!backendKnown) return;
        models?.onStateChange(s, prev);
        shapes.onStateChange(s, prev, (now) => {
          navigation.onCodeChanged(now);
          if (now.view.cycle.frames) cycle.stop();
        });
        const modelShown = s.anatomy === 'lv' && s.source === 'model';
        if (modelShown && s.phase !== prev.phase && s.view.cycle.frames) cycle.stop();
      });
      client.init(backend);
    },
    dispose() {
      unsubscribe?.();
      unsubscribe = null;
      shapes.dispose();
      cycle.dispose();
      client?.dispose();
    },
    memory: () => ctx.client.memory(),
    loseGpuDevice: () => ctx.client.loseDevice(),
  };
}
