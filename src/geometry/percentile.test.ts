import { describe, expect, it } from 'vitest';
import { percentileOf, selectNth } from './percentile';

function sortedPercentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  const pos = (Math.min(Math.max(p, 0), 100) / 100) * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo]! + (pos - lo) * (s[hi]! - s[lo]!);
}

describe('percentileOf', () => {
  it('interpolates between order statistics as NumPy does', () => {
    const v = Float64Array.from([15, 20, 35, 40, 50]);
    expect(percentileOf(v, 0)).toBe(15);
    expect(percentileOf(v, 100)).toBe(50);
    expect(percentileOf(v, 50)).toBe(35);
    expect(percentileOf(v, 40)).toBeCloseTo(29, 12); // pos 1.6: 20 + 0.6 × 15
    expect(percentileOf(v, 99)).toBeCloseTo(49.6, 12);
    expect(percentileOf(v, 150)).toBe(50);
    expect(Number.isNaN(percentileOf(new Float64Array(0), 50))).toBe(true);
    expect(Array.from(v)).toEqual([15, 20, 35, 40, 50]); // input untouched
  });

  it('equals the sorted definition on random arrays with ties', () => {
    let s = 12345;
    const rnd = (): number => (s = (s * 16807) % 2147483647) / 2147483647;
    for (let trial = 0; trial < 500; trial++) {
      const n = 1 + Math.floor(rnd() * 40);
      const values = Array.from({ length: n }, () => (rnd() < 0.3 ? Math.floor(rnd() * 4) : rnd() * 100));
      for (const p of [0, 10, 50, 95, 99, 100, rnd() * 100]) {
        expect(percentileOf(Float32Array.from(values), p)).toBe(
          sortedPercentile(Array.from(Float32Array.from(values)), p),
        );
      }
    }
  });
});

describe('selectNth', () => {
  it('puts the k-th smallest at k with no larger value before and no smaller after', () => {
    const a = Float64Array.from([9, 1, 8, 2, 7, 3, 6, 4, 5, 5]);
    selectNth(a, 4);
    expect(a[4]).toBe(5);
    for (let i = 0; i < 4; i++) expect(a[i]).toBeLessThanOrEqual(5);
    for (let i = 5; i < a.length; i++) expect(a[i]).toBeGreaterThanOrEqual(5);
  });
});
