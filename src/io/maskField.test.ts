import { describe, expect, it } from 'vitest';
import type { Vec3, Volume } from '../geometry/types.ts';
import { maskToField, squaredDistanceTransform } from './maskField.ts';

function bruteForce(mask: Uint8Array, dims: Vec3, spacing: Vec3): Float64Array {
  const [nx, ny] = dims;
  const out = new Float64Array(mask.length).fill(1e20);
  for (let a = 0; a < mask.length; a++) {
    const ai = a % nx;
    const aj = Math.floor(a / nx) % ny;
    const ak = Math.floor(a / (nx * ny));
    for (let b = 0; b < mask.length; b++) {
      if (!mask[b]) continue;
      const d =
        ((b % nx) - ai) ** 2 * spacing[0] ** 2 +
        ((Math.floor(b / nx) % ny) - aj) ** 2 * spacing[1] ** 2 +
        (Math.floor(b / (nx * ny)) - ak) ** 2 * spacing[2] ** 2;
      out[a] = Math.min(out[a]!, d);
    }
  }
  return out;
}

describe('squaredDistanceTransform', () => {
  it('matches brute force on random anisotropic masks', () => {
    let seed = 7;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0), seed / 2 ** 32);
    for (const [dims, spacing] of [
      [
        [7, 5, 4],
        [1, 1.5, 4],
      ],
      [
        [9, 3, 6],
        [0.7, 2, 1],
      ],
    ] as [Vec3, Vec3][]) {
      const mask = new Uint8Array(dims[0] * dims[1] * dims[2]).map(() => (rand() < 0.08 ? 1 : 0));
      mask[3] = 1;
      const got = squaredDistanceTransform((i) => mask[i] === 1, dims, spacing);
      const want = bruteForce(mask, dims, spacing);
      for (let i = 0; i < mask.length; i++) expect(got[i]).toBeCloseTo(want[i]!, 6);
    }
  });
});

describe('maskToField', () => {
  it('a voxelised ball gives a field whose zero level sits at the ball radius', () => {
    const dims: Vec3 = [32, 32, 32];
    const spacing: Vec3 = [1, 1, 1];
    const data = new Uint8Array(32 ** 3);
    for (let k = 0; k < 32; k++)
      for (let j = 0; j < 32; j++)
        for (let i = 0; i < 32; i++)
          data[i + 32 * (j + 32 * k)] = Math.hypot(i - 15.5, j - 15.5, k - 15.5) < 10 ? 2 : 0;
    const vol: Volume = { dims, spacing, origin: [0, 0, 0], data };
    const field = maskToField(vol, (v) => v === 2);
    const at = (i: number, j: number, k: number): number => field.data[i + 32 * (j + 32 * k)]!;
    expect(at(15, 15, 15)).toBeLessThan(-8); // centre: deep inside
    expect(at(0, 0, 0)).toBeGreaterThan(10); // corner: far outside
    // Along +x from the centre the sign flips between voxel 25 (r = 9.5) and 26 (r = 10.5).
    expect(at(25, 15, 15)).toBeLessThan(0);
    expect(at(26, 15, 15)).toBeGreaterThan(0);
    expect(Math.abs(at(25, 15, 15) + at(26, 15, 15))).toBeLessThan(0.6);
  });
});
