/**
 * Import of LV label maps into the canonical frame: synthetic healthy and HCM phantoms cut into oblique
 * short-axis stacks (1.5 × 1.5 × 10 mm, 7–14 slices, random orientation, NEAREST labels), written to and
 * read back from NIfTI, then imported and compared with the full-resolution truth; every bad input gets
 * its own message; the two real ACDC cases import to plausible shapes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lvGrid, lvLabelMap, lvMyocardiumField, type LvPhase } from '../../src/anatomy/lvPhantom';
import { createRng, type Rng } from '../../src/anatomy/random';
import { sampleLvSubject, type LvSubject } from '../../src/anatomy/lvPopulation';
import { angleBetween } from '../../src/geometry/affine4';
import { lvPhaseMeasures } from '../../src/geometry/lvIndexes';
import { dice } from '../../src/geometry/metrics';
import type { Vec3, Volume } from '../../src/geometry/types';
import { UserInputError } from '../../src/io/errors';
import { readNifti, type NiftiVolume } from '../../src/io/nifti';
import { importLvLabelMaps } from '../../src/pipeline/lv/importLv';
import { makeShortAxisStack as makeStack } from './shortAxisStack';
import { realdataPath } from '../../test/realdata';

interface Outcome {
  diceEd: number;
  diceEs: number;
  axisDeg: number;
  septumDeg: number;
}

function runCase(s: LvSubject, rng: Rng, maxTiltDeg: number): Outcome & { slices: number } {
  const st = makeStack(s, rng, maxTiltDeg);
  const imp = importLvLabelMaps(st.ed, st.es);
  const truth = (ph: LvPhase): Volume<Float32Array> => lvMyocardiumField(s.params, ph, lvGrid());
  const t = imp.transform;
  const lateral: Vec3 = [t[0]!, t[1]!, t[2]!];
  return {
    diceEd: dice(imp.canonicalEd, truth('ED')),
    diceEs: imp.canonicalEs ? dice(imp.canonicalEs, truth('ES')) : NaN,
    axisDeg: (angleBetween(imp.report.longAxisWorld, st.rot[2]) * 180) / Math.PI,
    septumDeg: (angleBetween(lateral, st.rot[0]) * 180) / Math.PI,
    slices: st.slices,
  };
}

const round = (v: number): number => +v.toFixed(3);
const mean = (a: number[]): number => a.reduce((x, y) => x + y, 0) / a.length;

function summary(rows: (Outcome & { slices: number })[]): Record<string, number> {
  const pick = (k: keyof Outcome): number[] => rows.map((r) => r[k]);
  return {
    n: rows.length,
    diceEdMean: round(mean(pick('diceEd'))),
    diceEdMin: round(Math.min(...pick('diceEd'))),
    diceEsMean: round(mean(pick('diceEs'))),
    diceEsMin: round(Math.min(...pick('diceEs'))),
    axisDegMean: round(mean(pick('axisDeg'))),
    axisDegMax: round(Math.max(...pick('axisDeg'))),
    septumDegMean: round(mean(pick('septumDeg'))),
    septumDegMax: round(Math.max(...pick('septumDeg'))),
    slicesMin: Math.min(...rows.map((r) => r.slices)),
    slicesMax: Math.max(...rows.map((r) => r.slices)),
  };
}

describe('importLvLabelMaps on synthetic short-axis stacks', () => {
  it('recovers shape (Dice ≥ 0.80), long axis (< 10°) and septum (< 20°) from oblique 1.5 × 1.5 × 10 mm stacks', () => {
    const rng = createRng(20240611);
    const rows: (Outcome & { slices: number })[] = [];
    for (let i = 0; i < 8; i++) {
      const s = sampleLvSubject(rng, i % 2 === 0 ? 'healthy' : 'hcm');
      // Six short-axis stacks tilted up to 30° off the long axis, two at any orientation.
      rows.push(runCase(s, rng, i < 6 ? 30 : 90));
    }
    console.log(JSON.stringify({ check: 'lv-import-stacks', ...summary(rows) }));
    for (const r of rows) {
      expect(r.slices).toBeGreaterThanOrEqual(7);
      expect(r.slices).toBeLessThanOrEqual(14);
      expect(r.diceEd).toBeGreaterThanOrEqual(0.8);
      expect(r.diceEs).toBeGreaterThanOrEqual(0.8);
      expect(r.axisDeg).toBeLessThan(10);
      expect(r.septumDeg).toBeLessThan(20);
    }
  }, 240_000);

  it('imports ED alone (ES channel = ED, flagged) and binary masks without RV (cavity derived)', () => {
    const rng = createRng(7);
    const s = sampleLvSubject(rng, 'healthy');
    const st = makeStack(s, rng, 20);
    const edOnly = importLvLabelMaps(st.ed);
    expect(edOnly.report.esFromEd).toBe(true);
    expect(edOnly.canonicalEs).toBeUndefined();
    expect(edOnly.report.warnings.join('\n')).toMatch(/no ES map given/);
    for (let v = 0; v < edOnly.modelInput.length; v += 2) {
      expect(edOnly.modelInput[v + 1]).toBe(edOnly.modelInput[v]);
    }
    // Binary myocardium mask: no RV, no cavity label.
    const binary = { ...st.ed, data: st.ed.data.map((l) => (l === 2 ? 1 : 0)) };
    const imp = importLvLabelMaps(binary);
    expect(imp.report.convention).toBe('binary');
    expect(imp.report.cavityFrom).toBe('derived');
    expect(imp.report.septumFrom).toBe('default');
    expect(imp.report.warnings.join('\n')).toMatch(/no RV/);
    expect((angleBetween(imp.report.longAxisWorld, st.rot[2]) * 180) / Math.PI).toBeLessThan(10);
    // The roll is unknown, but a healthy LV is nearly a solid of revolution.
    expect(dice(imp.canonicalEd, lvMyocardiumField(s.params, 'ED', lvGrid()))).toBeGreaterThan(0.75);
    // The model input holds the normalised field in [−1, 1], < 0 inside (a healthy wall of ≈ 6 mm
    // reaches ≈ 3 mm deep, not the 8-mm clip), clipped to 1 far outside.
    expect(Math.min(...imp.modelInput)).toBeLessThan(-0.25);
    expect(Math.min(...imp.modelInput)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...imp.modelInput)).toBe(1);
  });
});

/** A small ACDC-style label map on an axis-aligned 2 mm grid (healthy default LV, with RV). */
function phantomMap(over: Partial<Volume> = {}): Volume {
  const s = sampleLvSubject(createRng(3), 'healthy');
  const vol = lvLabelMap(s.params, 'ED', lvGrid({ size: 56, spacingMm: 2 }));
  return { ...vol, ...over };
}

