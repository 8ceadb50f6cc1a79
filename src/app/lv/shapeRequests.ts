/**
 * Turns what the store asks to see into compute jobs: the phantom's parameters, the skull phantom's,
 * or the model's latent code (drag quality while a slider moves, full quality once it settles), and
 * decides which model results are still worth showing.
 */
import { seededEps } from '../../pipeline/modelJob';
import type { Job, LvModelJob, Outcome } from '../../pipeline/protocol';
import type { LatentIntent } from '../../state/explorerSlice';
import type { AppStore } from '../../state/store';
import { OTHER_PHASE_REFRESH_MS, SETTLE_MS } from '../../ui/dragPolicy';
import { requestJob, type LvContext } from './lvContext';

export interface ShapeRequests {
  /** The model job for `intent` (null without a model); `step`: a navigation step. */
  modelJob(
    s: AppStore,
    intent: LatentIntent,
    quality: 'drag' | 'full',
    step: LvModelJob['step'],
  ): LvModelJob | null;
  /** Requests the shape the store shows now. */
  requestCurrent(quality?: 'drag' | 'full'): void;
  /** Notes a finished job (when both phases last arrived). */
  noteResult(outcome: Outcome, job: Job): void;
  /** True when a model result no longer belongs on screen (other model or source, or a code dragged away from). */
  isStale(s: AppStore, outcome: Outcome, job: Job): boolean;
  /**
   * Reacts to a change of the store; `onCodeChanged` runs when the person changed the latent code
   * (not the controller), before the new shape is requested.
   */
  onStateChange(s: AppStore, prev: AppStore, onCodeChanged: (s: AppStore) => void): void;
  dispose(): void;
}

export function createShapeRequests(
  ctx: LvContext,
  now: () => number = () => performance.now(),
): ShapeRequests {
  /** When a shape with both phases last arrived, and when a drag job last asked for both. */
  let bothDoneAt = -Infinity;
  let bothAskedAt = -Infinity;
  let settleTimer: ReturnType<typeof setTimeout> | null = null;

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
      const t = now();
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

  function requestCurrent(quality: 'drag' | 'full' = 'full'): void {
    const s = ctx.store.getState();
    if (s.anatomy === 'skull') return requestJob(ctx, { kind: 'skull', params: s.skullParams });
    if (s.source === 'phantom') {
      return requestJob(ctx, {
        kind: 'lv',
        params: s.lvParams,
        thicknessPhases: s.phase === 'ES' ? ['ED', 'ES'] : ['ED'],
      });
    }
    if (s.latent) requestJob(ctx, modelJob(s, s.latent, quality, null));
  }

  /** A drag-quality shape is followed by a full one once the sliders rest for SETTLE_MS. */
  function settleLater(): void {
    if (settleTimer) clearTimeout(settleTimer);
    settleTimer = setTimeout(() => {
      settleTimer = null;
      const s = ctx.store.getState();
      if (s.latent) s.setLatent({ ...s.latent, interactive: false });
    }, SETTLE_MS);
  }

  return {
    modelJob,
    requestCurrent,
    noteResult(outcome, job) {
      if (outcome.kind === 'lv' && job.kind === 'lv-model' && !outcome.skippedPhase) bothDoneAt = now();
    },
    isStale(s, outcome, job) {
      if (outcome.kind !== 'lv' || !outcome.model) return false;
      if (s.source !== 'model' || s.modelInfo?.id !== outcome.model.modelId) return true;
      // A full-quality shape of a code the user has already dragged away from is not shown.
      return (
        job.kind === 'lv-model' &&
        !job.step &&
        job.quality === 'full' &&
        s.latent !== null &&
        job.levels !== s.latent.levels
      );
    },
    onStateChange(s, prev, onCodeChanged) {
      const needsEsThickness =
        s.anatomy === 'lv' && s.phase === 'ES' && s.lv !== null && s.lv.es.scalar === null;
      const common =
        (needsEsThickness && s.phase !== prev.phase) ||
        s.anatomy !== prev.anatomy ||
        s.source !== prev.source;
      if (s.anatomy === 'skull') {
        if (common || s.skullParams !== prev.skullParams) requestCurrent();
        return;
      }
      if (s.source === 'phantom') {
        if (common || s.lvParams !== prev.lvParams) requestCurrent();
        return;
      }
      const pinsChanged = s.pins !== prev.pins && s.view.colorBy === 'displacement';
      const viewChanged = s.view.colorBy !== prev.view.colorBy || s.view.reference !== prev.view.reference;
      if (s.latent !== prev.latent && s.latent && s.latent !== ctx.ownIntent) {
        onCodeChanged(s);
        if (s.latent.interactive) {
          requestCurrent('drag');
          settleLater();
        } else requestCurrent('full');
      } else if (common || pinsChanged || viewChanged || s.modelInfo !== prev.modelInfo) {
        requestCurrent('full');
      }
    },
    dispose() {
      if (settleTimer) clearTimeout(settleTimer);
      settleTimer = null;
    },
  };
}
