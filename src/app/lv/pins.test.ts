/** Pins: the worker keeps the pinned fields by id, the store the pinned shape; unpinning resets colours. */
import { describe, expect, it } from 'vitest';
import { createPins, pinLabel } from './pins';
import { modelOutcome, testContext } from './lvTestKit';

function setup(withShape = true) {
  const ctx = testContext();
  const s = ctx.store.getState();
  s.setLatent({
    levels: [
      [0, 0, 0],
      [0.2, 0.3],
    ],
    lowerMode: 'means',
    seed: 1,
    logvarQ: null,
    interactive: false,
  });
  if (withShape)
    s.setOutcome(
      modelOutcome(
        [
          [0.1, 0.2, 0.3],
          [0.2, 0.3],
        ],
        { pHcm: 0.126, massG: 131.6 },
      ),
      10,
    );
  return { ctx, pins: createPins(ctx), store: ctx.store };
}

describe('pins', () => {
  it('labels say p(HCM) and mass, a dash for a mass that was not measured', () => {
    expect(pinLabel(0.126, 131.6)).toBe('p(HCM) 13 %, mass 132 g');
    expect(pinLabel(0.5, NaN)).toBe('p(HCM) 50 %, mass — g');
  });

  it('pins the shown shape with its decoded code; re-pinning a slot releases the old pin', () => {
    const t = setup();
    t.pins.pin('A');
    const a = t.store.getState().pins.A;
    expect(t.ctx.client.pins).toEqual([1]);
    expect(a?.intent.levels).toEqual([
      [0.1, 0.2, 0.3],
      [0.2, 0.3],
    ]);
    expect(a?.intent.lowerMode).toBe('free');
    expect(a?.label).toBe('p(HCM) 13 %, mass 132 g');
    t.pins.pin('A');
    t.pins.pin('B');
    expect(t.ctx.client.unpins).toEqual([1]);
    expect(t.ctx.client.pins).toEqual([1, 2, 3]);
    expect(t.store.getState().pins.A?.id).toBe(2);
    expect(t.store.getState().pins.B?.id).toBe(3);
  });

  it('nothing is pinned without a model shape', () => {
    const t = setup(false);
    t.pins.pin('A');
    expect(t.ctx.client.pins).toEqual([]);
    expect(t.store.getState().pins.A).toBeNull();
  });

  it('unpinning the displacement reference goes back to thickness colours', () => {
    const t = setup();
    t.pins.pin('A');
    t.pins.pin('B');
    t.store.getState().setView({ colorBy: 'displacement', reference: 'B' });
    t.pins.unpin('A');
    expect(t.store.getState().view.colorBy).toBe('displacement');
    t.pins.unpin('B');
    expect(t.ctx.client.unpins).toEqual([1, 2]);
    expect(t.store.getState().view.colorBy).toBe('thickness');
    expect(t.store.getState().pins).toEqual({ A: null, B: null });
  });
});
