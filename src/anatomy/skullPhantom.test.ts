import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../geometry/types';
import { type SkullParams, SKULL_PARAM_SPECS, defaultSkullParams, validateSkullParams } from './skullParams';
import { SKULL_LABELS, skullBoneField, skullGrid, skullLabelMap, skullTruth } from './skullPhantom';
import { skullShape } from './skullShape';
import { bpdMm, hcMm, ofdMm } from './intergrowth';

/** Field along a line parallel to x or y in the z = 0 plane. */
function line(
  p: SkullParams,
  axis: 'x' | 'y',
  offset: number,
  half: number,
  step: number,
): { f: Float32Array; start: number } {
  const n = Math.round((2 * half) / step) + 1;
  const dims: Vec3 = axis === 'x' ? [n, 1, 1] : [1, n, 1];
  const origin: Vec3 = axis === 'x' ? [-half, offset, 0] : [offset, -half, 0];
  return { f: skullBoneField(p, { dims, spacing: [step, step, 1], origin }).data, start: -half };
}

function crossings(f: Float32Array, start: number, step: number): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < f.length; i++) {
    const a = f[i] as number;
    const b = f[i + 1] as number;
    if (a < 0 !== b < 0) out.push(start + (i + a / (a - b)) * step);
  }
  return out;
}

/** Measures the z = 0 outer contour: HC (perimeter of rays), OFD (outer–outer), BPD (outer–inner), CI. */
function measure(p: SkullParams): { hc: number; hcRamanujan: number; ofd: number; bpd: number; ci: number } {
  const half = 75;
  const step = 0.05;
  const ofdLine = crossings(line(p, 'x', 0, half, step).f, -half, step);
  const ofd = (ofdLine[ofdLine.length - 1] as number) - (ofdLine[0] as number);
  let bpd = 0;
  let bpdOuter = 0;
  for (let x = -ofd / 2 + 2; x < ofd / 2 - 2; x += 0.5) {
    const c = crossings(line(p, 'y', x, half, step).f, -half, step);
    if (c.length !== 4) continue;
    // c = [outer −y, inner −y, inner +y, outer +y]
    bpd = Math.max(bpd, (c[3] as number) - (c[1] as number));
    bpdOuter = Math.max(bpdOuter, (c[3] as number) - (c[0] as number));
  }
  // Perimeter from 720 rays on a fine z = 0 slice.
  const n = 1000;
  const sl = skullBoneField(p, { dims: [n, n, 1], spacing: [0.15, 0.15, 1], origin: [-74.925, -74.925, 0] });
  const at = (x: number, y: number): number => {
    const fx = (x + 74.925) / 0.15;
    const fy = (y + 74.925) / 0.15;
    const i = Math.floor(fx);
    const j = Math.floor(fy);
    const u = fx - i;
    const v = fy - j;
    const g = (ii: number, jj: number): number => sl.data[ii + n * jj] as number;
    return (
      (1 - u) * (1 - v) * g(i, j) +
      u * (1 - v) * g(i + 1, j) +
      (1 - u) * v * g(i, j + 1) +
      u * v * g(i + 1, j + 1)
    );
  };
  const pts: [number, number][] = [];
  for (let k = 0; k < 720; k++) {
    const th = (k * Math.PI) / 360;
    const c = Math.cos(th);
    const s = Math.sin(th);
    let r = 72;
    while (r > 0 && at(r * c, r * s) > 0) r -= 0.05;
    const f0 = at(r * c, r * s);
    const f1 = at((r + 0.05) * c, (r + 0.05) * s);
    const rr = r + (0.05 * f0) / (f0 - f1);
    pts.push([rr * c, rr * s]);
  }
  let hc = 0;
  pts.forEach((q, i) => {
    const nxt = pts[(i + 1) % pts.length] as [number, number];
    hc += Math.hypot(nxt[0] - q[0], nxt[1] - q[1]);
  });
  const a = ofd / 2;
  const b = bpdOuter / 2;
  const hcRamanujan = Math.PI * (3 * (a + b) - Math.sqrt((3 * a + b) * (a + 3 * b)));
  return { hc, hcRamanujan, ofd, bpd, ci: (100 * bpd) / ofd };
}

