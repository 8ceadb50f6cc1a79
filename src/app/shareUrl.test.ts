import { describe, expect, it } from 'vitest';
import type { LatentLevelInfo } from '../pipeline/modelInfo';
import { clampNotice, clampSharedLevels, codeLimits, parseShareQuery, shareQuery } from './shareUrl';

const level = (name: string, size: number, sd: number): LatentLevelInfo => ({
  name,
  size,
  perClass: {
    healthy: { mean: new Array<number>(size).fill(-1), sd: new Array<number>(size).fill(sd) },
    hcm: { mean: new Array<number>(size).fill(1), sd: new Array<number>(size).fill(sd) },
  },
  range: { lo: new Array<number>(size).fill(-3), hi: new Array<number>(size).fill(3) },
});

describe('share links', () => {
  it('round-trips a code and camera', () => {
    const q = shareQuery({
      model: 'lv-lvae',
      levels: [[0.5, -1.25], [2]],
      lower: 'free',
      seed: 1,
      camera: { position: [1, 2, 3], target: [0, 0, 0] },
    });
    expect(parseShareQuery(q)).toEqual({
      model: 'lv-lvae',
      levels: [[0.5, -1.25], [2]],
      lower: 'free',
      seed: 1,
      camera: { position: [1, 2, 3], target: [0, 0, 0] },
    });
  });

  it('refuses non-finite values (1e400 is Infinity, NaN, empty)', () => {
    for (const z of ['1e400,0', 'NaN,0', '0,', 'Infinity,1', '-1e999,2'])
      expect(() => parseShareQuery(`?v=1&model=lv-lvae&z=${z}`)).toThrow(/not a number/);
  });

  it('limits are ±5 SD of the training codes, never narrower than the sliders', () => {
    const [wide, narrow] = codeLimits([level('z1', 2, 2), level('z2', 1, 0.01)]);
    // Classes at −1 and +1 with SD 2: −1 − 10 … 1 + 10.
    expect(wide?.lo).toEqual([-11, -11]);
    expect(wide?.hi).toEqual([11, 11]);
    // SD 0.01: the slider range ±3 is wider than ±5 SD.
    expect(narrow?.lo).toEqual([-3]);
    expect(narrow?.hi).toEqual([3]);
  });

  it('clamps huge values (1e30, 1e308) to the limit and says so', () => {
    const info = [level('z1', 2, 2), level('z3', 1, 0.5)];
    const parsed = parseShareQuery('?v=1&model=lv-lvae&z=1e30,0.5;-1e308');
    expect(parsed).not.toBeNull();
    const { levels, clamped } = clampSharedLevels(parsed?.levels ?? [], codeLimits(info));
    expect(levels).toEqual([[11, 0.5], [-3.5]]);
    expect(clamped.map((c) => [c.level, c.dim, c.used])).toEqual([
      [0, 0, 11],
      [1, 0, -3.5],
    ]);
    const text = clampNotice(clamped, ['z1', 'z3']);
    expect(text).toContain('2 values beyond ±5 SD');
    expect(text).toContain('z3[1] = -1.00e+308');
    expect(levels.flat().every(Number.isFinite)).toBe(true);
  });

  it('leaves a code within its limits untouched', () => {
    const info = [level('z1', 2, 2)];
    expect(clampSharedLevels([[10.9, -10.9]], codeLimits(info))).toEqual({
      levels: [[10.9, -10.9]],
      clamped: [],
    });
  });
});
