import { describe, expect, it } from 'vitest';
import { defaultSkullParams, validateSkullParams } from './skullParams';
import { outerDistance, outerRadius, skullShape } from './skullShape';

/** Distance from the origin to the outer surface along a unit direction (bisection on q = 1). */
function radiusAlong(s: ReturnType<typeof skullShape>, d: [number, number, number]): number {
  let lo = 0;
  let hi = 300;
  for (let i = 0; i < 60; i++) {
    const m = 0.5 * (lo + hi);
    if (outerRadius(s, m * d[0], m * d[1], m * d[2]) < 1) lo = m;
    else hi = m;
  }
  return 0.5 * (lo + hi);
}

describe('skull vault shape parameters', () => {
  const base = defaultSkullParams(30);
  const varied = validateSkullParams({
    ...base,
    vaultRatio: 1.0,
    baseRatio: 0.5,
    vertexShift: 0.25,
    parietalBossing: 0.15,
  }).params;
  const s0 = skullShape(base);
  const s1 = skullShape(varied);

  it('leaves the transventricular contour (z = 0) unchanged', () => {
    for (let k = 0; k < 36; k++) {
      const t = (2 * Math.PI * k) / 36;
      const d: [number, number, number] = [Math.cos(t), Math.sin(t), 0];
      expect(radiusAlong(s1, d)).toBeCloseTo(radiusAlong(s0, d), 6);
    }
    expect(s1.hcMm).toBeCloseTo(s0.hcMm, 9);
    expect(s1.bpdMm).toBeCloseTo(s0.bpdMm, 9);
  });

  it('changes the vault height, base depth, vertex position and mid-height width as asked', () => {
    expect(radiusAlong({ ...s1, vertexShift: 0 }, [0, 0, 1])).toBeCloseTo(s1.cUp, 3);
    expect(s1.cUp / s0.cUp).toBeCloseTo(1.0 / 0.88, 6);
    expect(radiusAlong(s1, [0, 0, -1])).toBeCloseTo(0.5 * s1.cUp, 3);
    // The top of the vault sits at x = σ·a (vertex shift).
    expect(outerRadius(s1, 0.25 * s1.a, 0, s1.cUp)).toBeCloseTo(1, 6);
    // At half height the width grows by 4β·½·½ = β relative to the unbossed vault.
    const h = 0.5;
    const z = h * s1.cUp;
    const shift = 0.25 * s1.a * h * h;
    const sNoBoss = skullShape({ ...varied, parietalBossing: 0 });
    const yOf = (s: typeof s1): number => {
      let lo = 0;
      let hi = 200;
      for (let i = 0; i < 60; i++) {
        const m = 0.5 * (lo + hi);
        if (outerRadius(s, shift, m, z) < 1) lo = m;
        else hi = m;
      }
      return lo;
    };
    expect(yOf(s1) / yOf(sNoBoss)).toBeCloseTo(1.15, 3);
  });

  it('gives a signed distance that is ≈ the true distance near the surface', () => {
    const r = radiusAlong(s1, [0.6, 0.48, 0.64]);
    const n = Math.hypot(0.6, 0.48, 0.64);
    for (const dr of [-2, -0.5, 0.5, 2]) {
      const k = (r + dr) / n;
      const d = outerDistance(s1, 0.6 * k, 0.48 * k, 0.64 * k);
      expect(Math.sign(d)).toBe(Math.sign(dr));
      expect(Math.abs(d)).toBeLessThanOrEqual(Math.abs(dr) + 0.05);
      expect(Math.abs(d)).toBeGreaterThan(0.5 * Math.abs(dr));
    }
  });
});
