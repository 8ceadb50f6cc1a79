import { describe, expect, it } from 'vitest';
import { angleBetween } from './affine4';
import { principalAxes, symmetricEigen3 } from './principalAxes';

describe('principalAxes', () => {
  it('eigen-decomposes a symmetric matrix', () => {
    const { values, vectors } = symmetricEigen3([2, 1, 0, 1, 2, 0, 0, 0, 5]);
    expect(values[0]).toBeCloseTo(5, 10);
    expect(values[1]).toBeCloseTo(3, 10);
    expect(values[2]).toBeCloseTo(1, 10);
    expect(Math.abs(vectors[1][0])).toBeCloseTo(Math.SQRT1_2, 10);
    expect(Math.abs(vectors[0][2])).toBeCloseTo(1, 10);
  });
  it('finds the long axis of a tilted box of points, with weights', () => {
    const axis = [2, 1, 2].map((v) => v / 3) as [number, number, number];
    const side = [1, 0, -1].map((v) => v / Math.SQRT2) as [number, number, number];
    const pts: number[] = [];
    const w: number[] = [];
    for (let t = -20; t <= 20; t++)
      for (let u = -5; u <= 5; u++) {
        pts.push(...[0, 1, 2].map((c) => 7 + t * axis[c]! + u * side[c]!));
        w.push(2);
      }
    const pa = principalAxes(pts, w);
    expect(pa.centroid[0]).toBeCloseTo(7, 10);
    expect(Math.min(angleBetween(pa.axes[0], axis), Math.PI - angleBetween(pa.axes[0], axis))).toBeLessThan(
      1e-6,
    );
    expect(pa.variances[0]).toBeCloseTo(140, 8); // Σt²/n over −20…20 = 140
    expect(pa.variances[2]).toBeCloseTo(0, 8);
    expect(pa.weight).toBe(2 * 41 * 11);
    expect(() => principalAxes([])).toThrow(RangeError);
  });
});
