/** Gradient navigation: steps become kept jobs, results become the code and the path; undo and restarts. */
import { describe, expect, it } from 'vitest';
import type { Job } from '../../pipeline/protocol';
import { createNavigation, restartedNote } from './navigation';
import { createShapeRequests } from './shapeRequests';
import { modelOutcome, testContext, testModel } from './lvTestKit';

type StepJob = Job & { kind: 'lv-model' };

function setup() {
  const ctx = testContext();
  const s = ctx.store.getState();
  s.setModelInfo(testModel());
  s.setLatent({
    levels: [
      [0, 0, 0],
      [0.5, 0.5],
    ],
    lowerMode: 'means',
    seed: 3,
    logvarQ: null,
    interactive: false,
  });
  const nav = createNavigation(ctx, createShapeRequests(ctx));
  return { ctx, nav, store: ctx.store };
}

/** Answers the last requested step as the worker would, with the code moved by +0.1 per step. */
function answerStep(t: ReturnType<typeof setup>, pHcm: number): void {
  const job = t.ctx.client.last() as StepJob;
  const top = (job.levels[1] ?? []).map((v) => v + 0.1);
  t.nav.onStepResult(modelOutcome([job.levels[0] ?? [], top], { pHcm }), job);
}

describe('navigation', () => {
  it('one step asks for a kept model job towards HCM with the set λ, and only one at a time', () => {
    const t = setup();
    t.store.getState().setNav({ lambda: 0.25, target: 'hcm' });
    t.nav.navigate('step');
    t.nav.navigate('step');
    expect(t.ctx.client.requests).toHaveLength(1);
    const r = t.ctx.client.requests[0];
    expect(r?.keep).toBe(true);
    expect(r?.job).toMatchObject({ kind: 'lv-model', step: { sign: 1, lambda: 0.25 }, quality: 'full' });
    t.store.getState().setNav({ target: 'healthy' });
    answerStep(t, 0.4);
    t.nav.navigate('step');
    expect((t.ctx.client.last() as StepJob).step).toEqual({ sign: -1, lambda: 0.25 });
  });

  it("a step's result becomes the code (the controller's own) and the next point of the path", () => {
    const t = setup();
    t.store.getState().setNav({ path: [] });
    t.nav.navigate('step');
    answerStep(t, 0.4);
    const s = t.store.getState();
    expect(s.latent?.levels[1]).toEqual([0.6, 0.6]);
    expect(s.latent?.lowerMode).toBe('means');
    expect(s.latent?.seed).toBe(3);
    expect(t.ctx.ownIntent).toBe(s.latent);
    expect(s.nav.path.map((p) => p.pHcm)).toEqual([0.4]);
    expect(s.nav.path[0]?.top).toEqual([0.6, 0.6]);
    expect(s.nav.remaining).toBe(0);
    expect(s.nav.playing).toBe(false);
  });

  it('play runs the set number of steps, then stops and counts the run', async () => {
    const t = setup();
    t.store.getState().setNav({ steps: 3, runs: 0 });
    t.nav.navigate('play');
    for (let i = 0; i < 3; i++) {
      expect(t.ctx.client.requests).toHaveLength(i + 1);
      answerStep(t, 0.3 + 0.1 * i);
      await Promise.resolve(); // the next step is queued as a microtask
    }
    const s = t.store.getState();
    expect(t.ctx.client.requests).toHaveLength(3);
    expect(s.nav.path).toHaveLength(3);
    expect(s.nav.playing).toBe(false);
    expect(s.nav.runs).toBe(1);
    expect(s.latent?.levels[1]?.map((v) => Number(v.toFixed(6)))).toEqual([0.8, 0.8]);
  });

  it('pause stops a run after the step in flight', async () => {
    const t = setup();
    t.store.getState().setNav({ steps: 5 });
    t.nav.navigate('play');
    t.nav.navigate('pause');
    answerStep(t, 0.3);
    await Promise.resolve();
    expect(t.ctx.client.requests).toHaveLength(1);
    expect(t.store.getState().nav.remaining).toBe(4);
  });

  it('undo goes back one point and keeps the path; clear keeps only the last point', () => {
    const t = setup();
    for (const p of [0.3, 0.4, 0.5]) {
      t.nav.navigate('step');
      answerStep(t, p);
    }
    const before = t.store.getState().nav.path;
    // As the controller listens: a code that is not the controller's own is the person's change.
    t.store.subscribe((now, prev) => {
      if (now.latent !== prev.latent && now.latent !== t.ctx.ownIntent) t.nav.onCodeChanged(now);
    });
    // The code change the undo makes is the controller's: the path must survive it.
    t.nav.navigate('undo');
    let s = t.store.getState();
    expect(s.nav.path.map((p) => p.pHcm)).toEqual([0.3, 0.4]);
    expect(s.latent?.levels).toEqual(before[1]?.levels);
    // The steps were taken with the lower levels at the prior means: undo restores that mode, so the
    // page shows the point's own p(HCM) again (not the re-encoded shape's, which a 'free' code shows).
    expect(s.latent?.lowerMode).toBe('means');
    t.nav.navigate('clear');
    s = t.store.getState();
    expect(s.nav.path.map((p) => p.pHcm)).toEqual([0.4]);
  });

  it('undo of steps from a code with lower levels of its own (an encoded heart) keeps them free', () => {
    const t = setup();
    const s0 = t.store.getState();
    s0.setLatent({
      ...(s0.latent ?? { levels: [], seed: 1, logvarQ: null, interactive: false }),
      lowerMode: 'free',
    });
    for (const p of [0.3, 0.4]) {
      t.nav.navigate('step');
      expect((t.ctx.client.last() as StepJob).lowerMode).toBe('free');
      answerStep(t, p);
    }
    t.nav.navigate('undo');
    const s = t.store.getState();
    expect(s.nav.path).toHaveLength(1);
    expect(s.latent?.lowerMode).toBe('free');
  });

  it('a change of code by the person clears a path of steps and says why', () => {
    const t = setup();
    for (const p of [0.3, 0.4, 0.5]) {
      t.nav.navigate('step');
      answerStep(t, p);
    }
    const s = t.store.getState();
    s.setLatent({
      ...(s.latent ?? { levels: [], lowerMode: 'free', seed: 1, logvarQ: null }),
      interactive: true,
    });
    t.nav.onCodeChanged(t.store.getState());
    const after = t.store.getState().nav;
    expect(after.path).toEqual([]);
    expect(after.restarted).toBe(
      'The path of 2 steps was cleared: the code was changed with a slider or the map, not by navigation. A new path starts at this shape.',
    );
  });

  it('a one-point path restarts without a note; a failed step stops the run', () => {
    const t = setup();
    t.store.getState().setNav({ path: [], restarted: null });
    t.nav.onShape(
      modelOutcome(
        [
          [0, 0, 0],
          [1, 1],
        ],
        { pHcm: 0.9 },
      ),
    );
    expect(restartedNote(t.store.getState())).toBeNull();
    expect(t.store.getState().nav.path.map((p) => p.pHcm)).toEqual([0.9]);
    t.store.getState().setNav({ steps: 4 });
    t.nav.navigate('play');
    t.nav.onStepFailed();
    expect(t.store.getState().nav).toMatchObject({ playing: false, remaining: 0 });
    t.nav.navigate('step');
    expect(t.ctx.client.requests).toHaveLength(2);
  });
});
