/**
 * Test doubles for the cardiac controller's unit tests: a compute client that records what it was
 * asked (and lets a test answer as the worker would), a small model and outcomes. Not used by the page.
 */
import type { BackendInfo, BackendName } from '../../model/backendNames';
import type { ComputeCallbacks } from '../../pipeline/computeClient';
import type { ModelInfo } from '../../pipeline/modelInfo';
import type { Job, LvModelState, LvOutcome, MeshPayload } from '../../pipeline/protocol';
import { createAppStore, type AppStoreApi } from '../../state/store';
import type { LvClient, LvContext } from './lvContext';

/** Records every call; `cb` are the callbacks the controller gave it (to answer as the worker would). */
export class FakeLvClient implements LvClient {
  readonly inits: (BackendName | null)[] = [];
  readonly requests: { job: Job; keep: boolean }[] = [];
  readonly loads: { base: string; id: string }[] = [];
  readonly pins: number[] = [];
  readonly unpins: number[] = [];
  lostDevice = 0;
  disposed = false;

  constructor(readonly cb: ComputeCallbacks | null = null) {}

  init(backend: BackendName | null): void {
    this.inits.push(backend);
  }
  loadModel(base: string, id: string): void {
    this.loads.push({ base, id });
  }
  pin(pin: number): void {
    this.pins.push(pin);
  }
  unpin(pin: number): void {
    this.unpins.push(pin);
  }
  memory(): Promise<{ numTensors: number; numBytes: number }> {
    return Promise.resolve({ numTensors: 7, numBytes: 700 });
  }
  loseDevice(): void {
    this.lostDevice++;
  }
  request(job: Job, opts: { keep?: boolean } = {}): void {
    this.requests.push({ job, keep: opts.keep === true });
  }
  dispose(): void {
    this.disposed = true;
  }
  /** The last requested job (throws when none was). */
  last(): Job {
    const r = this.requests[this.requests.length - 1];
    if (!r) throw new Error('no job was requested');
    return r.job;
  }
}

export const CPU_BACKEND: BackendInfo = { name: 'cpu', adapter: 'test', requested: null, fallbacks: [] };

/** A store with the app's real actions and empty parameter sets. */
export function testStore(): AppStoreApi {
  return createAppStore({ lvParams: { septumMm: 10 }, skullParams: { gaWeeks: 24 } });
}

/** A context over `store` with a fake client. */
export function testContext(store: AppStoreApi = testStore()): LvContext & { client: FakeLvClient } {
  return { store, client: new FakeLvClient(), ownIntent: null };
}

/** A model with levels of the given sizes; the top level has class means (healthy 0.5…, HCM −0.5…). */
export function testModel(id = 'lv-test', sizes: number[] = [3, 2]): ModelInfo {
  return {
    id,
    title: id,
    kind: sizes.length > 1 ? 'ladder-vae' : 'vae',
    levels: sizes.map((size, i) => ({
      name: `z${i + 1}`,
      size,
      perClass:
        i === sizes.length - 1
          ? {
              healthy: { mean: new Array<number>(size).fill(0.5), sd: new Array<number>(size).fill(1) },
              hcm: { mean: new Array<number>(size).fill(-0.5), sd: new Array<number>(size).fill(1) },
            }
          : null,
      range: { lo: new Array<number>(size).fill(-3), hi: new Array<number>(size).fill(3) },
    })),
    topPoints: null,
    boundary: null,
    classMeans: null,
    loadMs: 0,
    warmupMs: 0,
    decoder: { runtime: 'javascript', note: null },
    metrics: [],
    trainingData: [],
  };
}

const mesh = (): MeshPayload => ({
  positions: new Float32Array(9),
  normals: new Float32Array(9),
  indices: new Uint32Array([0, 1, 2]),
  scalar: null,
});

/** A model outcome of code `levels` with p(HCM) `pHcm` and mass `massG`. */
export function modelOutcome(
  levels: number[][],
  opts: Partial<LvModelState> & { massG?: number } = {},
): LvOutcome {
  const { massG = 120, ...model } = opts;
  return {
    kind: 'lv',
    ed: mesh(),
    es: mesh(),
    indexes: { edvMl: 120, esvMl: 50, svMl: 70, efPct: 58, massG, maxWallThicknessMm: 11 },
    asked: null,
    model: {
      modelId: 'lv-test',
      levels,
      lowerMode: 'free',
      logit: 0,
      pHcm: 0.25,
      klPerLevel: [],
      klComplete: false,
      quality: 'full',
      logvarQ: null,
      ...model,
    },
    params: {},
    messages: [],
    timings: {},
    skippedPhase: null,
  };
}
