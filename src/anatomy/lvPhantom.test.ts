import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../geometry/types';
import type { VolumeGrid } from './grid';
import { type LvParams, LV_FRAME, defaultLvParams, validateLvParams } from './lvParams';
import {
  LV_LABELS,
  lvCavityField,
  lvCavityShape,
  lvGrid,
  lvLabelMap,
  lvMyocardiumField,
  lvTruth,
} from './lvPhantom';
import { sampleLvCohort } from './lvPopulation';

/** 1 mm grid large enough for any allowed heart. */
const FINE: VolumeGrid = { dims: [104, 104, 104], spacing: [1, 1, 1], origin: [-51.5, -51.5, -51.5] };

/** Partial-volume count (mL) of a signed distance field: each voxel contributes clamp(½ − f/h, 0, 1). */
function pvVolumeMl(data: Float32Array, spacing: number): number {
  let v = 0;
  for (const f of data) v += Math.min(1, Math.max(0, 0.5 - f / spacing));
  return (v * spacing ** 3) / 1000;
}

/** Wall thickness (mm) crossed by a ray from the axis along direction `dir` at height z. */
function radialThickness(p: LvParams, dir: 1 | -1, axis: 'x' | 'y', z: number): number {
  const n = 1400;
  const step = 0.05;
  const dims: Vec3 = axis === 'x' ? [n, 1, 1] : [1, n, 1];
  const spacing: Vec3 = [step, step, 1];
  const start = dir > 0 ? 0 : -(n - 1) * step;
  const origin: Vec3 = axis === 'x' ? [start, 0, z] : [0, start, z];
  const f = lvMyocardiumField(p, 'ED', { dims, spacing, origin }).data;
  const crossings: number[] = [];
  for (let i = 0; i + 1 < n; i++) {
    const a = f[i] as number;
    const b = f[i + 1] as number;
    if (a < 0 !== b < 0) crossings.push(start + (i + a / (a - b)) * step);
  }
  expect(crossings.length).toBe(2);
  return Math.abs((crossings[1] as number) - (crossings[0] as number));
}

