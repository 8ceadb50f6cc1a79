/**
 * NIfTI orientation maths: the qform quaternion ↔ rotation matrix, the affine a header stands for
 * (sform, qform or pixdim, as ITK reads it) and the affine a volume stands for.
 * Affines are 4×4 row-major voxel-index → world (mm).
 */
import type { NIFTI1, NIFTI2 } from 'nifti-reader-js';
import type { Vec3, Volume } from '../geometry/types.ts';
import { finiteOr } from './niftiHeader.ts';

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

/** Where a read volume's affine came from. */
export type NiftiAffineSource = 'sform' | 'qform' | 'pixdim';

/** Column c (0–2) of the 3×3 part of a row-major 4×4 affine. */
function column(affine: Float64Array, c: number): Vec3 {
  return [affine[c]!, affine[4 + c]!, affine[8 + c]!];
}

/**
 * Voxel → world affine as ITK builds it: the voxel size is always `pixdim` (`spacing`); the
 * orientation (and origin) come from the sform when its code is > 0 and its 3×3 part is finite and
 * non-degenerate, else from the qform when its code is > 0, else the axes are the identity. The sform's
 * columns are normalised before `spacing` is applied, so a sform that lost the voxel size (ACDC's
 * diag(−1, −1, 1)) still gives the right geometry; when its column lengths disagree with pixdim by
 * more than 1 % a warning says so.
 */
export function readAffine(
  dv: DataView,
  version: 1 | 2,
  le: boolean,
  h: NIFTI1 | NIFTI2,
  spacing: Vec3,
  unitScale: number,
  warnings: string[],
): { affine: Float64Array; source: NiftiAffineSource } {
  const affine = new Float64Array(16);
  affine[15] = 1;
  if (h.sform_code > 0) {
    let ok = true;
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 4; c++) {
        const v =
          version === 1 ? dv.getFloat32(280 + 16 * r + 4 * c, le) : dv.getFloat64(400 + 32 * r + 8 * c, le);
        if (!Number.isFinite(v)) ok = false;
        affine[4 * r + c] = v * unitScale;
      }
    }
    const norms = [0, 1, 2].map((c) => Math.hypot(...column(affine, c)));
    const det = affineDet3(affine);
    if (
      ok &&
      norms.every((n) => n > 0 && Number.isFinite(n)) &&
      Math.abs(det) > 1e-12 * norms[0]! * norms[1]! * norms[2]!
    ) {
      const off = norms.map((n, c) => Math.abs(n / spacing[c]! - 1));
      if (off.some((d) => d > 0.01)) {
        const f = (v: readonly number[]): string => v.map((x) => +x.toPrecision(4)).join(' × ');
        warnings.push(
          `the sform's voxel sizes (${f(norms)} mm) disagree with pixdim (${f(spacing)} mm): pixdim was used, as ITK, 3D Slicer and nibabel do`,
        );
      }
      for (let c = 0; c < 3; c++) {
        const k = spacing[c]! / norms[c]!;
        for (let r = 0; r < 3; r++) affine[4 * r + c]! *= k;
      }
      return { affine, source: 'sform' };
    }
    warnings.push('the sform is not usable (not finite or degenerate): the qform or pixdim was used instead');
    affine.fill(0);
    affine[15] = 1;
  }
  if (h.qform_code > 0) {
    const b = finiteOr(h.quatern_b, 0);
    const c = finiteOr(h.quatern_c, 0);
    const d = finiteOr(h.quatern_d, 0);
    const rot = quaternToRotation(b, c, d);
    const qfac = (h.pixDims[0] ?? 1) < 0 ? -1 : 1;
    for (let r = 0; r < 3; r++) {
      for (let col = 0; col < 3; col++) {
        affine[4 * r + col] = (rot[3 * r + col] ?? 0) * spacing[col]! * (col === 2 ? qfac : 1);
      }
    }
    affine[3] = finiteOr(h.qoffset_x, 0) * unitScale;
    affine[7] = finiteOr(h.qoffset_y, 0) * unitScale;
    affine[11] = finiteOr(h.qoffset_z, 0) * unitScale;
    return { affine, source: 'qform' };
  }
  affine.fill(0);
  affine[0] = spacing[0];
  affine[5] = spacing[1];
  affine[10] = spacing[2];
  affine[15] = 1;
  return { affine, source: 'pixdim' };
}

function affineDet3(m: Float64Array): number {
  return (
    m[0]! * (m[5]! * m[10]! - m[6]! * m[9]!) -
    m[1]! * (m[4]! * m[10]! - m[6]! * m[8]!) +
    m[2]! * (m[4]! * m[9]! - m[5]! * m[8]!)
  );
}
