import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../geometry/types';
import { createRng } from '../random';
import { augmentPlane } from './augment';
import { planeSampler, standardPlane } from './planes';

const norm = (a: Vec3): number => Math.hypot(a[0], a[1], a[2]);

describe('augmentPlane', () => {
  it('stays within ±10°, ±7 px and the scale range', () => {
    const rng = createRng(11);
    for (let n = 0; n < 500; n++) {
      const { aug } = augmentPlane(rng, standardPlane('axial'));
      expect(Math.abs(aug.rotationDeg)).toBeLessThanOrEqual(10);
      expect(Math.abs(aug.shiftPx[0])).toBeLessThanOrEqual(7);
      expect(Math.abs(aug.shiftPx[1])).toBeLessThanOrEqual(7);
      for (const s of aug.scale) expect(s >= 0.9 && s <= 1.1).toBe(true);
    }
  });

  it('rotates by the drawn angle and moves the origin to the shifted pixel', () => {
    const plane = standardPlane('sagittal');
    const rng = createRng(3);
    for (let n = 0; n < 50; n++) {
      const { plane: q, aug } = augmentPlane(rng, plane, { pixelMm: 0.2, scaleRange: [1, 1] });
      const cos = q.u[0] * plane.u[0] + q.u[1] * plane.u[1] + q.u[2] * plane.u[2];
      expect((Math.acos(Math.min(1, cos)) * 180) / Math.PI).toBeCloseTo(Math.abs(aug.rotationDeg), 6);
      // the anatomy origin appears at the image centre + shift
      const s = planeSampler(q, { width: 200, height: 100, pixelMm: 0.2 });
      const p = s.point(100 - 0.5 + aug.shiftPx[0], 50 - 0.5 + aug.shiftPx[1]);
      for (let k = 0; k < 3; k++) expect(p[k]).toBeCloseTo(plane.origin[k] as number, 9);
    }
  });

  it('scales the anatomy anisotropically by the drawn factors', () => {
    const { plane, aug } = augmentPlane(createRng(8), standardPlane('axial'), {
      maxRotationDeg: 0,
      scaleRange: [0.8, 1.25],
    });
    expect(norm(plane.u)).toBeCloseTo(1 / aug.scale[0], 12);
    expect(norm(plane.v)).toBeCloseTo(1 / aug.scale[1], 12);
  });
});
