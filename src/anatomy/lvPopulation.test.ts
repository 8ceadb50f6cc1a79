import { describe, expect, it } from 'vitest';
import { LV_PARAM_KEYS, LV_PARAM_SPECS, validateLvParams } from './lvParams';
import { sampleLvCohort, sampleLvSubject } from './lvPopulation';
import { lvTruth } from './lvPhantom';
import { createRng } from './random';

const maxWall = (p: {
  septalMm: number;
  anteriorMm: number;
  lateralMm: number;
  inferiorMm: number;
  apicalMm: number;
}): number => Math.max(p.septalMm, p.anteriorMm, p.lateralMm, p.inferiorMm, p.apicalMm);

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('LV population', () => {
  const cohort = sampleLvCohort(2024, 400);
  const healthy = cohort.filter((s) => s.cls === 'healthy');
  const hcm = cohort.filter((s) => s.cls === 'hcm');

  it('is deterministic per seed and balanced per hcmFraction', () => {
    expect(sampleLvCohort(2024, 400)).toEqual(cohort);
    expect(sampleLvCohort(2025, 400)).not.toEqual(cohort);
    expect(hcm.length).toBe(200);
    expect(sampleLvCohort(1, 10, 0.3).filter((s) => s.cls === 'hcm').length).toBe(3);
  });

  it('only produces valid parameter sets', () => {
    for (const s of cohort) {
      expect(validateLvParams({ ...s.params }).messages).toEqual([]);
      for (const key of LV_PARAM_KEYS) {
        expect(s.params[key]).toBeGreaterThanOrEqual(LV_PARAM_SPECS[key].min);
        expect(s.params[key]).toBeLessThanOrEqual(LV_PARAM_SPECS[key].max);
      }
    }
  });

  it('separates the classes: healthy walls all < 13 mm, HCM max ≥ 15 mm, more mass, normal-high EF', () => {
    expect(Math.max(...healthy.map((s) => maxWall(s.params)))).toBeLessThan(13);
    expect(mean(hcm.map((s) => maxWall(s.params)))).toBeGreaterThanOrEqual(15);
    expect(Math.min(...hcm.map((s) => maxWall(s.params)))).toBeGreaterThanOrEqual(15);
    const massH = mean(healthy.map((s) => lvTruth(s.params).massG));
    const massC = mean(hcm.map((s) => lvTruth(s.params).massG));
    expect(massC).toBeGreaterThan(1.3 * massH);
    expect(mean(hcm.map((s) => s.params.edvMl))).toBeLessThan(mean(healthy.map((s) => s.params.edvMl)));
    for (const s of hcm) {
      expect(s.params.efPct).toBeGreaterThanOrEqual(65);
      expect(s.params.efPct).toBeLessThanOrEqual(80);
    }
  });

  it('has realistic sex-specific healthy EDV and EF (REFERENCE §2)', () => {
    const men = healthy.filter((s) => s.sex === 'male');
    const women = healthy.filter((s) => s.sex === 'female');
    expect(mean(men.map((s) => s.params.edvMl))).toBeGreaterThan(140);
    expect(mean(men.map((s) => s.params.edvMl))).toBeLessThan(175);
    expect(mean(women.map((s) => s.params.edvMl))).toBeGreaterThan(118);
    expect(mean(women.map((s) => s.params.edvMl))).toBeLessThan(150);
    expect(mean(healthy.map((s) => s.params.efPct))).toBeGreaterThan(68);
    expect(mean(healthy.map((s) => s.params.efPct))).toBeLessThan(76);
    // Body size drives EDV and length.
    const corr = (xs: number[], ys: number[]): number => {
      const mx = mean(xs);
      const my = mean(ys);
      let sxy = 0;
      let sxx = 0;
      let syy = 0;
      xs.forEach((x, i) => {
        const y = ys[i] as number;
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) ** 2;
        syy += (y - my) ** 2;
      });
      return sxy / Math.sqrt(sxx * syy);
    };
    expect(
      corr(
        healthy.map((s) => s.bsaM2),
        healthy.map((s) => s.params.edvMl),
      ),
    ).toBeGreaterThan(0.2);
    expect(
      corr(
        healthy.map((s) => s.params.edvMl),
        healthy.map((s) => s.params.lengthMm),
      ),
    ).toBeGreaterThan(0.5);
  });

  it('makes each HCM phenotype as defined', () => {
    const rng = createRng(9);
    for (let i = 0; i < 60; i++) {
      const s = sampleLvSubject(rng, 'hcm', 'septal').params;
      expect(s.septalMm).toBeGreaterThanOrEqual(15);
      expect(s.septalMm).toBeLessThanOrEqual(30);
      expect(s.septalMm / s.lateralMm).toBeGreaterThanOrEqual(1.3);
      const a = sampleLvSubject(rng, 'hcm', 'apical').params;
      expect(a.apicalMm).toBeGreaterThanOrEqual(15);
      const c = sampleLvSubject(rng, 'hcm', 'concentric').params;
      expect(Math.min(c.septalMm, c.anteriorMm, c.lateralMm, c.inferiorMm)).toBeGreaterThanOrEqual(15);
    }
  });
});
