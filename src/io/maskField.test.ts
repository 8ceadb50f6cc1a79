import { describe, expect, it } from 'vitest';
import type { Vec3, Volume } from '../geometry/types.ts';
import { marchingCubes } from '../geometry/marchingCubes.ts';
import { meshVolume } from '../geometry/meshTopology.ts';
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

describe('maskToField on thin structures', () => {
  it('keeps a one-voxel-thick plate inside after smoothing', () => {
    const dims: Vec3 = [9, 9, 9];
    const data = new Uint8Array(729);
    for (let k = 0; k < 9; k++) for (let j = 1; j < 8; j++) data[4 + 9 * (j + 9 * k)] = 1;
    const field = maskToField({ dims, spacing: [2, 2, 2], origin: [0, 0, 0], data }, (v) => v === 1);
    for (let i = 0; i < 729; i++) expect(Math.sign(field.data[i]!)).toBe(data[i] ? -1 : 1);
  });
});

describe('maskToField volumes', () => {
  it('the iso-surface encloses the voxel-count volume on a coarse anisotropic grid (10 mm slices)', () => {
    const dims: Vec3 = [48, 48, 9];
    const spacing: Vec3 = [1.5, 1.5, 10];
    const data = new Uint8Array(48 * 48 * 9);
    let count = 0;
    for (let k = 1; k < 8; k++)
      for (let j = 0; j < 48; j++)
        for (let i = 0; i < 48; i++) {
          const r = Math.hypot((i - 23.5) * 1.5, (j - 23.5) * 1.5);
          if (r > 14 && r < 22) {
            data[i + 48 * (j + 48 * k)] = 2;
            count++;
          }
        }
    const voxelMl = (count * 1.5 * 1.5 * 10) / 1000;
    const field = maskToField({ dims, spacing, origin: [0, 0, 0], data }, (v) => v === 2, {
      smoothPasses: 0,
    });
    const meshMl = meshVolume(marchingCubes(field)) / 1000;
    expect(Math.abs(meshMl / voxelMl - 1)).toBeLessThan(0.03);
  });
});
