import { describe, expect, it } from 'vitest';
import { chiSquareToSd, populationDistances, type LevelStats } from './population';

const stats = (name: string, size: number): LevelStats => ({
  name,
  perClass: {
    healthy: { mean: new Array<number>(size).fill(-1), sd: new Array<number>(size).fill(0.5) },
    hcm: { mean: new Array<number>(size).fill(1), sd: new Array<number>(size).fill(0.5) },
  },
});

describe('population distance', () => {
  it('one dimension: the distance is the number of SDs', () => {
    expect(chiSquareToSd(9, 1)).toBeCloseTo(3, 10);
    const [d] = populationDistances([[2.5]], [stats('z', 1)]);
    expect(d?.mahalanobis).toBeCloseTo(3, 10);
    expect(d?.sdEquivalent).toBeCloseTo(3, 10);
    expect(d?.nearer).toBe('hcm');
  });

  it('χ² quantiles map to their normal deviates (Wilson–Hilferty within 0.05)', () => {
    // Upper 0.135 % points (3 SD one-sided) of χ²₂ and χ²₆₄: 13.21 and 103.4.
    expect(chiSquareToSd(13.21, 2)).toBeCloseTo(3, 1);
    expect(chiSquareToSd(103.4, 64)).toBeCloseTo(3, 1);
    // The mean of χ²_k is about 0 SD.
    expect(Math.abs(chiSquareToSd(64, 64))).toBeLessThan(0.2);
  });

  it('a class mean is in the population; far along a direction it is not', () => {
    const s = [stats('z1', 64), stats('z3', 2)];
    const at = populationDistances([new Array<number>(64).fill(-1), [1, 1]], s);
    expect(at.map((d) => d.mahalanobis)).toEqual([0, 0]);
    const far = populationDistances([new Array<number>(64).fill(-1), [4, 4]], s);
    expect(far[1]?.sdEquivalent).toBeGreaterThan(3);
    expect(far[1]?.mahalanobis).toBeCloseTo(Math.hypot(6, 6), 10);
  });

  it('skips levels without statistics', () => {
    expect(populationDistances([[0]], [{ name: 'z', perClass: null }])).toEqual([]);
  });
});
