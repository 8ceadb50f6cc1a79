/** Cardiac share links: the opening link applied once and checked against the model; the shown shape's link. */
import { describe, expect, it } from 'vitest';
import { parseShareQuery } from '../shareUrl';
import { readLvShareLink } from './lvShareLink';
import { modelOutcome, testStore, testModel } from './lvTestKit';

describe('cardiac share links', () => {
  it('an unreadable link is said, and the default shape shown', () => {
    const store = testStore();
    const link = readLvShareLink(store, '?v=99&model=lv-test&z=0');
    expect(link.intentFor(testModel())).toBeNull();
    expect(store.getState().notices).toHaveLength(1);
    expect(store.getState().notices[0]?.text).toMatch(/Showing the default shape instead\.$/);
  });

  it('a code of the wrong size for the model is refused with both sizes named', () => {
    const store = testStore();
    const link = readLvShareLink(store, '?v=1&model=lv-test&z=0,0;1,1&lower=free');
    expect(link.intentFor(testModel('lv-test', [3, 2]))).toBeNull();
    expect(store.getState().notices.map((n) => n.text)).toEqual([
      "This link's latent code has levels of 2, 2 values; model lv-test has 3, 2. Showing the mean healthy shape instead.",
    ]);
  });

  it('a code far outside the training codes is clamped and said', () => {
    const store = testStore();
    const link = readLvShareLink(store, '?v=1&model=lv-test&z=0,0,0;40,0&lower=free');
    const intent = link.intentFor(testModel('lv-test', [3, 2]));
    expect(intent?.levels[1]?.[0]).toBeLessThan(40);
    expect(intent?.levels[1]?.[1]).toBe(0);
    expect(store.getState().notices).toHaveLength(1);
  });

  it('the shown shape writes a link that reads back to it, keeping ?backend=', () => {
    const store = testStore();
    const link = readLvShareLink(store, '?backend=cpu');
    const s = store.getState();
    expect(link.shareQuery(s)).toBeNull();
    s.setModelInfo(testModel());
    s.setLatent({
      levels: [
        [0, 0, 0],
        [0.1, 0.2],
      ],
      lowerMode: 'free',
      seed: 4,
      logvarQ: null,
      interactive: false,
    });
    s.setOutcome(
      modelOutcome([
        [0.5, 0.25, 0],
        [0.1, 0.2],
      ]),
      1,
    );
    s.setCamera({ position: [0, 0, 100], target: [1, 2, 3] });
    const q = link.shareQuery(store.getState());
    expect(q).not.toBeNull();
    expect(new URLSearchParams(q ?? '').get('backend')).toBe('cpu');
    // 'free' codes are shared as decoded (the shown shape's code), others as asked.
    expect(parseShareQuery(q ?? '')).toEqual({
      model: 'lv-test',
      levels: [
        [0.5, 0.25, 0],
        [0.1, 0.2],
      ],
      lower: 'free',
      seed: 1, // written only for 'samples' codes
      camera: { position: [0, 0, 100], target: [1, 2, 3] },
    });
    s.setSource('phantom');
    expect(link.shareQuery(store.getState())).toBeNull();
  });
});
