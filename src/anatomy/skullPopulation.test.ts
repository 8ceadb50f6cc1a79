import { describe, expect, it } from 'vitest';
import { validateSkullParams } from './skullParams';
import { sampleSkullCohort, sampleSkullSubject } from './skullPopulation';
import { createRng } from './random';

describe('skull population', () => {
  const cohort = sampleSkullCohort(3, 2000);

  it('is deterministic per seed', () => {
    expect(sampleSkullCohort(3, 2000)).toEqual(cohort);
    expect(sampleSkullCohort(4, 20)).not.toEqual(cohort.slice(0, 20));
  });

  it('samples valid parameters with CI ≈ 78.3 ± 4 and both tails', () => {
    const ci = cohort.map((s) => s.params.cephalicIndex);
    const m = ci.reduce((a, b) => a + b, 0) / ci.length;
    const sd = Math.sqrt(ci.reduce((a, b) => a + (b - m) ** 2, 0) / ci.length);
    expect(m).toBeGreaterThan(77.3);
    expect(m).toBeLessThan(79.3);
    expect(sd).toBeGreaterThan(3.8);
    expect(sd).toBeLessThan(6);
    const shapes = new Set(cohort.map((s) => s.headShape));
    expect(shapes.size).toBe(3);
    for (const s of cohort) expect(validateSkullParams({ ...s.params }).messages).toEqual([]);
    const ga = cohort.map((s) => s.params.gaWeeks);
    expect(Math.min(...ga)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...ga)).toBeLessThanOrEqual(36);
  });

  it('fixes the GA when asked', () => {
    const s = sampleSkullSubject(createRng(1), 31.5);
    expect(s.params.gaWeeks).toBe(31.5);
  });
});
