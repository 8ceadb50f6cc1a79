/**
 * The cardiac models: the index (`models/index.json`), which model to load (`?model=`, else the
 * first), loading progress, and what a newly loaded model starts with (the opening link's code, else
 * the mean healthy heart; no path, no pins). A model back after a GPU loss keeps everything.
 */
import type { LatentLevels } from '../../model/lvSession';
import type { ModelInfo } from '../../pipeline/modelInfo';
import type { LatentIntent, ModelEntry } from '../../state/explorerSlice';
import type { AppStore } from '../../state/store';
import { MODELS_BASE } from '../modelsBase';
import type { LvContext } from './lvContext';
import type { LvShareLink } from './lvShareLink';

/** Reads the index's cardiac models. */
export function parseIndex(json: unknown): ModelEntry[] {
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

/** The code a model starts with: the healthy class mean at the top level (when it has one), zeros below. */
export function defaultIntent(info: ModelInfo | null): LatentIntent {
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

/** Fetches `models/index.json` and returns its JSON (throws with the HTTP status). */
export type FetchIndex = () => Promise<unknown>;

export const fetchModelIndex: FetchIndex = async () => {
  const res = await fetch(`${MODELS_BASE}/index.json`);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.json() as Promise<unknown>;
};

export interface ModelLoading {
  /** Reads the index and loads the asked-for model (when the model source is shown). */
  fetchIndex(): Promise<void>;
  loadModel(id: string): void;
  onProgress(id: string, fraction: number, stage: string): void;
  /** `restored`: the same model back on the CPU after a GPU loss. */
  onReady(info: ModelInfo, restored: boolean): void;
  onError(id: string, message: string): void;
  /** Switching to the model source loads the first model when none is there. */
  onStateChange(s: AppStore, prev: AppStore): void;
}

export interface ModelLoadingDeps {
  /** `?model=` of the page, or null. */
  urlModel: string | null;
  link: LvShareLink;
  /** Stops the cycle animation (a new model's shapes are not the old one's frames). */
  stopCycle(): void;
  fetchIndex?: FetchIndex;
}

export function createModelLoading(ctx: LvContext, deps: ModelLoadingDeps): ModelLoading {
  const { store } = ctx;
  const fetchIndexJson = deps.fetchIndex ?? fetchModelIndex;

  function loadModel(id: string): void {
    const s = store.getState();
    if (s.modelLoad.status === 'loading' && s.modelLoad.id === id) return;
    s.setModelLoad({ id, status: 'loading', fraction: 0, stage: 'downloading', message: null });
    ctx.client.loadModel(MODELS_BASE, id);
  }

  return {
    async fetchIndex() {
      const s = store.getState();
      const { urlModel } = deps;
      try {
        const models = parseIndex(await fetchIndexJson());
        if (models.length === 0) throw new Error('it lists no cardiac model');
        s.setModels(models, null);
        const want =
          urlModel && models.some((m) => m.id === urlModel) ? urlModel : (models[0] as ModelEntry).id;
        if (urlModel && want !== urlModel)
          s.notify('error', `There is no model "${urlModel}"; loading ${want}.`);
        // The source when the index was asked for (a switch meanwhile does not stop the load).
        if (s.source === 'model') loadModel(want);
      } catch (err) {
        s.setModels(null, (err as Error).message);
        s.notify(
          'error',
          `The model list (models/index.json) could not be read: ${(err as Error).message}. The phantom explorer still works.`,
        );
        s.setSource('phantom');
      }
    },
    loadModel,
    onProgress(id, fraction, stage) {
      store.getState().setModelLoad({ id, status: 'loading', fraction, stage, message: null });
    },
    onReady(info, restored) {
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
      deps.stopCycle();
      const intent = deps.link.intentFor(info);
      s.setLatent(intent ?? defaultIntent(store.getState().modelInfo));
    },
    onError(id, message) {
      const s = store.getState();
      s.setModelLoad({ id, status: 'error', fraction: 0, stage: '', message });
      s.notify(
        'error',
        `Could not load model ${id}: ${message}. ${s.modelInfo ? `Still showing ${s.modelInfo.id}.` : 'The phantom explorer still works.'}`,
      );
      if (!s.modelInfo) s.setSource('phantom');
    },
    onStateChange(s, prev) {
      if (
        s.source !== prev.source &&
        s.source === 'model' &&
        !s.modelInfo &&
        s.models &&
        s.modelLoad.status !== 'loading'
      )
        loadModel((s.models[0] as ModelEntry).id);
    },
  };
}