describe('importLvLabelMaps bad input', () => {
  const expectError = (fn: () => unknown, re: RegExp): void => {
    let err: unknown;
    try {
      fn();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserInputError);
    expect((err as Error).message).toMatch(re);
    expect((err as Error).message).not.toMatch(/\n/);
  };
  const base = phantomMap();

  it('accepts the clean phantom', () => {
    expect(importLvLabelMaps(base).report.septumFrom).toBe('rv');
  });
  it('wrong label values', () => {
    const data = Uint8Array.from(base.data, (l) => (l === 3 ? 7 : l));
    expectError(
      () => importLvLabelMaps({ ...base, data }),
      /^ED: wrong label values 7 .*expected ACDC labels/,
    );
  });
  it('a continuous field instead of labels', () => {
    expectError(
      () =>
        importLvLabelMaps(
          lvMyocardiumField(
            sampleLvSubject(createRng(3), 'healthy').params,
            'ED',
            lvGrid({ size: 40, spacingMm: 2.5 }),
          ),
        ),
      /non-integer values .*expected a label map/,
    );
  });
  it('an empty label map', () => {
    expectError(
      () => importLvLabelMaps({ ...base, data: new Uint8Array(base.data.length) }),
      /the label map is empty/,
    );
  });
  it('an empty myocardium', () => {
    const data = Uint8Array.from(base.data, (l) => (l === 2 ? 0 : l));
    expectError(() => importLvLabelMaps({ ...base, data }), /empty myocardium: no voxel has label 2/);
  });
  it('a myocardium too small to be an LV', () => {
    const data = new Uint8Array(base.data.length);
    for (let i = 0; i < 20; i++) data[i * 977] = 2;
    expectError(() => importLvLabelMaps({ ...base, data }), /myocardium holds only 0\.16 mL/);
  });
  it('a volume with no LV (a solid blob, nothing enclosed)', () => {
    const [nx, ny] = base.dims;
    const data = Uint8Array.from(base.data, (_, i) => {
      const x = (i % nx) - 28;
      const y = (Math.floor(i / nx) % ny) - 28;
      const z = Math.floor(i / (nx * ny)) - 28;
      return x * x + y * y + z * z < 100 ? 1 : 0;
    });
    expectError(() => importLvLabelMaps({ ...base, data }), /no LV found: the mask encloses no cavity/);
  });
  it('a 2-D image', () => {
    const nxy = base.dims[0] * base.dims[1];
    expectError(
      () =>
        importLvLabelMaps({
          ...base,
          dims: [base.dims[0], base.dims[1], 1],
          data: base.data.slice(30 * nxy, 31 * nxy),
        }),
      /2-D image \(56×56×1 voxels\)/,
    );
  });
  it('mismatched ED/ES grids', () => {
    const s = sampleLvSubject(createRng(3), 'healthy');
    const es = lvLabelMap(s.params, 'ES', lvGrid({ size: 50, spacingMm: 2 }));
    expectError(
      () => importLvLabelMaps(base, es),
      /ED and ES label maps must share one grid \(dims and affine\): ED 56×56×56 .* ES 50×50×50/,
    );
    const shifted = { ...base, origin: [base.origin[0] + 3, base.origin[1], base.origin[2]] as Vec3 };
    expectError(() => importLvLabelMaps(base, shifted), /different affine/);
  });
  it('absurd spacing', () => {
    expectError(
      () => importLvLabelMaps({ ...base, spacing: [0.002, 0.002, 0.002] }),
      /voxel size 0\.002×0\.002×0\.002 mm is outside 0\.2–20 mm/,
    );
    expectError(() => importLvLabelMaps({ ...base, spacing: [2, 2, 50] }), /outside 0\.2–20 mm/);
  });
});

