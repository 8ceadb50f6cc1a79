/**
 * Weighted principal axes of a 3-D point cloud (centroid, covariance, eigen-decomposition by cyclic
 * Jacobi rotations). Pure.
 */
import type { Vec3 } from './types';

/** Principal axes of a point cloud. */
export interface PrincipalAxes {
  /** Weighted centroid (same units as the points). */
  centroid: Vec3;
  /** Unit eigenvectors, largest variance first; each vector's sign is arbitrary. */
  axes: [Vec3, Vec3, Vec3];
  /** Weighted variances along `axes` (units²), descending. */
  variances: Vec3;
  /** Total weight. */
  weight: number;
}

/**
 * Eigen-decomposition of a symmetric 3×3 matrix (row-major) by cyclic Jacobi rotations.
 * Returns eigenvalues descending and matching unit eigenvectors.
 */
export function symmetricEigen3(m: ArrayLike<number>): { values: Vec3; vectors: [Vec3, Vec3, Vec3] } {
  const a = [0, 1, 2].map((i) => [0, 1, 2].map((j) => m[3 * i + j] ?? 0));
  const v = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];
  const at = (r: number[][], i: number, j: number): number => r[i]?.[j] ?? 0;
  const set = (r: number[][], i: number, j: number, x: number): void => {
    (r[i] as number[])[j] = x;
  };
  for (let sweep = 0; sweep < 50; sweep++) {
    const off = at(a, 0, 1) ** 2 + at(a, 0, 2) ** 2 + at(a, 1, 2) ** 2;
    const scale = at(a, 0, 0) ** 2 + at(a, 1, 1) ** 2 + at(a, 2, 2) ** 2;
    if (off <= 1e-30 * Math.max(scale, 1e-300)) break;
    for (const [p, q] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ] as const) {
      const apq = at(a, p, q);
      if (Math.abs(apq) < 1e-300) continue;
      const theta = (at(a, q, q) - at(a, p, p)) / (2 * apq);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1);
      const s = t * c;
      for (let k = 0; k < 3; k++) {
        const akp = at(a, k, p);
        const akq = at(a, k, q);
        set(a, k, p, c * akp - s * akq);
        set(a, k, q, s * akp + c * akq);
      }
      for (let k = 0; k < 3; k++) {
        const apk = at(a, p, k);
        const aqk = at(a, q, k);
        set(a, p, k, c * apk - s * aqk);
        set(a, q, k, s * apk + c * aqk);
      }
      for (let k = 0; k < 3; k++) {
        const vkp = at(v, k, p);
        const vkq = at(v, k, q);
        set(v, k, p, c * vkp - s * vkq);
        set(v, k, q, s * vkp + c * vkq);
      }
    }
  }
  const order = [0, 1, 2].sort((i, j) => at(a, j, j) - at(a, i, i));
  const col = (j: number): Vec3 => [at(v, 0, j), at(v, 1, j), at(v, 2, j)];
  const [i0 = 0, i1 = 1, i2 = 2] = order;
  return {
    values: [at(a, i0, i0), at(a, i1, i1), at(a, i2, i2)],
    vectors: [col(i0), col(i1), col(i2)],
  };
}

/**
 * Weighted principal axes of `points` (x, y, z interleaved). `weights` (one per point) default to 1.
 *
 * @throws RangeError when there are no points or the total weight is not positive.
 */
export function principalAxes(points: ArrayLike<number>, weights?: ArrayLike<number>): PrincipalAxes {
  const n = Math.floor(points.length / 3);
  let w = 0;
  let cx = 0;
  let cy = 0;
  let cz = 0;
  for (let i = 0; i < n; i++) {
    const wi = weights ? (weights[i] ?? 0) : 1;
    w += wi;
    cx += wi * (points[3 * i] ?? 0);
    cy += wi * (points[3 * i + 1] ?? 0);
    cz += wi * (points[3 * i + 2] ?? 0);
  }
  if (!(w > 0))
    throw new RangeError(`principal axes need points with positive total weight; got ${n} points`);
  cx /= w;
  cy /= w;
  cz /= w;
  let xx = 0;
  let xy = 0;
  let xz = 0;
  let yy = 0;
  let yz = 0;
  let zz = 0;
  for (let i = 0; i < n; i++) {
    const wi = weights ? (weights[i] ?? 0) : 1;
    const dx = (points[3 * i] ?? 0) - cx;
    const dy = (points[3 * i + 1] ?? 0) - cy;
    const dz = (points[3 * i + 2] ?? 0) - cz;
    xx += wi * dx * dx;
    xy += wi * dx * dy;
    xz += wi * dx * dz;
    yy += wi * dy * dy;
    yz += wi * dy * dz;
    zz += wi * dz * dz;
  }
  const c = [xx, xy, xz, xy, yy, yz, xz, yz, zz].map((v) => v / w);
  const { values, vectors } = symmetricEigen3(c);
  return { centroid: [cx, cy, cz], axes: vectors, variances: values, weight: w };
}
