import { describe, expect, it } from 'vitest';
import { radialMesh, sphereVertexCount } from './radialSurface';
import { labelHausdorff, labelledShellDice, labelPatch } from './radialShellMetrics';

const g = { nLat: 60, nLon: 120 };
const n = sphereVertexCount(g);
const fill = (v: number) => new Float32Array(n).fill(v);
/** Label 1 on the upper half (z > 0 rows), 2 on the lower half. */
const halves = () => {
  const l = new Uint8Array(n);
  for (let i = 0; i < g.nLat; i++) l.fill(i >= g.nLat / 2 ? 1 : 2, i * g.nLon, (i + 1) * g.nLon);
  return l;
};

describe('labelled shell Dice (exact along rays)', () => {
  it('matches the analytic Dice of two concentric spherical shells', () => {
    const a = { outer: fill(50), inner: fill(49), labels: halves() };
    const b = { outer: fill(50.5), inner: fill(49.5), labels: halves() };
    const d = labelledShellDice(a, b, g, [1, 2]);
    const vol = (r1: number, r0: number) => r1 ** 3 - r0 ** 3;
    const expected = (2 * vol(50, 49.5)) / (vol(50, 49) + vol(50.5, 49.5));
    expect(d.get(1)).toBeCloseTo(expected, 6);
    expect(d.get(2)).toBeCloseTo(expected, 6);
    expect(d.get(-1)).toBeCloseTo(expected, 6);
  });

  it('scores a label 0 where the two shells put it on different halves, the union unaffected', () => {
    const flipped = halves().map((v) => 3 - v);
    const a = { outer: fill(50), inner: fill(0), labels: halves() };
    const b = { outer: fill(50), inner: fill(0), labels: flipped };
    const d = labelledShellDice(a, b, g, [1, 2]);
    expect(d.get(1)).toBe(0);
    expect(d.get(-1)).toBeCloseTo(1, 9);
  });
});

describe('per-label Hausdorff between radial surfaces', () => {
  it('is the radius difference for concentric spheres with the same labels', () => {
    const l = halves();
    const h = labelHausdorff(radialMesh(fill(50), g), l, radialMesh(fill(50.5), g), l, 1);
    expect(h.meanMm).toBeGreaterThan(0.49);
    expect(h.maxMm).toBeLessThan(0.56);
  });

  it('keeps only the triangles whose three vertices carry the label', () => {
    const m = radialMesh(fill(50), g);
    const p = labelPatch(m, halves(), 1);
    // 29 bands of quads between the 30 upper rows; the poles carry no label here.
    expect(p.indices.length / 3).toBe(g.nLon * (g.nLat / 2 - 1) * 2);
    for (let v = 0; v < p.positions.length / 3; v++) expect(p.positions[3 * v + 2]).toBeGreaterThan(0);
  });
});