describe('importLvLabelMaps on the real ACDC cases', () => {
  for (const id of ['patient030', 'patient068']) {
    it(`${id}: plausible canonical LV`, () => {
      const read = (ph: string): NiftiVolume =>
        readNifti(readFileSync(realdataPath('acdc', `${id}_${ph}_gt.nii.gz`)));
      const imp = importLvLabelMaps(read('ED'), read('ES'));
      expect(imp.report.convention).toBe('acdc');
      expect(imp.report.septumFrom).toBe('rv');
      expect(imp.report.sliceSpacingMm).toBe(10);
      // Short-axis stacks: the long axis is near the slice normal.
      expect(Math.abs(imp.report.longAxisWorld[2])).toBeGreaterThan(0.9);
      const ed = lvPhaseMeasures(imp.canonicalEd, { thickness: false });
      const es = lvPhaseMeasures(imp.canonicalEs!, { thickness: false });
      expect(ed.cavityMl).toBeGreaterThan(50);
      expect(ed.cavityMl).toBeLessThan(400);
      expect(es.cavityMl).toBeLessThan(ed.cavityMl);
      // Myocardial volume kept within 15 % of the voxel count.
      expect(Math.abs(ed.myocardiumMl / imp.report.myocardiumMl.ED - 1)).toBeLessThan(0.15);
      // Importing twice gives the same shape.
      expect(dice(importLvLabelMaps(read('ED'), read('ES')).canonicalEd, imp.canonicalEd)).toBe(1);
    });
  }
});
