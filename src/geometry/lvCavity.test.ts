import { describe, expect, it } from 'vitest';
import { gridCenter, shellField, sphereField } from './fields';
import { downsampleMean } from './downsample';
import { coarseLvCavityField, enclosedInSlices, lvCavityField } from './lvCavity';
import { cupShape } from './lvTestShapes';
import { marchingCubes } from './marchingCubes';
import { eulerCharacteristic, isWatertight, meshVolume } from './meshTopology';
import type { Vec3 } from './types';

describe('lvCavityField', () => {
  it.each([
    [1, 1, 1],
    [1.6, 1.6, 1.6],
    [1, 1, 2.5],
    [0.8, 0.9, 1.3],
  ])('cup at spacing %s × %s × %s: closed cavity within 2 percent of the analytic cap', (sx, sy, sz) => {
    const spacing: Vec3 = [sx, sy, sz];
    const dims: Vec3 = [Math.ceil(64 / sx), Math.ceil(64 / sy), Math.ceil(64 / sz)];
    const cup = cupShape(dims, spacing, 18, 25, 8);
    const mesh = marchingCubes(lvCavityField(cup.field));
    expect(isWatertight(mesh)).toBe(true);
    expect(eulerCharacteristic(mesh)).toBe(2);
    expect(Math.abs(meshVolume(mesh) / cup.cavityMm3 - 1)).toBeLessThan(0.02);
  });

  it('is negative exactly in the enclosed background and continuous across the endocardium', () => {
    const dims: Vec3 = [40, 40, 40];
    const spacing: Vec3 = [1, 1, 1];
    const c = gridCenter(dims, spacing);
    const shell = shellField(dims, spacing, c, 10, 15);
    const g = lvCavityField(shell);
    for (let p = 0; p < g.data.length; p++) {
      const i = p % 40;
      const j = Math.floor(p / 40) % 40;
      const k = Math.floor(p / 1600);
      const r = Math.hypot(i - c[0], j - c[1], k - c[2]);
      expect(g.data[p]! < 0).toBe(r < 10);
      expect(Math.abs(g.data[p]!)).toBeCloseTo(Math.abs(shell.data[p]!), 6);
    }
    // The closed shell's cavity is the inner sphere.
    const v = meshVolume(marchingCubes(g));
    expect(Math.abs(v / ((4 / 3) * Math.PI * 1000) - 1)).toBeLessThan(0.015);
  });

  it('finds no cavity in a solid object', () => {
    const dims: Vec3 = [20, 20, 20];
    const solid = sphereField(dims, [1, 1, 1], gridCenter(dims, [1, 1, 1]), 6);
    expect(enclosedInSlices(solid).some((x) => x === 1)).toBe(false);
    expect(marchingCubes(lvCavityField(solid)).indices.length).toBe(0);
  });

  it('encloses a hole touching the slice border only through object pixels (box reaching the border)', () => {
    // A ring whose outer edge is cut by the volume border on one side still encloses its inside.
    const dims: Vec3 = [20, 20, 3];
    const data = new Float32Array(20 * 20 * 3).fill(1);
    for (let k = 0; k < 3; k++) {
      for (let j = 0; j < 20; j++) {
        for (let i = 0; i < 20; i++) {
          const ring = i <= 8 && j >= 2 && j <= 12 && !(i >= 2 && i <= 6 && j >= 4 && j <= 10);
          if (ring) data[i + 20 * (j + 20 * k)] = -1;
        }
      }
    }
    const m = enclosedInSlices({ dims, spacing: [1, 1, 1], origin: [0, 0, 0], data });
    let n = 0;
    for (let p = 0; p < 400; p++) n += m[p]!;
    expect(n).toBe(5 * 7);
    expect(m[4 + 20 * 7]).toBe(1);
    expect(m[15 + 20 * 7]).toBe(0);
  });

  it('coarseLvCavityField equals the block means of the full cavity field', () => {
    for (const spacing of [
      [1.6, 1.6, 1.6],
      [1.2, 1.2, 2.5],
    ] as Vec3[]) {
      const dims: Vec3 = [Math.ceil(64 / spacing[0]), Math.ceil(64 / spacing[1]), Math.ceil(64 / spacing[2])];
      const cup = cupShape(dims, spacing, 18, 25, 8);
      const f: Vec3 = [2, 2, spacing[2] > 2 ? 1 : 2];
      const a = coarseLvCavityField(cup.field, f);
      const b = downsampleMean(lvCavityField(cup.field), f);
      expect(a.dims).toEqual(b.dims);
      expect(a.origin).toEqual(b.origin);
      expect(a.spacing).toEqual(b.spacing);
      expect(Array.from(a.data)).toEqual(Array.from(b.data));
    }
  });
});
