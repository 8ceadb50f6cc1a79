/**
 * 4×4 affine transforms in mm, row-major (16 numbers, last row 0 0 0 1), as NIfTI's sform and the
 * `Volume.affine` field use them. Pure; no allocation beyond the returned arrays.
 */
import type { Vec3 } from './types';

/** A 4×4 row-major affine: element (r, c) at `4 * r + c`. */
export type Affine4 = Float64Array;

/** The identity affine. */
export function identityAffine(): Affine4 {
  const a = new Float64Array(16);
  a[0] = a[5] = a[10] = a[15] = 1;
  return a;
}

/**
 * Affine `p ↦ R p + t` from a row-major 3×3 matrix `r` and a translation `t` (mm).
 */
export function affineFromParts(r: ArrayLike<number>, t: Vec3): Affine4 {
  const a = new Float64Array(16);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) a[4 * i + j] = r[3 * i + j] ?? 0;
    a[4 * i + 3] = t[i] ?? 0;
  }
  a[15] = 1;
  return a;
}

/** The product `a · b` (apply `b` first, then `a`). */
export function multiplyAffine(a: ArrayLike<number>, b: ArrayLike<number>): Affine4 {
  const out = new Float64Array(16);
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += (a[4 * i + k] ?? 0) * (b[4 * k + j] ?? 0);
      out[4 * i + j] = s;
    }
  }
  return out;
}

/** Determinant of the linear (upper-left 3×3) part. */
export function affineDeterminant(a: ArrayLike<number>): number {
  const m = (r: number, c: number): number => a[4 * r + c] ?? 0;
  return (
    m(0, 0) * (m(1, 1) * m(2, 2) - m(1, 2) * m(2, 1)) -
    m(0, 1) * (m(1, 0) * m(2, 2) - m(1, 2) * m(2, 0)) +
    m(0, 2) * (m(1, 0) * m(2, 1) - m(1, 1) * m(2, 0))
  );
}

/**
 * Inverse of an affine (linear part inverted by cofactors, translation −A⁻¹t).
 *
 * @throws RangeError when the linear part is singular or not finite.
 */
export function invertAffine(a: ArrayLike<number>): Affine4 {
  const m = (r: number, c: number): number => a[4 * r + c] ?? 0;
  const det = affineDeterminant(a);
  if (!Number.isFinite(det) || Math.abs(det) < 1e-12) {
    throw new RangeError(`the affine is singular (determinant ${det}); it cannot be inverted`);
  }
  const inv = [
    m(1, 1) * m(2, 2) - m(1, 2) * m(2, 1),
    m(0, 2) * m(2, 1) - m(0, 1) * m(2, 2),
    m(0, 1) * m(1, 2) - m(0, 2) * m(1, 1),
    m(1, 2) * m(2, 0) - m(1, 0) * m(2, 2),
    m(0, 0) * m(2, 2) - m(0, 2) * m(2, 0),
    m(0, 2) * m(1, 0) - m(0, 0) * m(1, 2),
    m(1, 0) * m(2, 1) - m(1, 1) * m(2, 0),
    m(0, 1) * m(2, 0) - m(0, 0) * m(2, 1),
    m(0, 0) * m(1, 1) - m(0, 1) * m(1, 0),
  ].map((v) => v / det);
  const t: Vec3 = [0, 0, 0];
  for (let i = 0; i < 3; i++) {
    t[i] = -((inv[3 * i] ?? 0) * m(0, 3) + (inv[3 * i + 1] ?? 0) * m(1, 3) + (inv[3 * i + 2] ?? 0) * m(2, 3));
  }
  return affineFromParts(inv, t);
}

/** `a · (x, y, z, 1)`, the first three components. */
export function applyAffine(a: ArrayLike<number>, x: number, y: number, z: number): Vec3 {
  const m = (i: number): number => a[i] ?? 0;
  return [
    m(0) * x + m(1) * y + m(2) * z + m(3),
    m(4) * x + m(5) * y + m(6) * z + m(7),
    m(8) * x + m(9) * y + m(10) * z + m(11),
  ];
}

/** Lengths of the three columns of the linear part: the voxel sizes (mm) of a voxel → world affine. */
export function affineColumnNorms(a: ArrayLike<number>): Vec3 {
  const n = (c: number): number => Math.hypot(a[c] ?? 0, a[4 + c] ?? 0, a[8 + c] ?? 0);
  return [n(0), n(1), n(2)];
}

/** Angle between two directions, radians in [0, π]. */
export function angleBetween(u: Vec3, v: Vec3): number {
  const d = u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
  const c = d / (Math.hypot(...u) * Math.hypot(...v));
  return Math.acos(Math.max(-1, Math.min(1, c)));
}
