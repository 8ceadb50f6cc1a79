/**
 * Wires the store to the compute worker: parameter and latent-code changes become jobs, results and
 * failures become state, and a few commands (drop a file, pin a shape, navigate, animate the cycle)
 * are offered to the UI. Lives outside React so it can be started once and torn down cleanly.
 */
import { joinSentences } from '../io/messages';
import { parseBackendParam, type BackendName } from '../model/backendNames';
import type { LatentLevels } from '../model/lvSession';
import { ComputeClient } from '../pipeline/computeClient';
import { seededEps } from '../pipeline/modelJob';
import type { Job, LvModelJob, LvOutcome } from '../pipeline/protocol';
import { topOf, type LatentIntent, type ModelEntry, type Pin } from '../state/explorerSlice';
import type { AppStore, AppStoreApi } from '../state/store';
import { OTHER_PHASE_REFRESH_MS, SETTLE_MS } from './dragPolicy';
import { clampNotice, clampSharedLevels, codeLimits, parseShareQuery, type SharedState } from './shareUrl';

/** Where the models are served from (the app's own origin). */
export const MODELS_BASE = `${import.meta.env.BASE_URL ?? '/'}models`.replace('//', '/');

export interface Controller {
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
  /** Test hook: destroys the worker's WebGPU device, as a lost GPU would. */
  loseGpuDevice(): void;
  /** tf.memory() of the worker (for the memory benchmark). */
  memory(): Promise<{ numTensors: number; numBytes: number }>;
  dispose(): void;
}

/** Reads `?backend=`; an unknown name becomes a notice and automatic selection. */
export function requestedBackend(store: AppStoreApi, search: string): BackendName | null {
  try {
    return parseBackendParam(new URLSearchParams(search).get('backend'));
  } catch (err) {
    store.getState().notify('warning', `${(err as Error).message} Choosing automatically.`);
    return null;
  }
}

function parseIndex(json: unknown): ModelEntry[] {
  const models = (json as { models?: unknown } | null)?.models;
  if (!Array.isArray(models)) throw new Error('models/index.json has no "models" list');
  return models.filter(
    (m): m is ModelEntry =>
      typeof m === 'object' &&
      m !== null &&
      typeof (m as ModelEntry).id === 'string' &&
      (m as ModelEntry).anatomy === 'lv',
  );
}

let pinIds = 1;

