/**
 * Predictions of the skull from the slots' outline profiles (latest wins): the shown shape with its
 * uncertainty, the one before it when the planes changed, the colouring, and, for a held-out example,
 * the comparison with its true skull.
 */
import { SkullWorkerError } from '../../pipeline/skullClient';
import type { SkullPredictionResult } from '../../pipeline/skullProtocol';
import { slotProfile } from '../../state/skullExplorer';
import { planeWarnings } from '../../ui/skull/planeChecks';
import { messageOf, type SkullContext } from './skullContext';

/** Uncertainty samples per prediction. */
export const SKULL_K = 16;

export interface SkullPrediction {
  /** Predicts from the slots' current profiles; clears the shape without a usable axial plane. */
  predict(planesChanged?: boolean): void;
  /** Latent offsets per level, prior-σ units (a new prediction follows). */
  setOffsets(offsets: number[][]): void;
  setColorBy(colorBy: 'uncertainty' | 'bone'): void;
}

export function createSkullPrediction(ctx: SkullContext, ensureModel: () => Promise<void>): SkullPrediction {
  let seq = 0;

  function show(r: SkullPredictionResult, latencyMs: number, dropT0: number | null): void {
    const x = ctx.state().skullX;
    const old = x.prediction;
    const planesChanged = !old || old.planesUsed.join() !== r.planesUsed.join() || old.modelId !== r.modelId;
    const previous =
      old && planesChanged && old.modelId === r.modelId
        ? { meanMm: old.uncertainty.meanMm, p95Mm: old.uncertainty.p95Mm, planes: old.planesUsed }
        : planesChanged
          ? null
          : x.previous;
    const range = x.range.auto ? { loMm: 0, hiMm: Math.max(0.05, r.uncertainty.p95Mm), auto: true } : x.range;
    ctx.state().setSkullX({
      prediction: {
        ...r,
        latencyMs,
        mesh: {
          positions: r.positions,
          normals: r.normals,
          indices: r.indices,
          scalar: x.colorBy === 'uncertainty' ? r.stdMm : null,
        },
      },
      previous,
      range,
      version: x.version + 1,
      lastDropMs: dropT0 !== null ? performance.now() - dropT0 : x.lastDropMs,
    });
    if (dropT0 !== null) ctx.dropT0 = null;
    if (x.example) compareWithTruth(x.example.subject.index, r.radii);
  }

  /** Compares the example's prediction with its true skull (kept only while both are still shown). */
  function compareWithTruth(exampleIndex: number, radii: Float32Array): void {
    void ctx
      .worker()
      .compare(exampleIndex, radii)
      .then((comparison) => {
        const now = ctx.state().skullX;
        if (now.example?.subject.index === comparison.exampleIndex && now.prediction?.radii === radii)
          ctx.state().setSkullX({ example: { ...now.example, comparison } });
        return null;
      })
      .catch((e: unknown) =>
        ctx.state().setSkullX({ message: `Comparison with the truth failed: ${messageOf(e)}` }),
      );
  }

  function predict(planesChanged = true): void {
    const x = ctx.state().skullX;
    if (x.model.status !== 'ready' || !x.model.info) {
      if (x.model.status === 'idle') void ensureModel();
      return;
    }
    const warned = planeWarnings(x.slots);
    const planes = {
      axial: slotProfile(x.slots.axial, warned.axial.length > 0),
      sagittal: slotProfile(x.slots.sagittal, warned.sagittal.length > 0),
      coronal: slotProfile(x.slots.coronal, warned.coronal.length > 0),
    };
    if (!planes.axial) {
      ctx.dropT0 = null;
      const held = x.slots.axial.enabled && slotProfile(x.slots.axial) !== null;
      ctx.state().setSkullX({
        prediction: null,
        previous: null,
        message: held
          ? 'The axial plane has a warning (see its slot): confirm it to predict from it, or drop another.'
          : 'A prediction needs the axial (transventricular) plane: drop one, or pick an example.',
      });
      return;
    }
    const mine = ++seq;
    const t0 = performance.now();
    const dropT0 = planesChanged ? ctx.dropT0 : null;
    ctx.state().setSkullX({ busy: 'predicting…', message: null });
    ctx
      .worker()
      .predict({
        modelId: x.model.info.id,
        planes,
        k: SKULL_K,
        seed: 1,
        offsets: x.offsets,
        // The GA typed on the page sets the bones' suture widths and thickness (else from the HC).
        gaWeeks: x.gaWeeks,
      })
      .then((r) => {
        if (r) show(r, performance.now() - t0, dropT0);
        if (mine === seq) ctx.state().setSkullX({ busy: null });
        return null;
      })
      .catch((e: unknown) => {
        // A refusal meant for a person (a head outside the sizes the 3-D models cover: the sentence
        // names its size) is no failure, and the skull shown before belongs to other planes.
        if (e instanceof SkullWorkerError && e.user) {
          if (mine === seq)
            ctx.state().setSkullX({ busy: null, prediction: null, previous: null, message: e.message });
          return;
        }
        ctx.state().setSkullX({ busy: null, message: `Prediction failed: ${messageOf(e)}` });
      });
  }

  return {
    predict,
    setOffsets(offsets) {
      ctx.state().setSkullX({ offsets });
      predict(false);
    },
    setColorBy(colorBy) {
      const p = ctx.state().skullX.prediction;
      ctx.state().setSkullX({
        colorBy,
        prediction: p
          ? { ...p, mesh: { ...p.mesh, scalar: colorBy === 'uncertainty' ? p.stdMm : null } }
          : null,
      });
    },
  };
}