describe('skull phantom', () => {
  const cases: Partial<SkullParams>[] = [
    { gaWeeks: 20 },
    { gaWeeks: 28, hcZ: 2, cephalicIndex: 72 },
    { gaWeeks: 36, hcZ: -1.5, cephalicIndex: 88, boneThicknessMm: 2.4 },
    { gaWeeks: 24, hcZ: 3, cephalicIndex: 65, boneThicknessMm: 0.8, sutureScale: 1.5 },
  ];
  for (const asked of cases) {
    it(`realises HC within 2 % and CI within 1 at z = 0 (${JSON.stringify(asked)})`, () => {
      const p = validateSkullParams(asked).params;
      const truth = skullTruth(p);
      const m = measure(p);
      expect(Math.abs(m.hc / truth.hcMm - 1)).toBeLessThan(0.02);
      expect(Math.abs(m.hcRamanujan / truth.hcMm - 1)).toBeLessThan(0.02);
      expect(Math.abs(m.ci - p.cephalicIndex)).toBeLessThan(1);
      expect(Math.abs(m.ofd - truth.ofdMm)).toBeLessThan(0.5);
      expect(Math.abs(m.bpd - truth.bpdMm)).toBeLessThan(0.5);
    });
  }

  it('makes the INTERGROWTH median head by default (HC, BPD, OFD within 1 %)', () => {
    for (const ga of [20, 28, 36]) {
      const t = skullTruth(defaultSkullParams(ga));
      expect(Math.abs(t.hcMm / hcMm(ga) - 1)).toBeLessThan(1e-6);
      expect(Math.abs(t.bpdMm / bpdMm(ga) - 1)).toBeLessThan(0.01);
      expect(Math.abs(t.ofdMm / ofdMm(ga) - 1)).toBeLessThan(0.01);
    }
  });

  it('fits the largest allowed skull in the default 64³ grid with background all round', () => {
    const g = skullGrid();
    const S = SKULL_PARAM_SPECS;
    for (const ci of [S.cephalicIndex.min, S.cephalicIndex.max]) {
      const p = validateSkullParams({ gaWeeks: 36, hcZ: 3, cephalicIndex: ci, boneThicknessMm: 2.5 }).params;
      const s = skullShape(p);
      const halfFov = ((g.dims[0] - 1) / 2) * g.spacing[0];
      const zTop = g.origin[2] + (g.dims[2] - 1) * g.spacing[2];
      expect(s.a).toBeLessThan(halfFov - g.spacing[0]);
      expect(s.b * 1.01).toBeLessThan(halfFov - g.spacing[0]);
      expect(s.cUp).toBeLessThan(zTop - g.spacing[0]);
      expect(s.cDown).toBeLessThan(-g.origin[2] - g.spacing[0]);
      const lab = skullLabelMap(p, g);
      const [nx, ny, nz] = lab.dims;
      for (let k = 0; k < nz; k++) {
        for (let j = 0; j < ny; j++) {
          for (let i = 0; i < nx; i++) {
            if (i > 0 && j > 0 && k > 0 && i < nx - 1 && j < ny - 1 && k < nz - 1) continue;
            expect(lab.data[i + nx * (j + ny * k)]).toBe(SKULL_LABELS.background);
          }
        }
      }
    }
  });

  it('labels bone and brain, with brain inside bone', () => {
    const lab = skullLabelMap(defaultSkullParams(30), skullGrid());
    const counts = [0, 0, 0];
    for (const v of lab.data) counts[v] = (counts[v] as number) + 1;
    expect(counts.every((c) => c > 0)).toBe(true);
    const [nx, ny, nz] = lab.dims;
    const centre = (nx >> 1) + nx * ((ny >> 1) + ny * (nz >> 1));
    expect(lab.data[centre]).toBe(SKULL_LABELS.brain);
    // The transventricular plane is a voxel plane of the default grid.
    expect(lab.origin[2] + (nz >> 1) * lab.spacing[2]).toBeCloseTo(0, 10);
  });

  it('can thicken thin bone inwards for coarse grids, keeping the outer surface', () => {
    const p = defaultSkullParams(20);
    const g = skullGrid();
    let thin = 0;
    let thick = 0;
    for (const v of skullLabelMap(p, g).data) if (v === SKULL_LABELS.bone) thin++;
    for (const v of skullLabelMap(p, g, { minThicknessMm: 2.2 }).data) if (v === SKULL_LABELS.bone) thick++;
    expect(thick).toBeGreaterThan(1.5 * thin);
    const line = { dims: [2000, 1, 1] as Vec3, spacing: [0.05, 1, 1] as Vec3, origin: [0, 0, 0] as Vec3 };
    const outer = (f: Float32Array): number => {
      for (let i = f.length - 1; i > 0; i--) if ((f[i - 1] as number) < 0) return i * 0.05;
      return NaN;
    };
    expect(outer(skullBoneField(p, line, { minThicknessMm: 2.2 }).data)).toBeCloseTo(
      outer(skullBoneField(p, line).data),
      6,
    );
  });

  it('opens sutures and fontanelles that narrow with GA: metopic closed after 32 w, sphenoidal by 30 w', () => {
    const probe = (p: SkullParams, where: 'bregma' | 'metopic' | 'pterionL' | 'sagittal'): number => {
      const s = skullShape(p);
      const L = s.landmarks;
      let pt: Vec3;
      if (where === 'metopic') {
        const u = [0.75, 0, 0.66];
        const n = Math.hypot(u[0] as number, u[2] as number);
        pt = [(s.a * (u[0] as number)) / n, 0, (s.cUp * (u[2] as number)) / n];
      } else if (where === 'sagittal') {
        pt = [0.5 * (L.bregma[0] + L.lambda[0]), 0, s.cUp];
      } else pt = [...L[where]];
      // Move half the bone thickness inwards along the radius and read the field there.
      const r = Math.hypot(pt[0], pt[1], pt[2]);
      const k = 1 - s.thicknessMm / 2 / r;
      const f = skullBoneField(p, {
        dims: [1, 1, 1],
        spacing: [1, 1, 1],
        origin: [pt[0] * k, pt[1] * k, pt[2] * k],
      });
      return f.data[0] as number;
    };
    const early = validateSkullParams({ gaWeeks: 22 }).params;
    const late = validateSkullParams({ gaWeeks: 35 }).params;
    const closed = validateSkullParams({ gaWeeks: 22, sutureScale: 0 }).params;
    for (const w of ['bregma', 'metopic', 'pterionL', 'sagittal'] as const) {
      expect(probe(early, w)).toBeGreaterThan(0);
      expect(probe(closed, w)).toBeLessThan(0);
    }
    expect(probe(late, 'bregma')).toBeGreaterThan(0);
    expect(probe(late, 'sagittal')).toBeGreaterThan(0);
    expect(probe(late, 'metopic')).toBeLessThan(0);
    expect(probe(late, 'pterionL')).toBeLessThan(0);
    const g = skullGrid();
    let boneEarly = 0;
    let boneClosed = 0;
    for (const v of skullLabelMap(early, g).data) if (v === SKULL_LABELS.bone) boneEarly++;
    for (const v of skullLabelMap(closed, g).data) if (v === SKULL_LABELS.bone) boneClosed++;
    expect(boneEarly).toBeLessThan(boneClosed);
  });

  it('is deterministic and validates its inputs with messages', () => {
    const p = defaultSkullParams(25);
    const a = skullBoneField(p, skullGrid());
    const b = skullBoneField({ ...p }, skullGrid());
    expect(Buffer.from(a.data.buffer).equals(Buffer.from(b.data.buffer))).toBe(true);
    const { params, messages } = validateSkullParams({ gaWeeks: 40, hcZ: NaN, cephalicIndex: -Infinity });
    expect(params.gaWeeks).toBe(36);
    expect(params.hcZ).toBe(0);
    expect(messages).toContain('gaWeeks 40 is above 36; clamped to 36 w');
    expect(messages.some((m) => m.startsWith('hcZ = NaN is not a number'))).toBe(true);
    expect(messages.some((m) => m.startsWith('cephalicIndex = -Infinity is not a finite number'))).toBe(true);
    expect(params.cephalicIndex).toBeCloseTo(validateSkullParams({ gaWeeks: 36 }).params.cephalicIndex, 10);
  });
});
