import { describe, expect, it } from 'vitest';
import { gridCenter, sphereField } from './fields';
import { marchingCubes } from './marchingCubes';
import { dice, hausdorff, relativeVolumeDifference } from './metrics';
import type { Vec3 } from './types';

describe('dice', () => {
  const dims: Vec3 = [80, 64, 64];
  const spacing: Vec3 = [0.5, 0.5, 0.5];
  const c = gridCenter(dims, spacing);

  it('is 1 for identical volumes and the analytic lens ratio for offset spheres', () => {
    const r = 10;
    const d = 6;
    const a = sphereField(dims, spacing, [c[0] - d / 2, c[1] + 0.13, c[2] - 0.21], r);
    const b = sphereField(dims, spacing, [c[0] + d / 2, c[1] + 0.13, c[2] - 0.21], r);
    expect(dice(a, a)).toBe(1);
    // Intersection of two spheres of radius r at distance d: π(4r + d)(2r − d)² / 12.
    const lens = (Math.PI * (4 * r + d) * (2 * r - d) ** 2) / 12;
    const expected = lens / ((4 / 3) * Math.PI * r ** 3);
    expect(Math.abs(dice(a, b) / expected - 1)).toBeLessThan(0.01);
    // Disjoint spheres.
    const far = sphereField(dims, spacing, [c[0] + 25, c[1], c[2]], 4);
    expect(dice(a, far)).toBe(0);
  });

  it('refuses volumes on different grids with an actionable message', () => {
    const a = sphereField([10, 10, 10], [1, 1, 1], [5, 5, 5], 3);
    const b = sphereField([10, 10, 12], [1, 1, 1], [5, 5, 5], 3);
    expect(() => dice(a, b)).toThrow(/share a grid.*10×10×10 vs 10×10×12.*Resample/);
    const shifted = { ...a, origin: [1, 0, 0] as Vec3 };
    expect(() => dice(a, shifted)).toThrow(/origin/);
  });
});

describe('hausdorff', () => {
  it('concentric spheres of radius 20 and 22 mm are 2 mm apart', () => {
    const dims: Vec3 = [56, 56, 56];
    const spacing: Vec3 = [1, 1, 1];
    const c = gridCenter(dims, spacing);
    const a = marchingCubes(sphereField(dims, spacing, c, 20));
    const b = marchingCubes(sphereField(dims, spacing, c, 22));
    const h = hausdorff(a, b);
    expect(Math.abs(h.maxMm - 2)).toBeLessThan(0.1);
    expect(Math.abs(h.p95Mm - 2)).toBeLessThan(0.1);
    expect(Math.abs(h.meanMm - 2)).toBeLessThan(0.1);
    expect(hausdorff(a, a).maxMm).toBe(0);
  });
});

describe('relativeVolumeDifference', () => {
  it('is (Vpred − Vtrue) / Vtrue', () => {
    expect(relativeVolumeDifference(110, 100)).toBeCloseTo(0.1, 12);
    expect(relativeVolumeDifference(90, 100)).toBeCloseTo(-0.1, 12);
    expect(Number.isNaN(relativeVolumeDifference(1, 0))).toBe(true);
  });
});
