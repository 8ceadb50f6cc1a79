/** The cycle animation: frames asked once, played back and forth on a timer, stopped cleanly. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MeshPayload } from '../../pipeline/protocol';
import { CYCLE_FRAME_MS, CYCLE_FRAMES, createCycleAnimation } from './cycleAnimation';
import { modelOutcome, testContext } from './lvTestKit';

const frames = (n: number): MeshPayload[] =>
  Array.from({ length: n }, () => ({
    positions: new Float32Array(3),
    normals: new Float32Array(3),
    indices: new Uint32Array(0),
    scalar: null,
  }));

function setup(withShape = true) {
  const ctx = testContext();
  if (withShape) ctx.store.getState().setOutcome(modelOutcome([[0], [0]]), 1);
  return { ctx, anim: createCycleAnimation(ctx), store: ctx.store };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('cycle animation', () => {
  it('asks the worker once for the frames, kept, and only for a model shape', () => {
    const none = setup(false);
    none.anim.cycle(true);
    expect(none.ctx.client.requests).toEqual([]);
    const t = setup();
    t.anim.cycle(true);
    expect(t.ctx.client.requests).toEqual([{ job: { kind: 'lv-cycle', frames: CYCLE_FRAMES }, keep: true }]);
    expect(t.store.getState().view.cycle).toMatchObject({ playing: true, loading: true });
  });

  it('plays the frames back and forth, one per CYCLE_FRAME_MS', () => {
    const t = setup();
    t.anim.cycle(true);
    t.anim.onFrames(frames(3));
    const seen: number[] = [t.store.getState().view.cycle.frame];
    for (let i = 0; i < 6; i++) {
      vi.advanceTimersByTime(CYCLE_FRAME_MS);
      seen.push(t.store.getState().view.cycle.frame);
    }
    expect(seen).toEqual([0, 1, 2, 1, 0, 1, 2]);
    expect(t.store.getState().view.cycle.loading).toBe(false);
    t.anim.dispose();
  });

  it('stop forgets the frames and the timer; a failure stops the loading', () => {
    const t = setup();
    t.anim.cycle(true);
    t.anim.onFrames(frames(4));
    vi.advanceTimersByTime(CYCLE_FRAME_MS);
    t.anim.cycle(false);
    expect(t.store.getState().view.cycle).toEqual({ playing: false, frames: null, frame: 0, loading: false });
    expect(vi.getTimerCount()).toBe(0);
    t.anim.cycle(true);
    t.anim.onFailed();
    expect(t.store.getState().view.cycle).toMatchObject({ playing: false, loading: false });
  });
});
