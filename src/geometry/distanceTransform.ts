/**
 * Exact squared Euclidean distance transform on a voxel grid (anisotropic spacing honoured): the
 * separable lower-envelope algorithm of Felzenszwalb and Huttenlocher, one 1-D pass per axis.
 * Pure; O(voxels).
 */
import type { Vec3 } from './types';

const FAR = 1e20;

/** 1-D squared distance transform along a strided line (in place), sample spacing `h` (mm). */
function edt1d(
  f: Float64Array,
  start: number,
  stride: number,
  n: number,
  h: number,
  buf: { d: Float64Array; v: Int32Array; z: Float64Array; g: Float64Array },
): void {
  const { d, v, z, g } = buf;
  const h2 = h * h;
  for (let q = 0; q < n; q++) g[q] = f[start + q * stride]!;
  let k = 0;
  v[0] = 0;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = 1; q < n; q++) {
    const fq = g[q]! + h2 * q * q;
    let p = v[k]!;
    let s = (fq - (g[p]! + h2 * p * p)) / (2 * h2 * (q - p));
    // z[0] = −∞, so k never drops below 0 (all values are finite).
    while (s <= z[k]!) {
      k--;
      p = v[k]!;
      s = (fq - (g[p]! + h2 * p * p)) / (2 * h2 * (q - p));
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1]! < q) k++;
    const p = v[k]!;
    d[q] = h2 * (q - p) * (q - p) + g[p]!;
  }
  for (let q = 0; q < n; q++) f[start + q * stride] = Math.min(d[q]!, FAR);
}

/**
 * Squared Euclidean distance (mm²) from every voxel to the nearest voxel where `isFeature` is true
 * (0 on features; ~1e20 when there is no feature at all).
 */
export function squaredDistanceTransform(
  isFeature: (i: number) => boolean,
  dims: Vec3,
  spacing: Vec3,
): Float64Array {
  const [nx, ny, nz] = dims;
  const n = nx * ny * nz;
  const f = new Float64Array(n);
  for (let i = 0; i < n; i++) f[i] = isFeature(i) ? 0 : FAR;
  const m = Math.max(nx, ny, nz);
  const buf = {
    d: new Float64Array(m),
    v: new Int32Array(m),
    z: new Float64Array(m + 1),
    g: new Float64Array(m),
  };
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++) edt1d(f, nx * (j + ny * k), 1, nx, spacing[0], buf);
  for (let k = 0; k < nz; k++)
    for (let i = 0; i < nx; i++) edt1d(f, i + nx * ny * k, nx, ny, spacing[1], buf);
  for (let j = 0; j < ny; j++)
    for (let i = 0; i < nx; i++) edt1d(f, i + nx * j, nx * ny, nz, spacing[2], buf);
  return f;
}
