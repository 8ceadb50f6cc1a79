import { describe, expect, it } from 'vitest';
import { lvIndexes, lvIndexesFromMeasures, lvPhaseMeasures, MYOCARDIUM_DENSITY_G_PER_ML } from './lvIndexes';
import { cupShape } from './lvTestShapes';
import { marchingCubes } from './marchingCubes';
import type { Vec3 } from './types';

describe('lvIndexes', () => {
  it.each([
    [1, 1, 1],
    [1.6, 1.6, 1.6],
    [1.2, 1.2, 2.5],
  ])(
    'ED/ES cups at %s × %s × %s: EDV, ESV, EF, mass within 2 percent, max thickness within half a voxel',
    (sx, sy, sz) => {
      const spacing: Vec3 = [sx, sy, sz];
      const dims: Vec3 = [Math.ceil(72 / sx), Math.ceil(72 / sy), Math.ceil(72 / sz)];
      const ed = cupShape(dims, spacing, 22, 30, 10);
      const es = cupShape(dims, spacing, 15, 26, 10);
      const r = lvIndexes(ed.field, es.field);
      const edv = ed.cavityMm3 / 1000;
      const esv = es.cavityMm3 / 1000;
      expect(Math.abs(r.edvMl / edv - 1)).toBeLessThan(0.02);
      expect(Math.abs(r.esvMl / esv - 1)).toBeLessThan(0.02);
      expect(r.svMl).toBeCloseTo(r.edvMl - r.esvMl, 10);
      expect(Math.abs(r.efPct - ((edv - esv) / edv) * 100)).toBeLessThan(1.5);
      const mass = (ed.myocardiumMm3 / 1000) * MYOCARDIUM_DENSITY_G_PER_ML;
      expect(Math.abs(r.massG / mass - 1)).toBeLessThan(0.02);
      expect(Math.abs(r.maxWallThicknessMm - 8)).toBeLessThan(Math.min(sx, sy, sz) / 2);
    },
  );

  it('reuses a given mesh and can skip thickness', () => {
    const spacing: Vec3 = [1.6, 1.6, 1.6];
    const cup = cupShape([40, 40, 40], spacing, 15, 21, 8);
    const mesh = marchingCubes(cup.field);
    const m = lvPhaseMeasures(cup.field, { mesh, thickness: false });
    expect(m.mesh).toBe(mesh);
    expect(m.thickness).toBeUndefined();
    expect(Number.isNaN(m.maxWallThicknessMm)).toBe(true);
    expect(Math.abs(m.cavityMl / (cup.cavityMm3 / 1000) - 1)).toBeLessThan(0.02);
    const full = lvPhaseMeasures(cup.field);
    expect(full.thickness?.thickness.length).toBe(full.mesh.positions.length / 3);
    const idx = lvIndexesFromMeasures(full, m);
    expect(idx.efPct).toBeCloseTo(0, 10);
  });
});
