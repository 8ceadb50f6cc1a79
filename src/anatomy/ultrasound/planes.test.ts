import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../geometry/types';
import { defaultSkullParams } from '../skullParams';
import { SKULL_LABELS, skullGrid, skullLabelMap } from '../skullPhantom';
import { planeSampler, standardPlane } from './planes';

const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

describe('standard planes', () => {
  it('have orthonormal in-plane axes in the expected places', () => {
    for (const kind of ['axial', 'sagittal', 'coronal'] as const) {
      const p = standardPlane(kind);
      expect(dot(p.u, p.u)).toBeCloseTo(1, 12);
      expect(dot(p.v, p.v)).toBeCloseTo(1, 12);
      expect(dot(p.u, p.v)).toBeCloseTo(0, 12);
    }
    expect(standardPlane('sagittal').u[1]).toBe(0);
    expect(standardPlane('sagittal').v[1]).toBe(0);
    expect(standardPlane('coronal', { coronalOffsetMm: 5 }).origin[0]).toBe(5);
    expect(standardPlane('axial', { axialTiltDeg: 0 }).u).toEqual([1, 0, 0]);
  });
});

describe('planeSampler', () => {
  it('puts the plane origin at the image centre and steps pixelMm per pixel', () => {
    const s = planeSampler(standardPlane('axial', { axialTiltDeg: 0 }), {
      width: 10,
      height: 6,
      pixelMm: 0.5,
    });
    const f = s.sampleField((x, y) => 100 * x + y);
    // pixel (i, j) centre: x = (i + 0.5 − 5)·0.5, y = (j + 0.5 − 3)·0.5
    expect(f[0]).toBeCloseTo(100 * -2.25 - 1.25, 4);
    expect(f[3 * 10 + 7]).toBeCloseTo(100 * 1.25 + 0.25, 4);
    expect(() => planeSampler(standardPlane('axial'), { width: 0, height: 6, pixelMm: 0.5 })).toThrow(
      /positive/,
    );
  });

  it('samples a skull label volume: bone on the outline, brain inside (nearest and trilinear)', () => {
    const p = defaultSkullParams(28);
    const grid = skullGrid({ size: 96, spacingMm: 1.5 });
    const labels = skullLabelMap(p, grid, { minThicknessMm: 3 });
    const s = planeSampler(standardPlane('axial', { axialTiltDeg: 0 }), {
      width: 160,
      height: 160,
      pixelMm: 0.75,
    });
    const near = s.sampleVolume(labels, 'nearest');
    const tri = s.sampleVolume(labels);
    expect(near[80 * 160 + 80]).toBe(SKULL_LABELS.brain);
    expect(tri[80 * 160 + 80]).toBeCloseTo(SKULL_LABELS.brain, 6);
    expect(near[0]).toBe(SKULL_LABELS.background);
    // along the row through the centre (+x), bone appears once on each side
    let transitions = 0;
    for (let i = 1; i < 160; i++) {
      const a = near[80 * 160 + i - 1] === SKULL_LABELS.bone;
      const b = near[80 * 160 + i] === SKULL_LABELS.bone;
      if (a !== b) transitions++;
    }
    expect(transitions).toBe(4);
  });
});