describe('LV phantom', () => {
  it('makes identical bytes for the same parameters and different bytes for different seeds', () => {
    const g = lvGrid();
    const [a] = sampleLvCohort(11, 1);
    const [b] = sampleLvCohort(11, 1);
    const [c] = sampleLvCohort(12, 1);
    if (!a || !b || !c) throw new Error('empty cohort');
    const fa = lvMyocardiumField(a.params, 'ED', g).data;
    const fb = lvMyocardiumField(b.params, 'ED', g).data;
    const fc = lvMyocardiumField(c.params, 'ED', g).data;
    expect(Buffer.from(fa.buffer).equals(Buffer.from(fb.buffer))).toBe(true);
    expect(Buffer.from(fa.buffer).equals(Buffer.from(fc.buffer))).toBe(false);
  });

  const cases: [string, Partial<LvParams>][] = [
    ['default healthy', {}],
    ['septal HCM', { edvMl: 110, lengthMm: 80, sphericity: 0.58, septalMm: 22, efPct: 75 }],
    ['dilated', { edvMl: 240, lengthMm: 90, sphericity: 0.7, efPct: 30, longShorteningPct: 8 }],
    [
      'concentric HCM',
      {
        edvMl: 90,
        lengthMm: 72,
        sphericity: 0.6,
        septalMm: 20,
        anteriorMm: 18,
        lateralMm: 19,
        inferiorMm: 18,
        apicalMm: 15,
        efPct: 78,
      },
    ],
  ];
  for (const [name, asked] of cases) {
    it(`${name}: EDV and ESV within 3 %, mass conserved ED→ES within 5 % (1 mm grid)`, () => {
      const { params: p, messages } = validateLvParams(asked);
      expect(messages).toEqual([]);
      const truth = lvTruth(p);
      const edv = pvVolumeMl(lvCavityField(p, 'ED', FINE).data, 1);
      const esv = pvVolumeMl(lvCavityField(p, 'ES', FINE).data, 1);
      expect(Math.abs(edv / truth.edvMl - 1)).toBeLessThan(0.03);
      expect(Math.abs(esv / truth.esvMl - 1)).toBeLessThan(0.03);
      expect(truth.esvMl).toBeCloseTo(p.edvMl * (1 - p.efPct / 100), 6);
      const massEd = pvVolumeMl(lvMyocardiumField(p, 'ED', FINE).data, 1) * 1.05;
      const massEs = pvVolumeMl(lvMyocardiumField(p, 'ES', FINE).data, 1) * 1.05;
      expect(Math.abs(massEs / massEd - 1)).toBeLessThan(0.05);
      expect(Math.abs(massEd / truth.massG - 1)).toBeLessThan(0.03);
      // Label counts agree with the fields.
      const lab = lvLabelMap(p, 'ED', FINE).data;
      let cav = 0;
      for (const v of lab) if (v === LV_LABELS.lvCavity) cav++;
      expect(Math.abs(cav / 1000 / truth.edvMl - 1)).toBeLessThan(0.03);
    });
  }

  it('measures the asked septal thickness radially along −x at mid-height (9 and 18 mm, ±1 mm)', () => {
    for (const septalMm of [9, 18]) {
      const p = validateLvParams({ septalMm }).params;
      const zMid = LV_FRAME.baseZMm - p.lengthMm / 2;
      expect(Math.abs(radialThickness(p, -1, 'x', zMid) - septalMm)).toBeLessThan(1);
      expect(Math.abs(radialThickness(p, 1, 'x', zMid) - p.lateralMm)).toBeLessThan(1);
      expect(Math.abs(radialThickness(p, 1, 'y', zMid) - p.anteriorMm)).toBeLessThan(1);
      expect(Math.abs(radialThickness(p, -1, 'y', zMid) - p.inferiorMm)).toBeLessThan(1);
    }
  });

  it('measures the apical thickness below the apex', () => {
    const p = validateLvParams({ apicalMm: 16 }).params;
    const shape = lvCavityShape(p, 'ED');
    const n = 800;
    const f = lvMyocardiumField(p, 'ED', {
      dims: [1, 1, n],
      spacing: [1, 1, 0.05],
      origin: [0, 0, shape.apexZMm - 30],
    }).data;
    let inside = 0;
    for (const v of f) if (v < 0) inside++;
    expect(Math.abs(inside * 0.05 - 16)).toBeLessThan(0.2);
  });

  it('thickens the wall at ES and shortens the cavity towards the fixed base', () => {
    const p = defaultLvParams();
    const ed = lvCavityShape(p, 'ED');
    const es = lvCavityShape(p, 'ES');
    expect(es.baseZMm).toBe(ed.baseZMm);
    expect(es.lengthMm).toBeCloseTo(ed.lengthMm * 0.85, 6);
    expect(es.volumeMl).toBeCloseTo(45, 6);
    const g: VolumeGrid = {
      dims: [1200, 1, 1],
      spacing: [0.05, 1, 1],
      origin: [-60, 0, ed.baseZMm - 0.5 * es.lengthMm],
    };
    const fEs = lvMyocardiumField(p, 'ES', g).data;
    let wall = 0;
    for (const v of fEs) if (v < 0) wall++;
    expect(wall * 0.05).toBeGreaterThan(p.septalMm * 1.3);
  });

  it('labels RV cavity on the septal side, myocardium and LV cavity', () => {
    const lab = lvLabelMap(defaultLvParams(), 'ED', lvGrid());
    const counts = [0, 0, 0, 0];
    let rvX = 0;
    const [nx, ny] = lab.dims;
    for (let idx = 0; idx < lab.data.length; idx++) {
      const v = lab.data[idx] as number;
      counts[v] = (counts[v] as number) + 1;
      if (v === LV_LABELS.rvCavity) rvX += lab.origin[0] + (idx % nx) * lab.spacing[0];
    }
    expect(counts.every((c) => c > 0)).toBe(true);
    expect(rvX / (counts[1] as number)).toBeLessThan(-25);
    expect(ny).toBe(64);
  });

  it('keeps the largest allowed hearts inside the default 64³ grid at ED and ES', () => {
    const g = lvGrid();
    const extremes: Partial<LvParams>[] = [
      {
        edvMl: 250,
        lengthMm: 95,
        sphericity: 0.9,
        septalMm: 30,
        anteriorMm: 30,
        lateralMm: 30,
        inferiorMm: 30,
        apicalMm: 30,
      },
      { edvMl: 250, lengthMm: 95, apicalMm: 3, efPct: 10, longShorteningPct: 10 },
      { edvMl: 120, septalMm: 30, lateralMm: 30, efPct: 85, longShorteningPct: 25 },
      ...sampleLvCohort(5, 30, 1).map((s) => s.params),
    ];
    for (const asked of extremes) {
      const p = validateLvParams(asked).params;
      for (const phase of ['ED', 'ES'] as const) {
        const f = lvMyocardiumField(p, phase, g);
        const [nx, ny, nz] = f.dims;
        let minBorder = Infinity;
        for (let k = 0; k < nz; k++) {
          for (let j = 0; j < ny; j++) {
            for (let i = 0; i < nx; i++) {
              if (i > 0 && j > 0 && k > 0 && i < nx - 1 && j < ny - 1 && k < nz - 1) continue;
              minBorder = Math.min(minBorder, f.data[i + nx * (j + ny * k)] as number);
            }
          }
        }
        expect(minBorder).toBeGreaterThan(0.5);
      }
    }
  });

  it('generates a 64³ ED + ES pair quickly (printed, not asserted)', () => {
    const g = lvGrid();
    const p = defaultLvParams();
    lvMyocardiumField({ ...p, edvMl: 149 }, 'ED', g); // warm-up
    lvMyocardiumField({ ...p, edvMl: 149 }, 'ES', g);
    const times: number[] = [];
    for (let r = 0; r < 5; r++) {
      const q = { ...p, edvMl: 150 + r };
      const t0 = performance.now();
      lvMyocardiumField(q, 'ED', g);
      lvMyocardiumField(q, 'ES', g);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.warn(
      JSON.stringify({
        check: 'lv64-ed+es-ms',
        median: Math.round(times[2] as number),
        min: Math.round(times[0] as number),
      }),
    );
    expect(times.length).toBe(5);
  });
});
