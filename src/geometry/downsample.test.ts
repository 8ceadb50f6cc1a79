import { describe, expect, it } from 'vitest';
import { coarseningFactors, downsampleMean } from './downsample';
import { sampleField } from './fields';
import type { Vec3 } from './types';

describe('coarseningFactors', () => {
  it('brings voxels up to 3.2 mm without exceeding it', () => {
    expect(coarseningFactors([1.6, 1.6, 1.6])).toEqual([2, 2, 2]);
    expect(coarseningFactors([1, 1, 1])).toEqual([3, 3, 3]);
    expect(coarseningFactors([1.2, 1.2, 2.5])).toEqual([2, 2, 1]);
    expect(coarseningFactors([3.2, 3.2, 3.2])).toEqual([1, 1, 1]);
    expect(coarseningFactors([4, 4, 4])).toEqual([1, 1, 1]);
    expect(coarseningFactors([1, 1, 1], 2)).toEqual([2, 2, 2]);
  });
});

describe('downsampleMean', () => {
  it('keeps a linear field exact at the block centres, with the grid moved to them', () => {
    const spacing: Vec3 = [1.6, 1.2, 2];
    const f = (x: number, y: number, z: number): number => 3 * x - 2 * y + 0.5 * z + 7;
    const vol = sampleField([11, 8, 6], spacing, f);
    vol.origin = [-5, 2, 10];
    // sampleField evaluated f at (i, j, k) · spacing; shift the function to the new origin.
    const g = (x: number, y: number, z: number): number => f(x + 5, y - 2, z - 10);
    const out = downsampleMean(vol, [2, 3, 2]);
    expect(out.dims).toEqual([5, 2, 3]);
    out.spacing.forEach((sp, a) => expect(sp).toBeCloseTo([3.2, 3.6, 4][a]!, 12));
    expect(out.origin[0]).toBeCloseTo(-5 + 0.8, 12);
    expect(out.origin[1]).toBeCloseTo(2 + 1.2, 12);
    expect(out.origin[2]).toBeCloseTo(10 + 1, 12);
    for (let k = 0; k < 3; k++) {
      for (let j = 0; j < 2; j++) {
        for (let i = 0; i < 5; i++) {
          const x = out.origin[0] + i * out.spacing[0];
          const y = out.origin[1] + j * out.spacing[1];
          const z = out.origin[2] + k * out.spacing[2];
          expect(out.data[i + 5 * (j + 2 * k)]).toBeCloseTo(g(x, y, z), 4);
        }
      }
    }
  });

  it('averages a block of known values and leaves factor 1 unchanged', () => {
    const vol = sampleField([2, 2, 2], [1, 1, 1], (x, y, z) => x + 2 * y + 4 * z); // 0..7
    expect(Array.from(downsampleMean(vol, [2, 2, 2]).data)).toEqual([3.5]);
    const same = downsampleMean(vol, [1, 1, 1]);
    expect(Array.from(same.data)).toEqual(Array.from(vol.data));
    expect(same.origin).toEqual(vol.origin);
  });

  it('rejects block sizes that are not positive integers or larger than the volume', () => {
    const vol = sampleField([4, 4, 4], [1, 1, 1], () => 0);
    expect(() => downsampleMean(vol, [2, 0, 2])).toThrow(/positive integers; got 2 × 0 × 2/);
    expect(() => downsampleMean(vol, [1.5, 2, 2])).toThrow(/positive integers/);
    expect(() => downsampleMean(vol, [5, 1, 1])).toThrow(/no full 5×1×1 block/);
  });
});
