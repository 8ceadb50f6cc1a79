import { describe, expect, it } from 'vitest';
import { ellipsoidSdf, ellipsoidShellField, gridCenter, sampleField } from './fields';
import { ellipsePerimeter, fitEllipse, skullBiometry } from './skullBiometry';
import type { Vec3 } from './types';

const OUTER: Vec3 = [50, 40, 36];
const BONE = 2;

describe('skullBiometry', () => {
  it.each([
    [1, 1, 1],
    [0.8, 0.8, 2],
    [1.2, 0.9, 1.5],
  ])('ellipsoidal shell at %s × %s × %s: BPD, OFD within half a voxel, HC within 1 percent', (sx, sy, sz) => {
    const spacing: Vec3 = [sx, sy, sz];
    const dims: Vec3 = [Math.ceil(116 / sx), Math.ceil(96 / sy), Math.ceil(84 / sz)];
    const c = gridCenter(dims, spacing);
    const b = skullBiometry(ellipsoidShellField(dims, spacing, c, OUTER, BONE));
    const half = Math.max(sx, sy) / 2;
    expect(Math.abs(b.ofdMm - 2 * OUTER[0])).toBeLessThan(half);
    expect(Math.abs(b.bpdMm - (2 * OUTER[1] - BONE))).toBeLessThan(half);
    expect(Math.abs(b.bpdOuterMm - 2 * OUTER[1])).toBeLessThan(half);
    const hc = ellipsePerimeter(OUTER[0], OUTER[1]);
    expect(Math.abs(b.hcMm / hc - 1)).toBeLessThan(0.01);
    expect(Math.abs(b.hcExtentsMm / hc - 1)).toBeLessThan(0.01);
    expect(b.cephalicIndex).toBeCloseTo((b.bpdMm / b.ofdMm) * 100, 10);
    expect(Math.abs(b.planeZMm - c[2])).toBeLessThanOrEqual(sz);
  });

  it('ignores fontanelle gaps near the vertex and honours planeZMm', () => {
    const spacing: Vec3 = [1, 1, 1];
    const dims: Vec3 = [116, 96, 84];
    const c = gridCenter(dims, spacing);
    const inner: Vec3 = [OUTER[0] - BONE, OUTER[1] - BONE, OUTER[2] - BONE];
    // Shell with a 3 mm sagittal suture and a 14 mm anterior fontanelle above z = c + 20 mm.
    const field = sampleField(dims, spacing, (x, y, z) => {
      let f = Math.max(ellipsoidSdf(x, y, z, c, OUTER), -ellipsoidSdf(x, y, z, c, inner));
      if (z > c[2] + 20) f = Math.max(f, 1.5 - Math.abs(y - c[1]));
      if (z > c[2] + 20) f = Math.max(f, 7 - Math.hypot(x - c[0] - 15, y - c[1]));
      return f;
    });
    const b = skullBiometry(field);
    expect(Math.abs(b.planeZMm - c[2])).toBeLessThanOrEqual(1);
    expect(Math.abs(b.ofdMm - 100)).toBeLessThan(0.5);
    expect(Math.abs(b.bpdMm - 78)).toBeLessThan(0.5);
    // A plane 15.3 mm down (between slices): the outline is the ellipse scaled by √(1 − (15.3/36)²).
    const k = Math.sqrt(1 - (15.3 / OUTER[2]) ** 2);
    const up = skullBiometry(field, { planeZMm: c[2] - 15.3 });
    expect(up.planeZMm).toBe(c[2] - 15.3);
    expect(Math.abs(up.ofdMm - 2 * OUTER[0] * k)).toBeLessThan(0.5);
    expect(Math.abs(up.hcMm / ellipsePerimeter(OUTER[0] * k, OUTER[1] * k) - 1)).toBeLessThan(0.01);
  });

  it('throws an actionable error when there is no skull', () => {
    const empty = sampleField([10, 10, 10], [1, 1, 1], () => 5);
    expect(() => skullBiometry(empty)).toThrow(/no closed skull outline/);
  });
});

describe('fitEllipse', () => {
  it('recovers a rotated, shifted ellipse from exact points', () => {
    const pts: number[] = [];
    const th = 0.4;
    for (let i = 0; i < 40; i++) {
      const t = (i / 40) * 2 * Math.PI;
      const x = 30 * Math.cos(t);
      const y = 12 * Math.sin(t);
      pts.push(5 + x * Math.cos(th) - y * Math.sin(th), -3 + x * Math.sin(th) + y * Math.cos(th));
    }
    const e = fitEllipse(Float64Array.from(pts));
    expect(e).not.toBeNull();
    expect(e!.a).toBeCloseTo(30, 6);
    expect(e!.b).toBeCloseTo(12, 6);
    expect(e!.cx).toBeCloseTo(5, 6);
    expect(e!.cy).toBeCloseTo(-3, 6);
    expect(e!.angleRad).toBeCloseTo(th, 6);
  });

  it('Ramanujan perimeter is exact for a circle and close for a 2:1 ellipse', () => {
    expect(ellipsePerimeter(10, 10)).toBeCloseTo(20 * Math.PI, 10);
    // Reference value of the complete elliptic integral: 4·a·E(e), a = 2, b = 1 → 9.688448220547675.
    expect(ellipsePerimeter(2, 1)).toBeCloseTo(9.688448220547675, 6);
  });
});
