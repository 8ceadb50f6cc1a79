/**
 * NIfTI orientation maths: the qform quaternion ↔ rotation matrix, and the affine a volume stands for.
 * Affines are 4×4 row-major voxel-index → world (mm).
 */
import type { Volume } from '../geometry/types.ts';

/** Rotation matrix (row-major 3×3) from the NIfTI quaternion (b, c, d), per nifti1.h. */
export function quaternToRotation(b: number, c: number, d: number): number[] {
  let a2 = 1 - (b * b + c * c + d * d);
  if (a2 < 1e-7) {
    const s = 1 / Math.sqrt(b * b + c * c + d * d || 1);
    b *= s;
    c *= s;
    d *= s;
    a2 = 0;
  }
  const a = Math.sqrt(a2);
  return [
    a * a + b * b - c * c - d * d,
    2 * (b * c - a * d),
    2 * (b * d + a * c),
    2 * (b * c + a * d),
    a * a + c * c - b * b - d * d,
    2 * (c * d - a * b),
    2 * (b * d - a * c),
    2 * (c * d + a * b),
    a * a + d * d - c * c - b * b,
  ];
}

/** The affine a volume stands for: its own, or diag(spacing) translated to origin. */
export function volumeAffine(vol: Volume): Float64Array {
  if (vol.affine && vol.affine.length === 16) return Float64Array.from(vol.affine);
  const a = new Float64Array(16);
  a[0] = vol.spacing[0];
  a[5] = vol.spacing[1];
  a[10] = vol.spacing[2];
  a[3] = vol.origin[0];
  a[7] = vol.origin[1];
  a[11] = vol.origin[2];
  a[15] = 1;
  return a;
}

/** NIfTI quaternion (b, c, d) and qfac from the rotation part of an affine (nifti_mat44_to_quatern). */
export function affineToQuatern(affine: ArrayLike<number>): {
  b: number;
  c: number;
  d: number;
  qfac: number;
} {
  const m = (r: number, c: number): number => affine[4 * r + c] ?? 0;
  // Unit columns, made orthogonal by Gram–Schmidt (exact for rigid + scale affines).
  const cols: number[][] = [0, 1, 2].map((c) => [m(0, c), m(1, c), m(2, c)]);
  const norm = (v: number[]): number => Math.hypot(v[0] ?? 0, v[1] ?? 0, v[2] ?? 0);
  const dot = (p: number[], q: number[]): number =>
    (p[0] ?? 0) * (q[0] ?? 0) + (p[1] ?? 0) * (q[1] ?? 0) + (p[2] ?? 0) * (q[2] ?? 0);
  const unit = (v: number[], fallback: number[]): number[] => {
    const n = norm(v);
    return n > 1e-12 ? v.map((x) => x / n) : fallback;
  };
  const e0 = unit(cols[0] ?? [], [1, 0, 0]);
  let e1 = cols[1] ?? [];
  e1 = unit(
    e1.map((x, i) => x - dot(e1, e0) * (e0[i] ?? 0)),
    [0, 1, 0],
  );
  let e2 = cols[2] ?? [];
  e2 = unit(
    e2.map((x, i) => x - dot(e2, e0) * (e0[i] ?? 0) - dot(e2, e1) * (e1[i] ?? 0)),
    [0, 0, 1],
  );
  const [r11 = 0, r21 = 0, r31 = 0] = e0;
  const [r12 = 0, r22 = 0, r32 = 0] = e1;
  let [r13 = 0, r23 = 0, r33 = 0] = e2;
  const det = r11 * (r22 * r33 - r32 * r23) - r12 * (r21 * r33 - r31 * r23) + r13 * (r21 * r32 - r31 * r22);
  let qfac = 1;
  if (det < 0) {
    qfac = -1;
    r13 = -r13;
    r23 = -r23;
    r33 = -r33;
  }
  let a = r11 + r22 + r33 + 1;
  let b: number, c: number, d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    b = (0.25 * (r32 - r23)) / a;
    c = (0.25 * (r13 - r31)) / a;
    d = (0.25 * (r21 - r12)) / a;
  } else {
    const xd = 1 + r11 - (r22 + r33);
    const yd = 1 + r22 - (r11 + r33);
    const zd = 1 + r33 - (r11 + r22);
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd);
      c = (0.25 * (r12 + r21)) / b;
      d = (0.25 * (r13 + r31)) / b;
      a = (0.25 * (r32 - r23)) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd);
      b = (0.25 * (r12 + r21)) / c;
      d = (0.25 * (r23 + r32)) / c;
      a = (0.25 * (r13 - r31)) / c;
    } else {
      d = 0.5 * Math.sqrt(zd);
      b = (0.25 * (r13 + r31)) / d;
      c = (0.25 * (r23 + r32)) / d;
      a = (0.25 * (r21 - r12)) / d;
    }
    if (a < 0) {
      b = -b;
      c = -c;
      d = -d;
    }
  }
  return { b, c, d, qfac };
}
