/**
 * Gradient navigation of the latent code (μ ← μ ± λ ∂logit/∂μ): runs of steps, one step, undo and
 * clear, and the path of shapes visited. The path starts again when the person changes the code by
 * other means (a slider, the map, reset, a sample).
 */
import { topOf, type PathPoint } from '../../state/explorerSlice';
import type { AppStore } from '../../state/store';
import type { Job, LvOutcome } from '../../pipeline/protocol';
import { requestJob, type LvContext } from './lvContext';
import type { ShapeRequests } from './shapeRequests';

export type NavOp = 'play' | 'pause' | 'step' | 'undo' | 'clear';

export interface Navigation {
  navigate(op: NavOp): void;
  /** A navigation step's shape arrived: it becomes the code and the next point of the path. */
  onStepResult(outcome: LvOutcome, job: Job & { kind: 'lv-model' }): void;
  /** A shape that is no step: the path starts here when there is none yet. */
  onShape(outcome: LvOutcome): void;
  /** A step failed or was abandoned: the run stops. */
  onStepFailed(): void;
  /** The person changed the code other than by navigation: the path starts again (undo keeps it). */
  onCodeChanged(s: AppStore): void;
}

/** The path point of a model shape (what the path chart and the map show). */
export function pathPoint(o: LvOutcome, lowerMode = o.model?.lowerMode ?? 'free'): PathPoint {
  const m = o.model;
  return {
    top: topOf(m?.levels ?? []),
    levels: m?.levels ?? [],
    lowerMode,
    pHcm: m?.pHcm ?? NaN,
    maxWallThicknessMm: o.indexes.maxWallThicknessMm,
    massG: o.indexes.massG,
    efPct: o.indexes.efPct,
    edvMl: o.indexes.edvMl,
  };
}

/** Why the path was cleared, said only when it had steps. */
export function restartedNote(s: AppStore): string | null {
  const path = s.nav.path;
  if (path.length <= 1) return s.nav.restarted;
  const steps = path.length - 1;
  return `The path of ${steps} step${steps === 1 ? '' : 's'} was cleared: the code was changed ${
    s.latent?.interactive ? 'with a slider or the map' : 'by a reset, a sample or an edit'
  }, not by navigation. A new path starts at this shape.`;
}

export function createNavigation(ctx: LvContext, shapes: ShapeRequests): Navigation {
  const { store } = ctx;
  let inFlight = false;
  /** Set while the controller itself moves the code back along the path (undo): the path is kept. */
  let keepPath = false;

  function stepOnce(): void {
    const s = store.getState();
    if (!s.latent || inFlight || !s.modelInfo) return;
    const job = shapes.modelJob(s, s.latent, 'full', {
      sign: s.nav.target === 'hcm' ? 1 : -1,
      lambda: s.nav.lambda,
    });
    if (!job) return;
    inFlight = true;
    requestJob(ctx, job, true);
  }

  function undo(s: AppStore): void {
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
        // A point whose lower levels followed the prior means is the same code in 'means' mode (and
        // its p(HCM) is the top level's, as when it was reached); anything else is kept as it was.
        lowerMode: prevPoint.lowerMode === 'means' ? 'means' : 'free',
        interactive: false,
        logvarQ: null,
      });
    } finally {
      keepPath = false;
    }
  }

  return {
    navigate(op) {
      const s = store.getState();
      if (op === 'play') {
        s.setNav({ playing: true, remaining: s.nav.remaining > 0 ? s.nav.remaining : s.nav.steps });
        stepOnce();
      } else if (op === 'pause') s.setNav({ playing: false });
      else if (op === 'step') {
        s.setNav({ playing: false, remaining: 1 });
        stepOnce();
      } else if (op === 'undo') undo(s);
      else s.setNav({ path: s.nav.path.slice(-1), playing: false, remaining: 0 });
    },
    onStepResult(outcome, job) {
      const m = outcome.model;
      if (!m) return;
      const s = store.getState();
      inFlight = false;
      ctx.ownIntent = {
        levels: m.levels,
        lowerMode: job.lowerMode,
        seed: s.latent?.seed ?? 1,
        logvarQ: null,
        interactive: false,
      };
      s.setLatent(ctx.ownIntent);
      const remaining = Math.max(0, s.nav.remaining - 1);
      s.setNav({
        restarted: null,
        path: [...s.nav.path, pathPoint(outcome, job.lowerMode)],
        remaining,
        runs: remaining === 0 && s.nav.playing ? s.nav.runs + 1 : s.nav.runs,
      });
      if (remaining === 0) store.getState().setNav({ playing: false });
      else if (store.getState().nav.playing) queueMicrotask(stepOnce);
    },
    onShape(outcome) {
      const s = store.getState();
      if (outcome.model?.quality === 'full' && s.nav.path.length === 0)
        s.setNav({ path: [pathPoint(outcome)] });
    },
    onStepFailed() {
      inFlight = false;
      store.getState().setNav({ playing: false, remaining: 0 });
    },
    onCodeChanged(s) {
      if (keepPath || s.nav.path.length === 0) return;
      s.setNav({ path: [], playing: false, remaining: 0, restarted: restartedNote(s) });
    },
  };
}
