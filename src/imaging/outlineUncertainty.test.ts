/**
 * Known answers for the detector's uncertainty model (outlineUncertainty.ts): the combination of its
 * terms, the refined outline's own terms and scale, and the doubtful flag with its reasons.
 */
import { describe, expect, it } from 'vitest';
import { DOUBTFUL_REL_SD, REFINER_DOUBT_WEIGHTS, outlineUncertainty } from './outlineUncertainty';

/** A clean detection: every classical term but the floor is zero. */
const clean = {
  hcMm: 280,
  coverage: 0.9,
  fitRmsMm: 0,
  rejectedShare: 0,
  jackknifeRel: 0,
  altRingRel: 0,
};

describe('outlineUncertainty', () => {
  it('a clean classical outline: the 0.6 % floor × 0.65, not doubtful', () => {
    const u = outlineUncertainty(clean);
    expect(u.relSd).toBeCloseTo(0.65 * 0.006, 10);
    expect(u.hcSdMm).toBeCloseTo(280 * 0.65 * 0.006, 8);
    expect(u.doubtful).toBe(false);
    expect(u.reasons).toEqual([]);
  });

  it('a refined outline adds its spread and its move from the classical ellipse, in quadrature, × its own scale', () => {
    const w = REFINER_DOUBT_WEIGHTS;
    const u = outlineUncertainty({
      ...clean,
      refiner: { sdRel: 0.05, startMoveRel: 0.01, hcShiftRel: 0.004 },
    });
    const terms = [0.006, w.spread * (0.05 - w.sdFloor), w.startMove * 0.01, w.hcShift * 0.004];
    expect(u.relSd).toBeCloseTo(w.scale * Math.hypot(...terms), 10);
    expect(u.doubtful).toBe(u.relSd > DOUBTFUL_REL_SD);
  });

  it('the more the refiner moved the classical ellipse, the larger the SD; a large move is flagged with its reason', () => {
    const at = (move: number) =>
      outlineUncertainty({ ...clean, refiner: { sdRel: 0.03, startMoveRel: move, hcShiftRel: move } });
    const small = at(0.005);
    const mid = at(0.02);
    const large = at(0.08);
    expect(small.relSd).toBeLessThan(mid.relSd);
    expect(mid.relSd).toBeLessThan(large.relSd);
    expect(small.doubtful).toBe(false);
    expect(large.doubtful).toBe(true);
    expect(large.reasons.join('; ')).toMatch(
      /the boundary refiner moved the classical outline by 8\.0 % of the radius \(HC 8\.0 %\): the two disagree/,
    );
    expect(small.reasons).toEqual([]);
  });

  it('a classical outline on half the skull with a competing ring is doubtful, and says why', () => {
    const u = outlineUncertainty({ ...clean, coverage: 0.4, jackknifeRel: 0.04, altRingRel: 0.12 });
    expect(u.doubtful).toBe(true);
    expect(u.reasons.join('; ')).toMatch(/leaving out one arc changes the HC by ±4\.0 %/);
    expect(u.reasons.join('; ')).toMatch(/another ring nearly as bright differs in size by 12 %/);
  });
});
