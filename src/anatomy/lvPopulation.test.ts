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
    // ACDC's HCM cavities are not smaller than normal ones: the class means lie within 10 %.
    const edvRatio = mean(hcm.map((s) => s.params.edvMl)) / mean(healthy.map((s) => s.params.edvMl));
    expect(edvRatio).toBeGreaterThan(0.9);
    expect(edvRatio).toBeLessThan(1.1);
    for (const s of hcm) {
      expect(s.params.efPct).toBeGreaterThanOrEqual(65);
      expect(s.params.efPct).toBeLessThanOrEqual(80);
    }
  });

  it('has sex-specific healthy EDV and EF sized like segmented hearts (0.8 × REFERENCE §2 EDV)', () => {
    const men = healthy.filter((s) => s.sex === 'male');
    const women = healthy.filter((s) => s.sex === 'female');
    expect(mean(men.map((s) => s.params.edvMl))).toBeGreaterThan(115);
    expect(mean(men.map((s) => s.params.edvMl))).toBeLessThan(142);
    expect(mean(women.map((s) => s.params.edvMl))).toBeGreaterThan(95);
    expect(mean(women.map((s) => s.params.edvMl))).toBeLessThan(122);
    expect(mean(healthy.map((s) => s.params.efPct))).toBeGreaterThan(65);
    expect(mean(healthy.map((s) => s.params.efPct))).toBeLessThan(72);
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

describe('LV population versions', () => {
  it('draws version 2 by default and keeps version 1 (CMR reference sizes) for the models trained on it', () => {
    expect(sampleLvCohort(7, 50)).toEqual(sampleLvCohort(7, 50, 0.5, 2));
    const v1 = sampleLvCohort(2024, 400, 0.5, 1);
    const v2 = sampleLvCohort(2024, 400, 0.5, 2);
    const healthy = (c: typeof v1): typeof v1 => c.filter((s) => s.cls === 'healthy');
    const hcm = (c: typeof v1): typeof v1 => c.filter((s) => s.cls === 'hcm');
    // Version 1: healthy walls from 9.5 / 8.3 mm subject walls truncated to 6.5–11 mm; EDV ≥ 70 mL.
    for (const s of healthy(v1)) {
      expect(Math.min(s.params.septalMm, s.params.lateralMm, s.params.inferiorMm)).toBeGreaterThanOrEqual(6);
      expect(s.params.edvMl).toBeGreaterThanOrEqual(70);
    }
    // Version 1's HCM cavity is 15 % smaller than a healthy one; version 2's is not.
    const edvRatio = (c: typeof v1): number =>
      mean(hcm(c).map((s) => s.params.edvMl)) / mean(healthy(c).map((s) => s.params.edvMl));
    expect(edvRatio(v1)).toBeLessThan(0.9);
    expect(edvRatio(v2)).toBeGreaterThan(0.9);
    // Segmented-size hearts are lighter in both classes.
    const meanMass = (c: typeof v1): number => mean(c.map((s) => lvTruth(s.params).massG));
    expect(meanMass(healthy(v2))).toBeLessThan(0.85 * meanMass(healthy(v1)));
    expect(meanMass(hcm(v2))).toBeLessThan(0.85 * meanMass(hcm(v1)));
    for (const s of v1) expect(validateLvParams({ ...s.params }).messages).toEqual([]);
  });

  it('refuses a version it does not know, naming the known ones', () => {
    expect(() => sampleLvCohort(1, 4, 0.5, 3 as 1)).toThrow(/unknown LV population version 3; known: 1, 2/);
    expect(() => sampleLvSubject(createRng(1), 'healthy', undefined, 0 as 1)).toThrow(/version 0/);
  });
});
