/**
 * The skull explorer's controller: wires the skull part of the store to the skull worker. Started
 * once by the app; the worker itself starts when the skull planes are first shown, and then the
 * opening link is applied and the selected model loaded. Each concern is its own module; this file
 * composes them and offers the panels' commands.
 */
import { SkullClient } from '../../pipeline/skullClient';
import type { AppStore, AppStoreApi } from '../../state/store';
import type { SkullCommands } from '../../ui/commands';
import { backendOf, type MakeSkullWorker, type SkullContext, type SkullWorker } from './skullContext';
import { createSkullExamples } from './skullExamples';
import { createSkullModels } from './skullModels';
import { createSkullPlanes } from './skullPlanes';
import { createSkullPrediction } from './skullPrediction';
import { createSkullShareLink } from './skullShareLink';

export interface SkullController {
  /** Listens to the store: showing the skull planes applies the opening link and loads the model. */
  start(): void;
  /** Stops listening and ends the worker (when it was started). */
  dispose(): void;
  readonly commands: SkullCommands;
}

export interface SkullControllerOptions {
  /** Starts the skull worker (a fake in unit tests). */
  makeWorker?: MakeSkullWorker;
}

/** True when the skull planes (not the skull phantom) are on screen. */
const planesShown = (s: AppStore) => s.anatomy === 'skull' && s.skullX.source === 'planes';

export function createSkullController(
  store: AppStoreApi,
  search: string,
  options: SkullControllerOptions = {},
): SkullController {
  const makeWorker = options.makeWorker ?? ((backend) => new SkullClient(backend));
  let worker: SkullWorker | null = null;
  const ctx: SkullContext = {
    store,
    state: () => store.getState(),
    worker: () => (worker ??= makeWorker(backendOf(search))),
    dropT0: null,
  };
  const prediction = createSkullPrediction(ctx, () => models.ensureModel());
  const predict = () => prediction.predict();
  const models = createSkullModels(ctx, search, predict);
  const planes = createSkullPlanes(ctx, predict);
  const examples = createSkullExamples(ctx, planes, predict);
  const link = createSkullShareLink(ctx, search, predict);
  let unsubscribe: (() => void) | null = null;

  function showPlanes(): void {
    link.restoreFromUrl();
    void models.ensureModel();
  }

  return {
    commands: {
      selectModel: (id) => models.selectModel(id),
      dropFile: (kind, file) => planes.dropFile(kind, file),
      setPixel: (kind, mm) => planes.setPixel(kind, mm),
      removePlane: (kind) => planes.removePlane(kind),
      confirmPlane: (kind) => planes.confirmPlane(kind),
      setEnabled: (kind, enabled) => planes.setEnabled(kind, enabled),
      editEllipse: (kind, ellipse) => planes.editEllipse(kind, ellipse),
      loadExample: (index) => examples.loadExample(index),
      setOffsets: (offsets) => prediction.setOffsets(offsets),
      setColorBy: (colorBy) => prediction.setColorBy(colorBy),
      shareQuery: (s) => link.shareQuery(s),
    },
    start() {
      if (unsubscribe) return;
      unsubscribe = store.subscribe((s, prev) => {
        if (planesShown(s) && !planesShown(prev)) showPlanes();
        // A GA entered or cleared re-labels the bones of the shown prediction (the planes are the same).
        if (s.skullX.gaWeeks !== prev.skullX.gaWeeks && s.skullX.prediction) prediction.predict(false);
      });
      if (planesShown(store.getState())) showPlanes();
    },
    dispose() {
      unsubscribe?.();
      unsubscribe = null;
      worker?.dispose();
      worker = null;
    },
  };
}
