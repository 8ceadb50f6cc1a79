import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../geometry/types';
import { createRng } from './random';
import { skullSectionProfile } from './skullSection';
import { defaultSkullParams } from './skullParams';
import { EGG, eggPerimeter, skullShape } from './skullShape';
import { augmentPlane } from './ultrasound/augment';
import { standardPlane } from './ultrasound/planes';

/** Root of f on [lo, hi] (f(lo) < 0 < f(hi)) by bisection. */
function root(f: (r: number) => number, lo: number, hi: number): number {
  for (let i = 0; i < 80; i++) {
    const m = 0.5 * (lo + hi);
    if (f(m) < 0) lo = m;
    else hi = m;
  }
  return 0.5 * (lo + hi);
}

const shape = skullShape(defaultSkullParams(28));

describe('skullSectionProfile', () => {
  it('mid-sagittal plane: two half-ellipses (a, cUp) and (a, cDown) — centroid, area and every ray', () => {
    const { a, cUp, cDown } = shape;
    const sec = skullSectionProfile(shape, standardPlane('sagittal'));
    expect(sec.kind).toBe('sagittal');
    const tBar = (4 * (cUp - cDown)) / (3 * Math.PI);
    expect(sec.centroidMm[0]).toBeCloseTo(0, 3);
    expect(sec.centroidMm[1]).toBeCloseTo(tBar, 2);
    expect(sec.areaMm2).toBeCloseTo((Math.PI * a * (cUp + cDown)) / 2, 0);
    for (let k = 0; k < 64; k++) {
      const th = (2 * Math.PI * k) / 64;
      const q = (r: number): number => {
        const s = r * Math.cos(th);
        const t = tBar + r * Math.sin(th);
        const c = t >= 0 ? cUp : cDown;
        return (s / a) ** 2 + (t / c) ** 2 - 1;
      };
      expect(sec.profile[k]).toBeCloseTo(root(q, 0, 2 * a), 2);
    }
    // The image rule finds the same frame for this symmetric outline (no rotation, vault up).
    expect(Math.abs(sec.canonical.rotationRad)).toBeLessThan(1e-6);
    expect(sec.canonical.tFlipped).toBe(false);
    for (let k = 0; k < 64; k++) expect(sec.canonical.profile[k]).toBeCloseTo(sec.profile[k] as number, 2);
    // The frame of the standard sagittal plane: s = u = +x, t = −v = +z.
    expect(sec.frame.s).toEqual([1, 0, 0]);
    expect(sec.frame.t[2]).toBeCloseTo(1, 12);
  });

  it('axial plane at z = 0: the egg x = a cos φ, y = b sin φ (1 − ε cos φ) — centroid −εa/4, area πab, perimeter', () => {
    const { a, b } = shape;
    const sec = skullSectionProfile(shape, standardPlane('axial', { axialTiltDeg: 0 }));
    expect(sec.kind).toBe('axial');
    expect(sec.centroidMm[0]).toBeCloseTo((-EGG * a) / 4, 2);
    expect(sec.centroidMm[1]).toBeCloseTo(0, 3);
    expect(sec.areaMm2 / (Math.PI * a * b)).toBeCloseTo(1, 4);
    expect(sec.perimeterMm / eggPerimeter(a, b)).toBeCloseTo(1, 4);
    const c = (-EGG * a) / 4;
    for (let k = 0; k < 64; k += 3) {
      const th = (2 * Math.PI * k) / 64;
      const q = (r: number): number => {
        const X = (c + r * Math.cos(th)) / a;
        const y = r * Math.sin(th);
        return X * X + (y / (b * (1 - EGG * X))) ** 2 - 1;
      };
      expect(sec.profile[k]).toBeCloseTo(root(q, 0, 2 * a), 2);
    }
    // r along ±s: the egg's front and back from the centroid.
    expect(sec.profile[0]).toBeCloseTo(a - c, 2);
    expect(sec.profile[32]).toBeCloseTo(a + c, 2);
    // The image rule puts the wider (posterior) half at −s as the anatomy does.
    expect(Math.abs(sec.canonical.rotationRad)).toBeLessThan(1e-6);
    expect(sec.canonical.asymmetry.minus).toBeGreaterThan(sec.canonical.asymmetry.plus);
  });

  it('coronal plane x = x0: half-ellipses scaled by √(1 − (x0/a)²), width b·(1 − ε x0/a)', () => {
    const { a, b, cUp, cDown } = shape;
    const x0 = 8;
    const sec = skullSectionProfile(shape, standardPlane('coronal', { coronalOffsetMm: x0 }));
    expect(sec.kind).toBe('coronal');
    const k = Math.sqrt(1 - (x0 / a) ** 2);
    const B = b * (1 - (EGG * x0) / a) * k;
    const tBar = (4 * (cUp - cDown) * k) / (3 * Math.PI);
    expect(sec.centroidMm[1]).toBeCloseTo(tBar, 2);
    // Along ±s the ray runs at height t̄ above the plane of widest section.
    const half = B * Math.sqrt(1 - (tBar / (cUp * k)) ** 2);
    expect(sec.profile[0]).toBeCloseTo(half, 2); // +s = +y
    expect(sec.profile[32]).toBeCloseTo(half, 2);
    expect(sec.profile[16]).toBeCloseTo(cUp * k - tBar, 2); // +t = up
    expect(sec.profile[48]).toBeCloseTo(cDown * k + tBar, 2);
  });

  it('is the anatomy, not the image: in-plane rotation, shift and scaling of the plane change nothing', () => {
    const rng = createRng(3);
    for (const kind of ['axial', 'sagittal', 'coronal'] as const) {
      const base = skullSectionProfile(shape, standardPlane(kind));
      for (let i = 0; i < 3; i++) {
        const { plane } = augmentPlane(rng, standardPlane(kind), { pixelMm: 0.4, scaleRange: [0.9, 1.1] });
        const aug = skullSectionProfile(shape, plane);
        expect(aug.kind).toBe(kind);
        for (let j = 0; j < 64; j++) expect(aug.profile[j]).toBeCloseTo(base.profile[j] as number, 3);
      }
    }
  });

  it('follows the vault shape parameters the axial plane cannot see', () => {
    const tall = skullShape({ ...defaultSkullParams(28), vaultRatio: 1.05 });
    const flat = skullShape({ ...defaultSkullParams(28), vaultRatio: 0.75 });
    const up = (s: typeof tall): number => {
      const sec = skullSectionProfile(s, standardPlane('sagittal'));
      return (sec.profile[16] as number) + sec.centroidMm[1];
    };
    expect(up(tall)).toBeCloseTo(tall.cUp, 2);
    expect(up(flat)).toBeCloseTo(flat.cUp, 2);
  });

  it('rejects a plane that misses the skull and a bad profile length', () => {
    const far = { origin: [0, 0, 200] as Vec3, u: [1, 0, 0] as Vec3, v: [0, 1, 0] as Vec3 };
    expect(() => skullSectionProfile(shape, far)).toThrow(/misses the skull/);
    expect(() => skullSectionProfile(shape, standardPlane('axial'), 3)).toThrow(/integer ≥ 8/);
  });
});
