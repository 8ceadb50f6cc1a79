/**
 * The phantoms measured by the geometry package (marching cubes, wall thickness, LV indexes, skull
 * biometry): what was asked must be what is measured.
 */
import { describe, expect, it } from 'vitest';
import { marchingCubes } from '../geometry/marchingCubes';
import { isWatertight } from '../geometry/meshTopology';
import { lvIndexes } from '../geometry/lvIndexes';
import { skullBiometry } from '../geometry/skullBiometry';
import { lvWallThickness } from '../geometry/wallThickness';
import { validateLvParams } from './lvParams';
import { lvCavityShape, lvGrid, lvMyocardiumField, lvTruth } from './lvPhantom';
import { validateSkullParams } from './skullParams';
import { skullBoneField, skullGrid, skullTruth } from './skullPhantom';

describe('phantoms measured by src/geometry', () => {
  it('an 18 mm septum measures 18 ± 1 mm (epicardial vertices, septal mid region, 64³ grid)', () => {
    const p = validateLvParams({ septalMm: 18 }).params;
    const myo = lvMyocardiumField(p, 'ED', lvGrid());
    const mesh = marchingCubes(myo);
    expect(isWatertight(mesh)).toBe(true);
    const wt = lvWallThickness(mesh, myo);
    const shape = lvCavityShape(p, 'ED');
    const values: number[] = [];
    for (let v = 0; v < wt.isEndo.length; v++) {
      if (wt.isEndo[v]) continue;
      const x = mesh.positions[3 * v] as number;
      const y = mesh.positions[3 * v + 1] as number;
      const h = ((mesh.positions[3 * v + 2] as number) - shape.apexZMm) / shape.lengthMm;
      const fromSeptum = Math.abs(Math.atan2(y, -x));
      if (fromSeptum < (20 * Math.PI) / 180 && h > 0.35 && h < 0.65) values.push(wt.thickness[v] as number);
    }
    expect(values.length).toBeGreaterThan(50);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(Math.abs(mean - 18)).toBeLessThan(1);
    expect(Math.min(...values)).toBeGreaterThan(17);
    expect(Math.max(...values)).toBeLessThan(19);
  });

  it('an EF of 60 % measures 60 ± 3 % with lvIndexes on the 64³ grid (EDV, ESV, mass within 3 %)', () => {
    const p = validateLvParams({ efPct: 60 }).params;
    const g = lvGrid();
    const ix = lvIndexes(lvMyocardiumField(p, 'ED', g), lvMyocardiumField(p, 'ES', g));
    const truth = lvTruth(p);
    expect(Math.abs(ix.efPct - 60)).toBeLessThan(3);
    expect(Math.abs(ix.edvMl / truth.edvMl - 1)).toBeLessThan(0.03);
    expect(Math.abs(ix.esvMl / truth.esvMl - 1)).toBeLessThan(0.03);
    expect(Math.abs(ix.massG / truth.massG - 1)).toBeLessThan(0.03);
    expect(Math.abs(ix.maxWallThicknessMm - truth.maxThicknessMm)).toBeLessThan(1);
  });

  it('skull biometry recovers skullTruth within 2 % (0.5 mm grid at 20/28/36 w; default grid at 28/36 w)', () => {
    const fine = {
      dims: [300, 300, 200] as [number, number, number],
      spacing: [0.5, 0.5, 0.5] as [number, number, number],
      origin: [-74.75, -74.75, -50] as [number, number, number],
    };
    const cases: [number, boolean][] = [
      [20, false],
      [28, false],
      [36, false],
      [28, true],
      [36, true],
    ];
    for (const [ga, coarse] of cases) {
      const p = validateSkullParams({ gaWeeks: ga, hcZ: ga === 36 ? 1 : 0 }).params;
      const t = skullTruth(p);
      const b = skullBiometry(skullBoneField(p, coarse ? skullGrid() : fine));
      expect(Math.abs(b.hcMm / t.hcMm - 1)).toBeLessThan(0.02);
      expect(Math.abs(b.bpdMm / t.bpdMm - 1)).toBeLessThan(0.02);
      expect(Math.abs(b.ofdMm / t.ofdMm - 1)).toBeLessThan(0.02);
      expect(Math.abs(b.cephalicIndex - t.cephalicIndex)).toBeLessThan(1.5);
    }
  });
});
