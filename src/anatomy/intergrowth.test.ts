import { describe, expect, it } from 'vitest';
import { bpdMm, centile, gaFromHc, hcMm, normalCdf, ofdMm, sdMm, zScore } from './intergrowth';

describe('INTERGROWTH-21st head size', () => {
  it('reproduces the published medians at 20, 28 and 36 weeks to 0.5 mm', () => {
    const table: [number, number, number, number][] = [
      [20, 172.5, 48.4, 60.7],
      [28, 260.4, 73.5, 91.8],
      [36, 319.4, 91.2, 111.6],
    ];
    for (const [ga, hc, bpd, ofd] of table) {
      expect(Math.abs(hcMm(ga) - hc)).toBeLessThan(0.5);
      expect(Math.abs(bpdMm(ga) - bpd)).toBeLessThan(0.5);
      expect(Math.abs(ofdMm(ga) - ofd)).toBeLessThan(0.5);
    }
  });

  it('interpolates SDs linearly between the published values and extrapolates beyond', () => {
    expect(sdMm('hc', 20)).toBeCloseTo(7.4, 10);
    expect(sdMm('hc', 28)).toBeCloseTo(8.9, 10);
    expect(sdMm('hc', 36)).toBeCloseTo(10.8, 10);
    expect(sdMm('bpd', 24)).toBeCloseTo(2.65, 10);
    expect(sdMm('ofd', 40)).toBeCloseTo(4.9 + 0.6, 10);
    expect(sdMm('hc', 16)).toBeCloseTo(7.4 - 0.75, 10);
  });

  it('inverts HC to gestational age', () => {
    for (const ga of [14.5, 20, 27.3, 36, 39.9]) expect(gaFromHc(hcMm(ga))).toBeCloseTo(ga, 6);
    expect(gaFromHc(10)).toBe(14);
    expect(gaFromHc(1000)).toBe(40);
    expect(gaFromHc(NaN)).toBeNaN();
  });

  it('gives z-scores and centiles', () => {
    expect(zScore('hc', 260.4 + 2 * 8.9, 28)).toBeCloseTo(2, 1);
    expect(centile('bpd', bpdMm(30), 30)).toBeCloseTo(50, 6);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 5);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 5);
  });
});
