/**
 * Throttled panel values: every change arrives at once outside a drag; during a drag at most one per
 * interval, always ending on the newest value; unsubscribing cancels a pending refresh.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppStore } from './store';
import { subscribeLive } from './liveValue';

function store() {
  return createAppStore({ lvParams: {}, skullParams: {} });
}

const code = (x: number, interactive: boolean) => ({
  levels: [[x]],
  lowerMode: 'free' as const,
  seed: 1,
  logvarQ: null,
  interactive,
});

describe('subscribeLive', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('passes every change through outside a drag', () => {
    const s = store();
    const seen: (number | undefined)[] = [];
    subscribeLive(
      s,
      (st) => st.latent?.levels[0]?.[0],
      120,
      (v) => seen.push(v),
      () => Date.now(),
    );
    for (let i = 1; i <= 3; i++) s.getState().setLatent(code(i, false));
    expect(seen).toEqual([undefined, 1, 2, 3]);
  });

  it('during a drag: one value per interval, the newest one last, everything once the drag ends', () => {
    const s = store();
    const seen: (number | undefined)[] = [];
    const off = subscribeLive(
      s,
      (st) => st.latent?.levels[0]?.[0],
      120,
      (v) => seen.push(v),
      () => Date.now(),
    );
    s.getState().setLatent(code(1, true)); // first change of a drag: due at once (nothing shown recently)
    vi.advanceTimersByTime(0);
    for (let i = 2; i <= 10; i++) {
      s.getState().setLatent(code(i, true));
      vi.advanceTimersByTime(16);
    }
    // 9 more inputs over 144 ms: at most two more refreshes, the last one the newest value then.
    expect(seen.length).toBeLessThanOrEqual(4);
    vi.advanceTimersByTime(200);
    expect(seen[seen.length - 1]).toBe(10);
    s.getState().setLatent(code(11, false)); // settled: at once
    expect(seen[seen.length - 1]).toBe(11);
    s.getState().setLatent(code(12, true));
    off();
    vi.advanceTimersByTime(500);
    expect(seen[seen.length - 1]).not.toBe(12);
  });
});
