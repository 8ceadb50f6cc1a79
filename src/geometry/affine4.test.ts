import { describe, expect, it } from 'vitest';
import {
  affineColumnNorms,
  affineDeterminant,
  affineFromParts,
  angleBetween,
  applyAffine,
  identityAffine,
  invertAffine,
  multiplyAffine,
} from './affine4';

describe('affine4', () => {
  // Rotation by 30° about z, voxel sizes 1.5, 1.5, 10, translated.
  const c = Math.cos(Math.PI / 6);
  const s = Math.sin(Math.PI / 6);
  const a = affineFromParts([1.5 * c, -1.5 * s, 0, 1.5 * s, 1.5 * c, 0, 0, 0, 10], [10, -20, 5]);

  it('inverts, composes and applies', () => {
    const inv = invertAffine(a);
    const id = multiplyAffine(inv, a);
    identityAffine().forEach((v, i) => expect(id[i]).toBeCloseTo(v, 12));
    const p = applyAffine(a, 2, 3, 4);
    const back = applyAffine(inv, ...p);
    expect(back[0]).toBeCloseTo(2, 12);
    expect(back[1]).toBeCloseTo(3, 12);
    expect(back[2]).toBeCloseTo(4, 12);
    expect(p[2]).toBeCloseTo(45, 12);
  });
  it('measures voxel sizes and volume', () => {
    const n = affineColumnNorms(a);
    expect(n[0]).toBeCloseTo(1.5, 12);
    expect(n[2]).toBeCloseTo(10, 12);
    expect(affineDeterminant(a)).toBeCloseTo(22.5, 10);
  });
  it('refuses a singular affine', () => {
    expect(() => invertAffine(affineFromParts([1, 0, 0, 0, 1, 0, 0, 0, 0], [0, 0, 0]))).toThrow(/singular/);
  });
  it('measures angles', () => {
    expect(angleBetween([1, 0, 0], [0, 2, 0])).toBeCloseTo(Math.PI / 2, 12);
    expect(angleBetween([1, 1, 0], [-1, -1, 0])).toBeCloseTo(Math.PI, 6);
  });
});
