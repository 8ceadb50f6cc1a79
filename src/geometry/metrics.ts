/**
 * Segmentation and surface agreement metrics (REFERENCE §3).
 */
import { SurfaceDistance } from './distanceQuery';
import { percentileOf } from './percentile';
import type { Mesh, Volume } from './types';

/**
 * Dice coefficient 2|A∩B| / (|A| + |B|) of the regions `value < iso` of two volumes on the same grid.
 * Returns 1 when both regions are empty.
 *
 * @throws Error when the grids (dims, spacing, origin) differ.
 */
export function dice(a: Volume, b: Volume, iso = 0): number {
  const same =
    a.dims.every((d, i) => d === b.dims[i]) &&
    a.spacing.every((s, i) => Math.abs(s - (b.spacing[i] as number)) <= 1e-6 * Math.abs(s)) &&
    a.origin.every((o, i) => Math.abs(o - (b.origin[i] as number)) <= 1e-6 * Math.max(1, Math.abs(o)));
  if (!same || a.data.length !== b.data.length) {
    throw new Error(
      `dice: volumes must share a grid; got dims ${a.dims.join('×')} vs ${b.dims.join('×')}, ` +
        `spacing ${a.spacing.join('×')} vs ${b.spacing.join('×')} mm, origin ${a.origin.join(',')} vs ` +
        `${b.origin.join(',')} mm. Resample one volume onto the other's grid first.`,
    );
  }
  let na = 0;
  let nb = 0;
  let both = 0;
  const da = a.data;
  const db = b.data;
  for (let i = 0; i < da.length; i++) {
    const ia = (da[i] as number) < iso;
    const ib = (db[i] as number) < iso;
    if (ia) na++;
    if (ib) nb++;
    if (ia && ib) both++;
  }
  return na + nb === 0 ? 1 : (2 * both) / (na + nb);
}

/** Symmetric surface distances between two meshes, mm. */
export interface SurfaceDistances {
  /** Hausdorff distance: the largest vertex-to-other-surface distance, both ways. */
  maxMm: number;
  /** 95th percentile of the pooled vertex-to-other-surface distances. */
  p95Mm: number;
  /** Mean of the pooled distances. */
  meanMm: number;
}

/**
 * Symmetric Hausdorff distance between two meshes: distances from every vertex of A to the surface of
 * B (point-to-triangle) and from every vertex of B to the surface of A, pooled; max, 95th percentile
 * (linear interpolation) and mean. NaN fields when either mesh has no triangles.
 */
export function hausdorff(meshA: Mesh, meshB: Mesh): SurfaceDistances {
  const na = Math.floor(meshA.positions.length / 3);
  const nb = Math.floor(meshB.positions.length / 3);
  if (meshA.indices.length < 3 || meshB.indices.length < 3) return { maxMm: NaN, p95Mm: NaN, meanMm: NaN };
  const d = new Float64Array(na + nb);
  const toB = new SurfaceDistance(meshB.positions, meshB.indices);
  const toA = new SurfaceDistance(meshA.positions, meshA.indices);
  const pa = meshA.positions;
  const pb = meshB.positions;
  for (let v = 0; v < na; v++)
    d[v] = toB.distance(pa[3 * v] as number, pa[3 * v + 1] as number, pa[3 * v + 2] as number);
  for (let v = 0; v < nb; v++) {
    d[na + v] = toA.distance(pb[3 * v] as number, pb[3 * v + 1] as number, pb[3 * v + 2] as number);
  }
  let max = 0;
  let sum = 0;
  for (const x of d) {
    if (x > max) max = x;
    sum += x;
  }
  return { maxMm: max, p95Mm: percentileOf(d, 95), meanMm: sum / d.length };
}

/** Relative volume difference (V_pred − V_true) / V_true (dimensionless; NaN if V_true is 0). */
export function relativeVolumeDifference(vPred: number, vTrue: number): number {
  return vTrue === 0 ? NaN : (vPred - vTrue) / vTrue;
}
