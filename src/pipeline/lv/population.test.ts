import { describe, expect, it } from 'vitest';
import { chiSquareToSd, pooledStats, populationDistance } from './population';

describe('population distance', () => {
  it('Wilson–Hilferty matches χ² quantiles (known answers)', () => {
    // χ²_2 upper 0.00135 quantile = −2 ln 0.00135 = 13.215 → 3 SD.
    expect(chiSquareToSd(13.215, 2)).toBeCloseTo(3, 1);
    // χ²_32: median 31.34 → 0 SD; upper tail 0.001317 at 61.47 (regularised gamma) → z = 3.007.
    expect(chiSquareToSd(31.34, 32)).toBeCloseTo(0, 1);
    expect(chiSquareToSd(61.47, 32)).toBeCloseTo(3.0, 1);
  });

  it('pools two classes into one mixture per dimension', () => {
    const s = pooledStats({
      name: 'z',
      size: 1,
      perClass: { a: { mean: [-1], sd: [1], n: 10 }, b: { mean: [1], sd: [1], n: 10 } },
    });
    expect(s.mean[0]).toBeCloseTo(0, 12);
    expect(s.sd[0]).toBeCloseTo(Math.sqrt(2), 12);
  });

  it('a code at the mean is 0 away; one 5 SD out on one of 2 dimensions is beyond 3 SD', () => {
    const stats = [{ name: 'z', size: 2, perClass: { all: { mean: [1, 2], sd: [0.5, 2], n: 5 } } }];
    const [at] = populationDistance([[1, 2]], stats);
    expect(at!.mahalanobis).toBe(0);
    const [far] = populationDistance([[1 + 5 * 0.5, 2]], stats);
    expect(far!.mahalanobis).toBeCloseTo(5, 12);
    expect(far!.equivalentSd).toBeGreaterThan(3);
  });
});
