/**
 * Analytic LV-like test shapes with known volumes (shared by geometry tests and benchmarks).
 */
import { cupField, gridCenter } from './fields';
import type { Vec3, Volume } from './types';

/** A spherical cup (shell open at +z) and its analytic volumes. */
export interface CupShape {
  field: Volume<Float32Array>;
  /** Cavity (inner cap below the cut), mm³. */
  cavityMm3: number;
  /** Myocardium (outer cap minus inner cap), mm³. */
  myocardiumMm3: number;
  /** z of the cut plane, mm. */
  zCutMm: number;
}

/** Volume of a spherical cap of height h of a sphere of radius r, mm³. */
export function sphericalCapVolume(r: number, h: number): number {
  const hc = Math.min(Math.max(h, 0), 2 * r);
  return (Math.PI * hc * hc * (3 * r - hc)) / 3;
}

/**
 * A cup: shell `rInner`–`rOuter` mm about the grid centre, cut `cutAboveCenterMm` above the centre,
 * the cut moved to the nearest mid-voxel plane (where the cavity cap of lvCavityField lands).
 */
export function cupShape(
  dims: Vec3,
  spacing: Vec3,
  rInner: number,
  rOuter: number,
  cutAboveCenterMm: number,
): CupShape {
  const c = gridCenter(dims, spacing);
  const k = Math.round((c[2] + cutAboveCenterMm) / spacing[2] - 0.5);
  const zCutMm = (k + 0.5) * spacing[2];
  const field = cupField(dims, spacing, c, rInner, rOuter, zCutMm);
  const cavityMm3 = sphericalCapVolume(rInner, zCutMm - (c[2] - rInner));
  const myocardiumMm3 = sphericalCapVolume(rOuter, zCutMm - (c[2] - rOuter)) - cavityMm3;
  return { field, cavityMm3, myocardiumMm3, zCutMm };
}
