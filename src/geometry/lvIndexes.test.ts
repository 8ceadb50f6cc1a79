import { describe, expect, it } from 'vitest';
import {
  lvIndexes,
  lvIndexesFromMeasures,
  lvPhaseMeasures,
  MYOCARDIUM_DENSITY_G_PER_ML,
  type LvPhaseTimings,
} from './lvIndexes';
import { meshVolume } from './meshTopology';
import { downsampleMean } from './downsample';
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

  it.each([
    [1.6, 1.6, 1.6],
    [1, 1, 1],
    [1.2, 1.2, 2.5],
  ])(
    "quality 'drag' on cups at %s × %s × %s: EDV within 2.5 %, ESV 3.5 %, EF 1 point, mass 4 %, max thickness 0.3 mm",
    (sx, sy, sz) => {
      const spacing: Vec3 = [sx, sy, sz];
      const dims: Vec3 = [Math.ceil(72 / sx), Math.ceil(72 / sy), Math.ceil(72 / sz)];
      const ed = cupShape(dims, spacing, 22, 30, 10);
      const es = cupShape(dims, spacing, 15, 26, 10);
      const edM = lvPhaseMeasures(ed.field, { quality: 'drag' });
      const r = lvIndexesFromMeasures(edM, lvPhaseMeasures(es.field, { quality: 'drag', thickness: false }));
      const edv = ed.cavityMm3 / 1000;
      const esv = es.cavityMm3 / 1000;
      expect(Math.abs(r.edvMl / edv - 1)).toBeLessThan(0.025);
      expect(Math.abs(r.esvMl / esv - 1)).toBeLessThan(0.035);
      expect(Math.abs(r.efPct - ((edv - esv) / edv) * 100)).toBeLessThan(1);
      const mass = (ed.myocardiumMm3 / 1000) * MYOCARDIUM_DENSITY_G_PER_ML;
      expect(Math.abs(r.massG / mass - 1)).toBeLessThan(0.04);
      expect(Math.abs(r.maxWallThicknessMm - 8)).toBeLessThan(0.3);
      // Measured on the coarsened grid (2.4–3.2 mm voxels here), with far fewer vertices than the full mesh.
      expect(edM.quality).toBe('drag');
      for (const s of edM.cavityField.spacing) expect(s).toBeGreaterThan(2.39);
      const full = lvPhaseMeasures(ed.field, { thickness: false });
      expect(edM.mesh.positions.length).toBeLessThan(full.mesh.positions.length / 2.5);
      expect(edM.thickness?.thickness.length).toBe(edM.mesh.positions.length / 3);
    },
  );

  it("quality 'drag' keeps the cavity of a 2 mm wall that 3.2 mm voxels would open", () => {
    const cup = cupShape([64, 64, 64], [1.6, 1.6, 1.6], 24, 26, 10);
    const truth = cup.cavityMm3 / 1000;
    const drag = lvPhaseMeasures(cup.field, { quality: 'drag', thickness: false });
    expect(Math.abs(drag.cavityMl / truth - 1)).toBeLessThan(0.05);
    // The wall itself is coarsened (block means), so the slice enclosure on the coarse field alone leaks.
    const coarseOnly = lvPhaseMeasures(downsampleMean(cup.field, [2, 2, 2]), { thickness: false });
    expect(coarseOnly.cavityMl).toBeLessThan(0.5 * truth);
  });

  it("quality 'drag' keeps a field that is already coarse, and equals 'full' there", () => {
    const spacing: Vec3 = [3.2, 3.2, 3.2];
    const cup = cupShape([24, 24, 24], spacing, 22, 30, 10);
    const drag = lvPhaseMeasures(cup.field, { quality: 'drag' });
    const full = lvPhaseMeasures(cup.field);
    expect(drag.cavityMl).toBe(full.cavityMl);
    expect(drag.maxWallThicknessMm).toBe(full.maxWallThicknessMm);
    expect(drag.mesh.positions.length).toBe(full.mesh.positions.length);
  });

  it('the exact nearest-point search gives the same robust maximum; timings are filled in', () => {
    const cup = cupShape([45, 45, 45], [1.6, 1.6, 1.6], 18, 25, 8);
    const timings = {} as LvPhaseTimings;
    const walk = lvPhaseMeasures(cup.field, { timings });
    const exact = lvPhaseMeasures(cup.field, { mesh: walk.mesh, thicknessMethod: 'exact' });
    expect(Math.abs(walk.maxWallThicknessMm - exact.maxWallThicknessMm)).toBeLessThan(0.01);
    for (const k of ['mesh', 'cavityField', 'volumes', 'classify', 'thickness', 'total'] as const) {
      expect(timings[k]).toBeGreaterThan(0);
    }
    expect(timings.downsample).toBe(0);
    expect(timings.total).toBeGreaterThanOrEqual(timings.mesh + timings.thickness);
  });

  it('the cavity mesh is the capped blood pool (its volume is the cavity volume)', () => {
    const cup = cupShape([45, 45, 45], [1.6, 1.6, 1.6], 18, 25, 8);
    const m = lvPhaseMeasures(cup.field, { thickness: false });
    expect(meshVolume(m.cavityMesh) / 1000).toBeCloseTo(m.cavityMl, 10);
  });

  it('rejects an unknown quality or method and a reused mesh on a grid the drag path coarsens', () => {
    const cup = cupShape([40, 40, 40], [1.6, 1.6, 1.6], 15, 21, 8);
    const mesh = marchingCubes(cup.field);
    expect(() => lvPhaseMeasures(cup.field, { quality: 'fast' as 'drag' })).toThrow(
      /quality must be 'full' or 'drag'; got 'fast'/,
    );
    expect(() => lvPhaseMeasures(cup.field, { thicknessMethod: 'grid' as 'walk' })).toThrow(
      /method must be 'walk' or 'exact'; got 'grid'/,
    );
    expect(() => lvPhaseMeasures(cup.field, { quality: 'drag', mesh })).toThrow(
      /cannot be reused with quality 'drag'/,
    );
  });
});
