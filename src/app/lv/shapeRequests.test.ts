/** Store changes → compute jobs: phantom, skull phantom, model code at drag and full quality. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Job } from '../../pipeline/protocol';
import { OTHER_PHASE_REFRESH_MS, SETTLE_MS } from '../../ui/dragPolicy';
import { createShapeRequests } from './shapeRequests';
import { modelOutcome, testContext, testModel } from './lvTestKit';

type ModelJob = Job & { kind: 'lv-model' };

/** A context, shape requests with a settable clock, and the store subscription the controller makes. */
function setup() {
  const ctx = testContext();
  let t = 1000;
  const shapes = createShapeRequests(ctx, () => t);
  const changed: number[] = [];
  ctx.store.subscribe((s, prev) => shapes.onStateChange(s, prev, () => changed.push(1)));
  return {
    ctx,
    shapes,
    store: ctx.store,
    changed,
    advance(ms: number) {
      t += ms;
    },
  };
}

const intent = (top: number[], interactive = false) => ({
  levels: [[0, 0, 0], top],
  lowerMode: 'means' as const,
  seed: 1,
  logvarQ: null,
  interactive,
});

afterEach(() => {
  vi.useRealTimers();
});

describe('shape requests', () => {
  it('the phantom asks for its parameters, with ES thickness only in the ES phase', () => {
    const t = setup();
    const s = t.store.getState();
    s.setSource('phantom');
    expect(t.ctx.client.last()).toEqual({ kind: 'lv', params: { septumMm: 10 }, thicknessPhases: ['ED'] });
    s.setLvParam('septumMm', 14);
    s.setPhase('ES'); // no shape yet: ES thickness is not missing, so no new job
    expect(t.ctx.client.requests).toHaveLength(2);
    s.setLvParam('septumMm', 15);
    expect(t.ctx.client.last()).toEqual({
      kind: 'lv',
      params: { septumMm: 15 },
      thicknessPhases: ['ED', 'ES'],
    });
  });

  it('the skull tab asks for the skull phantom', () => {
    const t = setup();
    t.store.getState().setAnatomy('skull');
    expect(t.ctx.client.last()).toEqual({ kind: 'skull', params: { gaWeeks: 24 } });
  });

  it('a dragged code is drawn at drag quality, then at full quality once it settles', () => {
    vi.useFakeTimers();
    const t = setup();
    const s = t.store.getState();
    s.setModelInfo(testModel());
    s.setLatent(intent([0.1, 0.1], true));
    expect((t.ctx.client.last() as ModelJob).quality).toBe('drag');
    expect(t.changed).toHaveLength(1);
    vi.advanceTimersByTime(SETTLE_MS - 1);
    expect(t.ctx.client.requests).toHaveLength(1); // the drag (no code yet when the model came)
    vi.advanceTimersByTime(1);
    const last = t.ctx.client.last() as ModelJob;
    expect(last.quality).toBe('full');
    expect(last.levels).toEqual([
      [0, 0, 0],
      [0.1, 0.1],
    ]);
    expect(t.store.getState().latent?.interactive).toBe(false);
  });

  it('while dragging, the other phase is asked for at most every OTHER_PHASE_REFRESH_MS', () => {
    const t = setup();
    const s = t.store.getState();
    const phases = () => (t.ctx.client.last() as ModelJob).phases;
    s.setModelInfo(testModel());
    s.setLatent(intent([0.1, 0.1], true));
    expect(phases()).toBeUndefined(); // both phases
    t.shapes.noteResult(
      modelOutcome([
        [0, 0, 0],
        [0.1, 0.1],
      ]),
      t.ctx.client.last(),
    );
    t.advance(10);
    s.setLatent(intent([0.2, 0.2], true));
    expect(phases()).toEqual(['ED']);
    t.advance(OTHER_PHASE_REFRESH_MS - 11);
    s.setLatent(intent([0.3, 0.3], true));
    expect(phases()).toEqual(['ED']);
    t.advance(1);
    s.setLatent(intent([0.4, 0.4], true));
    expect(phases()).toBeUndefined();
    // Asked for both a moment ago but not answered yet: not asked again at once.
    t.advance(10);
    s.setLatent(intent([0.5, 0.5], true));
    expect(phases()).toEqual(['ED']);
  });

  it("the controller's own code is not asked for again, nor counted as the person's change", () => {
    const t = setup();
    const s = t.store.getState();
    s.setModelInfo(testModel());
    const n = t.ctx.client.requests.length;
    t.ctx.ownIntent = intent([1, 1]);
    s.setLatent(t.ctx.ownIntent);
    expect(t.ctx.client.requests).toHaveLength(n);
    expect(t.changed).toHaveLength(0);
  });

  it('displacement colours name the reference pin in the job', () => {
    const t = setup();
    const s = t.store.getState();
    s.setModelInfo(testModel());
    s.setLatent(intent([0, 0]));
    s.setPin('B', { slot: 'B', id: 42, intent: intent([0, 0]), outcome: modelOutcome([]), label: '' });
    s.setView({ colorBy: 'displacement', reference: 'B' });
    expect((t.ctx.client.last() as ModelJob).referencePin).toBe(42);
  });

  it('results of another model, or of a code dragged away from, are stale', () => {
    const t = setup();
    const s = t.store.getState();
    s.setModelInfo(testModel());
    s.setLatent(intent([0.1, 0.1]));
    const job = t.ctx.client.last() as ModelJob;
    const out = modelOutcome(job.levels);
    expect(t.shapes.isStale(t.store.getState(), out, job)).toBe(false);
    expect(t.shapes.isStale(t.store.getState(), modelOutcome(job.levels, { modelId: 'other' }), job)).toBe(
      true,
    );
    s.setLatent(intent([0.5, 0.5], true));
    expect(t.shapes.isStale(t.store.getState(), out, job)).toBe(true);
    s.setSource('phantom');
    expect(t.shapes.isStale(t.store.getState(), out, { ...job, quality: 'drag' })).toBe(true);
  });
});
