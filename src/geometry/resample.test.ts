/**
 * Trilinear resampling against known answers: an affine field is reproduced exactly inside the
 * source grid, the same grid returns the same data, positions beyond the grid take the edge value,
 * and random data agrees with per-point trilinear sampling (sampleVolume.ts) on an odd target grid.
 */
import { describe, expect, it } from 'vitest';
import { resampleTrilinear } from './resample';
import { sampleTrilinear } from './sampleVolume';
import type { Vec3, Volume } from './types';

function volume(
  dims: Vec3,
  spacing: Vec3,
  origin: Vec3,
  f: (x: number, y: number, z: number) => number,
): Volume<Float32Array> {
  const data = new Float32Array(dims[0] * dims[1] * dims[2]);
  let v = 0;
  for (let k = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++)
      for (let i = 0; i < dims[0]; i++, v++)
        data[v] = f(origin[0] + i * spacing[0], origin[1] + j * spacing[1], origin[2] + k * spacing[2]);
  return { dims, spacing, origin, data };
}

describe('resampleTrilinear', () => {
  const src = volume(
    [32, 32, 32],
    [3.2, 3.2, 3.2],
    [-49.6, -49.6, -49.6],
    (x, y, z) => 0.5 * x - 0.25 * y + 0.125 * z + 3,
  );

  it('reproduces an affine field on the 2× finer grid (inside the source grid)', () => {
    const out = resampleTrilinear(src, {
      dims: [64, 64, 64],
      spacing: [1.6, 1.6, 1.6],
      origin: [-50.4, -50.4, -50.4],
    });
    let worst = 0;
    for (let k = 1; k < 63; k++)
      for (let j = 1; j < 63; j++)
        for (let i = 1; i < 63; i++) {
          const [x, y, z] = [-50.4 + 1.6 * i, -50.4 + 1.6 * j, -50.4 + 1.6 * k];
          const want = 0.5 * x - 0.25 * y + 0.125 * z + 3;
          worst = Math.max(worst, Math.abs((out.data[i + 64 * (j + 64 * k)] as number) - want));
        }
    expect(worst).toBeLessThan(1e-4);
    expect(out.dims).toEqual([64, 64, 64]);
  });

  it('returns the same data on the same grid, and edge values beyond it', () => {
    const same = resampleTrilinear(src, src);
    expect(Math.max(...same.data.map((v, i) => Math.abs(v - (src.data[i] as number))))).toBeLessThan(1e-5);
    const outside = resampleTrilinear(src, {
      dims: [1, 1, 1],
      spacing: [1, 1, 1],
      origin: [-200, -200, -200],
    });
    expect(outside.data[0]).toBeCloseTo(src.data[0] as number, 5);
  });

  it('agrees with per-point trilinear sampling of random data on an odd grid', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 10 - 5;
    const noisy = volume([9, 7, 5], [2, 3, 4], [1, -2, 3], () => rand());
    const grid = { dims: [13, 11, 6] as Vec3, spacing: [1.7, 2.1, 4.3] as Vec3, origin: [-3, -5, 0] as Vec3 };
    const out = resampleTrilinear(noisy, grid);
    let v = 0;
    let worst = 0;
    for (let k = 0; k < 6; k++)
      for (let j = 0; j < 11; j++)
        for (let i = 0; i < 13; i++, v++) {
          const want = sampleTrilinear(noisy, -3 + 1.7 * i, -5 + 2.1 * j, 4.3 * k);
          worst = Math.max(worst, Math.abs((out.data[v] as number) - want));
        }
    expect(worst).toBeLessThan(1e-5);
  });
});
