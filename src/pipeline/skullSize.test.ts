import { describe, expect, it } from 'vitest';
import { hcMm } from '../anatomy/intergrowth';
import { gaOfHc, headSizeNote, profilePerimeterMm, sameProfile, SKULL_MODEL_HC_MM } from './skullSize';

describe('head size against the 3-D models (20–36 weeks)', () => {
  it('inverts the INTERGROWTH-21st median HC, also outside its 14–40 weeks', () => {
    for (const ga of [10, 13, 20, 28, 36, 39]) expect(gaOfHc(hcMm(ga))).toBeCloseTo(ga, 3);
    expect(gaOfHc(10)).toBe(8);
    expect(Number.isNaN(gaOfHc(Number.NaN))).toBe(true);
  });

  it('names the size of a small head and makes no 3-D prediction', () => {
    const n = headSizeNote(77.6);
    expect(n.prediction).toBe('no');
    expect(n.message).toMatch(
      /^HC 77\.6 mm ≈ 12 weeks: the 3-D models cover 20–36 weeks, so no 3-D prediction/,
    );
  });

  it('inside 20–36 weeks: a prediction and no message; just outside: extrapolated and said so', () => {
    expect(headSizeNote(hcMm(28))).toMatchObject({ prediction: 'yes', message: null });
    expect(headSizeNote(hcMm(20))).toMatchObject({ prediction: 'yes' });
    const small = headSizeNote(163);
    expect(small.prediction).toBe('extrapolated');
    expect(small.message).toMatch(/≈ 19 weeks.*extrapolated.*unusually small/);
    const large = headSizeNote(335);
    expect(large.prediction).toBe('extrapolated');
    expect(large.message).toMatch(/unusually large/);
    expect(headSizeNote(SKULL_MODEL_HC_MM[1] + 5).prediction).toBe('no');
    expect(headSizeNote(SKULL_MODEL_HC_MM[1] + 5).message).toMatch(/40 weeks or more \(term\)/);
  });

  it('perimeter of a radial profile: a circle of radius 50 mm', () => {
    const p = new Float32Array(64).fill(50);
    expect(profilePerimeterMm(p)).toBeCloseTo(2 * Math.PI * 50, -0.5);
    expect(Math.abs(profilePerimeterMm(p) - 2 * Math.PI * 50) / (2 * Math.PI * 50)).toBeLessThan(0.001);
    expect(sameProfile(p, Float32Array.from(p))).toBe(true);
    expect(
      sameProfile(
        p,
        p.map((v, i) => (i === 3 ? v + 0.5 : v)),
      ),
    ).toBe(false);
    expect(sameProfile(p, null)).toBe(false);
  });
});