export function startController(store: AppStoreApi, search: string): Controller {
  const requested = requestedBackend(store, search);
  let shared: SharedState | null = null;
  try {
    shared = parseShareQuery(search);
  } catch (err) {
    store.getState().notify('error', `${(err as Error).message} Showing the default shape instead.`);
  }
  const urlModel = new URLSearchParams(search).get('model');
  if (new URLSearchParams(search).get('source') === 'phantom') store.getState().setSource('phantom');
  let started = false;
  /** An intent already requested by the controller itself (navigation results): not re-requested. */
  let ownIntent: LatentIntent | null = null;
  let settleTimer: ReturnType<typeof setTimeout> | null = null;
  let navInFlight = false;
  /** Set while the controller itself moves the code along the path (undo): the path is kept. */
  let keepPath = false;
  let cycleTimer: ReturnType<typeof setInterval> | null = null;
  /** When a shape with both phases last arrived, and when a drag job last asked for both. */
  let bothDoneAt = -Infinity;
  let bothAskedAt = -Infinity;

  const client = new ComputeClient({
    onReady(backend) {
      const s = store.getState();
      s.setBackend(backend);
      // One plain line; the drivers' own words only on demand.
      if (backend.fallbacks.length > 0)
        s.notify(
          'info',
          backend.name === 'cpu'
            ? 'The model runs on the processor: no graphics acceleration it can use was found. Everything works; it is a little slower.'
            : `The model runs on ${backend.name}: a faster option was not available.`,
          backend.fallbacks
            .map((f) => `${f.name} is unavailable (${f.reason}); using ${backend.name} instead.`)
            .join(' '),
        );
      started = true;
      void fetchIndex();
      requestCurrent();
    },
    onInitError(message) {
      store.getState().setBackendError(message);
      started = true;
      // Geometry does not need tfjs: keep the phantom explorer usable without it.
      store.getState().setSource('phantom');
      requestCurrent();
    },
    onResult(outcome, latencyMs, job) {
      const s = store.getState();
      if (outcome.kind === 'lv' && job.kind === 'lv-model' && !outcome.skippedPhase)
        bothDoneAt = performance.now();
      if (outcome.kind === 'lv-cycle') {
        s.setCycle({ frames: outcome.frames, loading: false, frame: 0 });
        startCycleTimer();
        return;
      }
      if (outcome.kind === 'lv' && outcome.model && job.kind !== 'lv') {
        if (s.source !== 'model' || s.modelInfo?.id !== outcome.model.modelId) return;
        // A full-quality shape of a code the user has already dragged away from is not shown.
        if (
          job.kind === 'lv-model' &&
          !job.step &&
          job.quality === 'full' &&
          s.latent &&
          job.levels !== s.latent.levels
        )
          return;
        handleModelResult(outcome, job);
      } else if (outcome.kind === 'lv' && s.source !== 'phantom') return;
      s.setOutcome(outcome as LvOutcome, latencyMs);
    },
    onJobError(message, job) {
      const s = store.getState();
      if (job.kind === 'lv-encode') {
        s.setEncoding(null);
        s.notify(
          'error',
          joinSentences(`Could not use the dropped file: ${message}`, 'The previous shape is kept.'),
        );
        return;
      }
      if (job.kind === 'lv-cycle') s.setCycle({ loading: false, playing: false });
      if (job.kind === 'lv-model' && job.step) {
        navInFlight = false;
        s.setNav({ playing: false, remaining: 0 });
      }
      s.notify(
        'error',
        joinSentences(`Could not build the shape: ${message}`, 'The previous shape is kept.'),
      );
      if (/device (was )?lost|GPUDevice|webgpu/i.test(message)) {
        s.notify(
          'warning',
          'The GPU device was lost; the page keeps the last shape. Reload to start the GPU again, or add ?backend=cpu.',
        );
      }
    },
    onBusyChange(busy) {
      store.getState().setBusy(busy);
    },
    onModelProgress(id, fraction, stage) {
      store.getState().setModelLoad({ id, status: 'loading', fraction, stage, message: null });
    },
    onDeviceLost(message, abandoned) {
      const s = store.getState();
      for (const job of abandoned) {
        if (job.kind === 'lv-model' && job.step) {
          navInFlight = false;
          s.setNav({ playing: false, remaining: 0 });
        }
        if (job.kind === 'lv-encode') {
          s.setEncoding(null);
          s.notify('error', 'The dropped file was not finished when the GPU was lost; drop it again.');
        }
        if (job.kind === 'lv-cycle') s.setCycle({ loading: false, playing: false });
      }
      s.notify(
        'warning',
        'The GPU device was lost. Continuing on the CPU: the model is reloaded there; your shape, code and pins are kept.',
        message,
      );
    },
    onBackendChanged(backend) {
      store.getState().setBackend(backend);
    },
    onModelReady(info, restored) {
      const s = store.getState();
      s.setModelLoad({ id: info.id, status: 'ready', fraction: 1, stage: 'ready', message: null });
      s.setModelInfo(info);
      // The same model back after a device loss: the code, path, pins and view stay as they are (the
      // new model info makes the shape be computed again).
      if (restored) return;
      s.setNav({ path: [], playing: false, remaining: 0, restarted: null });
      s.setPin('A', null);
      s.setPin('B', null);
      s.setView({ interp: null, colorBy: 'thickness', sideBySide: false });
      stopCycle();
      let intent: LatentIntent | null = null;
      if (shared && shared.model === info.id) {
        const sizes = info.levels.map((l) => l.size);
        if (shared.levels.length === sizes.length && shared.levels.every((l, i) => l.length === sizes[i])) {
          const { levels, clamped } = clampSharedLevels(shared.levels, codeLimits(info.levels));
          // An error notice: it stays until dismissed.
          if (clamped.length > 0)
            s.notify(
              'error',
              clampNotice(
                clamped,
                info.levels.map((l) => l.name),
              ),
            );
          intent = {
            levels,
            lowerMode: shared.lower,
            seed: shared.seed,
            logvarQ: null,
            interactive: false,
          };
          if (shared.camera) s.setCamera(shared.camera);
        } else {
          s.notify(
            'error',
            `This link's latent code has levels of ${shared.levels.map((l) => l.length).join(', ')} values; model ${info.id} has ${sizes.join(', ')}. Showing the mean healthy shape instead.`,
          );
        }
        shared = null;
      }
      s.setLatent(intent ?? defaultIntent(store.getState()));
    },
    onModelError(id, message) {
      const s = store.getState();
      s.setModelLoad({ id, status: 'error', fraction: 0, stage: '', message });
      s.notify(
        'error',
        `Could not load model ${id}: ${message}. ${s.modelInfo ? `Still showing ${s.modelInfo.id}.` : 'The phantom explorer still works.'}`,
      );
      if (!s.modelInfo) {
        s.setSource('phantom');
      }
    },
  });

  function defaultIntent(s: AppStore): LatentIntent {
    const info = s.modelInfo;
    const levels: LatentLevels = (info?.levels ?? []).map((l, i, all) =>
      i === all.length - 1 && l.perClass ? [...l.perClass.healthy.mean] : new Array<number>(l.size).fill(0),
    );
    return {
      levels,
      lowerMode: levels.length > 1 ? 'means' : 'free',
      seed: 1,
      logvarQ: null,
      interactive: false,
    };
  }

  async function fetchIndex(): Promise<void> {
    const s = store.getState();
    try {
      const res = await fetch(`${MODELS_BASE}/index.json`);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const models = parseIndex(await res.json());
      if (models.length === 0) throw new Error('it lists no cardiac model');
      s.setModels(models, null);
      const want =
        urlModel && models.some((m) => m.id === urlModel) ? urlModel : (models[0] as ModelEntry).id;
      if (urlModel && want !== urlModel)
        s.notify('error', `There is no model "${urlModel}"; loading ${want}.`);
      if (s.source === 'model') loadModel(want);
    } catch (err) {
      s.setModels(null, (err as Error).message);
      s.notify(
        'error',
        `The model list (models/index.json) could not be read: ${(err as Error).message}. The phantom explorer still works.`,
      );
      s.setSource('phantom');
    }
  }

  function loadModel(id: string): void {
    const s = store.getState();
    if (s.modelLoad.status === 'loading' && s.modelLoad.id === id) return;
    s.setModelLoad({ id, status: 'loading', fraction: 0, stage: 'downloading', message: null });
    client.loadModel(MODELS_BASE, id);
  }

  function modelJob(
    s: AppStore,
    intent: LatentIntent,
    quality: 'drag' | 'full',
    step: LvModelJob['step'],
  ): LvModelJob | null {
    const info = s.modelInfo;
    if (!info) return null;
    const pin = s.view.colorBy === 'displacement' ? s.pins[s.view.reference] : null;
    let phases: LvModelJob['phases'];
    if (quality === 'drag' && !step) {
      // Asked again only after a while: a two-phase job replaced while pending must not starve the refresh.
      const t = performance.now();
      const due = t - bothDoneAt >= OTHER_PHASE_REFRESH_MS && t - bothAskedAt >= OTHER_PHASE_REFRESH_MS / 3;
      if (due) bothAskedAt = t;
      else phases = [s.phase];
    }
    return {
      kind: 'lv-model',
      modelId: info.id,
      levels: intent.levels,
      lowerMode: intent.lowerMode,
      eps:
        intent.lowerMode === 'samples'
          ? seededEps(
              info.levels.map((l) => l.size),
              intent.seed,
            )
          : null,
      step,
      thicknessPhases: s.phase === 'ES' ? ['ED', 'ES'] : ['ED'],
      quality,
      referencePin: pin ? pin.id : null,
      logvarQ: intent.logvarQ,
      ...(phases ? { phases } : {}),
    };
  }

  function request(job: Job | null, keep = false): void {
    if (job) client.request(job, { keep });
  }

  function requestCurrent(quality: 'drag' | 'full' = 'full'): void {
    const s = store.getState();
    if (s.anatomy === 'skull') return request({ kind: 'skull', params: s.skullParams });
    if (s.source === 'phantom') {
      return request({
        kind: 'lv',
        params: s.lvParams,
        thicknessPhases: s.phase === 'ES' ? ['ED', 'ES'] : ['ED'],
      });
    }
    if (s.latent) request(modelJob(s, s.latent, quality, null));
  }

  function handleModelResult(outcome: LvOutcome, job: Job): void {
    const s = store.getState();
    const m = outcome.model;
    if (!m) return;
    if (job.kind === 'lv-encode') {
      s.setEncoding(null);
      ownIntent = { levels: m.levels, lowerMode: 'free', seed: 1, logvarQ: m.logvarQ, interactive: false };
      s.setLatent(ownIntent);
      s.setNav({ path: [pathPoint(outcome)], remaining: 0, playing: false, restarted: null });
      const r = outcome.encoded;
      s.notify(
        'info',
        `Encoded ${r?.edName ?? 'the file'}${r?.esName ? ` and ${r.esName}` : ''}: p(HCM) ${(m.pHcm * 100).toFixed(1)} %. It is now the start of navigation.`,
      );
      return;
    }
    if (job.kind === 'lv-model' && job.step) {
      navInFlight = false;
      ownIntent = {
        levels: m.levels,
        lowerMode: job.lowerMode,
        seed: s.latent?.seed ?? 1,
        logvarQ: null,
        interactive: false,
      };
      s.setLatent(ownIntent);
      const remaining = Math.max(0, s.nav.remaining - 1);
      s.setNav({
        restarted: null,
        path: [...s.nav.path, pathPoint(outcome)],
        remaining,
        runs: remaining === 0 && s.nav.playing ? s.nav.runs + 1 : s.nav.runs,
      });
      if (remaining === 0) store.getState().setNav({ playing: false });
      else if (store.getState().nav.playing) queueMicrotask(stepOnce);
      return;
    }
    // A plain shape: the path starts here when there is none yet.
    if (m.quality === 'full' && s.nav.path.length === 0) s.setNav({ path: [pathPoint(outcome)] });
  }

  function pathPoint(o: LvOutcome): NonNullable<AppStore['nav']['path'][number]> {
    const m = o.model;
    return {
      top: topOf(m?.levels ?? []),
      levels: m?.levels ?? [],
      pHcm: m?.pHcm ?? NaN,
      maxWallThicknessMm: o.indexes.maxWallThicknessMm,
      massG: o.indexes.massG,
      efPct: o.indexes.efPct,
      edvMl: o.indexes.edvMl,
    };
  }

  /**
   * The code was changed other than by navigation (a slider, the map, reset, a sample, a mode): the
   * path no longer leads to it, so it starts again at the next shape, and says so when it had steps.
   */
  function restartPath(s: AppStore): void {
    const path = s.nav.path;
    if (path.length === 0) return;
    s.setNav({
      path: [],
      playing: false,
      remaining: 0,
      restarted:
        path.length > 1
          ? `The path of ${path.length - 1} step${path.length === 2 ? '' : 's'} was cleared: the code was changed ${
              s.latent?.interactive ? 'with a slider or the map' : 'by a reset, a sample or an edit'
            }, not by navigation. A new path starts at this shape.`
          : s.nav.restarted,
    });
  }

  function stepOnce(): void {
    const s = store.getState();
    if (!s.latent || navInFlight || !s.modelInfo) return;
    const job = modelJob(s, s.latent, 'full', {
      sign: s.nav.target === 'hcm' ? 1 : -1,
      lambda: s.nav.lambda,
    });
    if (!job) return;
    navInFlight = true;
    request(job, true);
  }

  function startCycleTimer(): void {
    if (cycleTimer) clearInterval(cycleTimer);
    let dir = 1;
    cycleTimer = setInterval(() => {
      const s = store.getState();
      const frames = s.view.cycle.frames;
      if (!frames || !s.view.cycle.playing) return;
      let f = s.view.cycle.frame + dir;
      if (f >= frames.length || f < 0) {
        dir = -dir;
        f = s.view.cycle.frame + dir;
      }
      s.setCycle({ frame: Math.max(0, Math.min(frames.length - 1, f)) });
    }, 120);
  }

  function stopCycle(): void {
    if (cycleTimer) clearInterval(cycleTimer);
    cycleTimer = null;
    store.getState().setCycle({ playing: false, frames: null, frame: 0, loading: false });
  }

  const unsub = store.subscribe((s, prev) => {
    if (!started) return;
    if (
      s.source !== prev.source &&
      s.source === 'model' &&
      !s.modelInfo &&
      s.models &&
      s.modelLoad.status !== 'loading'
    )
      loadModel((s.models[0] as ModelEntry).id);
    const needsEsThickness =
      s.anatomy === 'lv' && s.phase === 'ES' && s.lv !== null && s.lv.es.scalar === null;
    const common =
      (needsEsThickness && s.phase !== prev.phase) || s.anatomy !== prev.anatomy || s.source !== prev.source;
    if (s.anatomy === 'skull') {
      if (common || s.skullParams !== prev.skullParams) requestCurrent();
      return;
    }
    if (s.source === 'phantom') {
      if (common || s.lvParams !== prev.lvParams) requestCurrent();
      return;
    }
    // Model source.
    const pinsChanged = s.pins !== prev.pins && s.view.colorBy === 'displacement';
    const viewChanged = s.view.colorBy !== prev.view.colorBy || s.view.reference !== prev.view.reference;
    if (s.latent !== prev.latent && s.latent && s.latent !== ownIntent) {
      if (!keepPath) restartPath(s);
      if (s.view.cycle.frames) stopCycle();
      if (s.latent.interactive) {
        requestCurrent('drag');
        if (settleTimer) clearTimeout(settleTimer);
        settleTimer = setTimeout(() => {
          settleTimer = null;
          const now = store.getState();
          if (now.latent) now.setLatent({ ...now.latent, interactive: false });
        }, SETTLE_MS);
      } else requestCurrent('full');
    } else if (common || pinsChanged || viewChanged || s.modelInfo !== prev.modelInfo) {
      requestCurrent('full');
    }
    if (s.phase !== prev.phase && s.view.cycle.frames) stopCycle();
  });

  client.init(requested);

  const controller: Controller = {
    async encodeFiles(ed, es) {
      const s = store.getState();
      if (!s.modelInfo) {
        s.notify('error', 'Load a cardiac model first: dropped files are encoded by the model.');
        return;
      }
      s.setEncoding(ed.name);
      try {
        const job: Job = {
          kind: 'lv-encode',
          modelId: s.modelInfo.id,
          ed: { name: ed.name, bytes: await ed.arrayBuffer() },
          es: es ? { name: es.name, bytes: await es.arrayBuffer() } : null,
        };
        s.setNav({ playing: false, remaining: 0 });
        request(job, true);
      } catch (err) {
        s.setEncoding(null);
        s.notify('error', `Could not read the dropped file: ${(err as Error).message}`);
      }
    },
    pin(slot) {
      const s = store.getState();
      if (!s.lv?.model || !s.latent) return;
      const old = s.pins[slot];
      if (old) client.unpin(old.id);
      const id = pinIds++;
      client.pin(id);
      const p: Pin = {
        slot,
        id,
        intent: { ...s.latent, levels: s.lv.model.levels, lowerMode: 'free', interactive: false },
        outcome: s.lv,
        label: `p(HCM) ${(s.lv.model.pHcm * 100).toFixed(0)} %, mass ${
          s.lv.indexes.massG > 0 && Number.isFinite(s.lv.indexes.massG) ? s.lv.indexes.massG.toFixed(0) : '—'
        } g`,
      };
      s.setPin(slot, p);
    },
    unpin(slot) {
      const s = store.getState();
      const old = s.pins[slot];
      if (old) client.unpin(old.id);
      s.setPin(slot, null);
      if (s.view.colorBy === 'displacement' && s.view.reference === slot) s.setView({ colorBy: 'thickness' });
    },
    navigate(op) {
      const s = store.getState();
      if (op === 'play') {
        s.setNav({ playing: true, remaining: s.nav.remaining > 0 ? s.nav.remaining : s.nav.steps });
        stepOnce();
      } else if (op === 'pause') s.setNav({ playing: false });
      else if (op === 'step') {
        s.setNav({ playing: false, remaining: 1 });
        stepOnce();
      } else if (op === 'undo') {
        const path = s.nav.path;
        if (path.length < 2 || !s.latent) return;
        const prevPoint = path[path.length - 2];
        if (!prevPoint) return;
        s.setNav({ path: path.slice(0, -1), playing: false, remaining: 0 });
        keepPath = true;
        try {
          s.setLatent({
            ...s.latent,
            levels: prevPoint.levels,
            lowerMode: 'free',
            interactive: false,
            logvarQ: null,
          });
        } finally {
          keepPath = false;
        }
      } else if (op === 'clear') {
        s.setNav({ path: s.nav.path.slice(-1), playing: false, remaining: 0 });
      }
    },
    cycle(play) {
      const s = store.getState();
      if (!play) {
        stopCycle();
        return;
      }
      if (s.source !== 'model' || !s.lv?.model) return;
      s.setCycle({ playing: true, loading: true });
      request({ kind: 'lv-cycle', frames: 8 }, true);
    },
    loadModel,
    memory: () => client.memory(),
    loseGpuDevice: () => client.loseDevice(),
    dispose() {
      unsub();
      if (settleTimer) clearTimeout(settleTimer);
      if (cycleTimer) clearInterval(cycleTimer);
      client.dispose();
    },
  };
  return controller;
}
