/**
 * Analytic signed-distance-like fields on a grid, for tests, benchmarks and synthetic inputs.
 *
 * All fields are negative inside the object, in mm, sampled at voxel centres `(i, j, k) * spacing`
 * (origin [0, 0, 0]).
 */
import type { Vec3, Volume } from './types';

/** Centre of the grid in mm for origin [0, 0, 0]: `(dims - 1) / 2 * spacing`. */
export function gridCenter(dims: Vec3, spacing: Vec3): Vec3 {
  return [
    ((dims[0] - 1) / 2) * spacing[0],
    ((dims[1] - 1) / 2) * spacing[1],
    ((dims[2] - 1) / 2) * spacing[2],
  ];
}

/** Samples `f(x, y, z)` (mm → mm) at every voxel centre into a Float32 volume with origin [0, 0, 0]. */
export function sampleField(
  dims: Vec3,
  spacing: Vec3,
  f: (x: number, y: number, z: number) => number,
): Volume<Float32Array> {
  const [nx, ny, nz] = dims;
  const data = new Float32Array(nx * ny * nz);
  let p = 0;
  for (let k = 0; k < nz; k++) {
    const z = k * spacing[2];
    for (let j = 0; j < ny; j++) {
      const y = j * spacing[1];
      for (let i = 0; i < nx; i++) data[p++] = f(i * spacing[0], y, z);
    }
  }
  return { dims: [nx, ny, nz], spacing: [...spacing], origin: [0, 0, 0], data };
}

/** Exact signed distance (mm) to a sphere of radius `r` mm centred at `center` (mm). */
export function sphereField(dims: Vec3, spacing: Vec3, center: Vec3, r: number): Volume<Float32Array> {
  const [cx, cy, cz] = center;
  return sampleField(dims, spacing, (x, y, z) => Math.hypot(x - cx, y - cy, z - cz) - r);
}

/** Approximate signed distance to an axis-aligned ellipsoid: `(|p / radii| − 1) · min(radii)` mm. */
export function ellipsoidSdf(x: number, y: number, z: number, center: Vec3, radii: Vec3): number {
  const [a, b, c] = radii;
  const rho = Math.hypot((x - center[0]) / a, (y - center[1]) / b, (z - center[2]) / c);
  return (rho - 1) * Math.min(a, b, c);
}

/**
 * Axis-aligned ellipsoid with semi-axes `radii` (mm). The zero level set is the exact ellipsoid; values
 * are `(|p / radii| − 1) · min(radii)`, a distance underestimate away from the surface.
 */
export function ellipsoidField(dims: Vec3, spacing: Vec3, center: Vec3, radii: Vec3): Volume<Float32Array> {
  return sampleField(dims, spacing, (x, y, z) => ellipsoidSdf(x, y, z, center, radii));
}

/** Exact signed distance to a spherical shell `rInner < |p − center| < rOuter` (mm). */
export function shellField(
  dims: Vec3,
  spacing: Vec3,
  center: Vec3,
  rInner: number,
  rOuter: number,
): Volume<Float32Array> {
  return sampleField(dims, spacing, (x, y, z) => shellSdf(x, y, z, center, rInner, rOuter));
}

/** Exact signed distance from (x, y, z) to the shell `rInner < |p − center| < rOuter` (mm). */
export function shellSdf(
  x: number,
  y: number,
  z: number,
  center: Vec3,
  rInner: number,
  rOuter: number,
): number {
  const mid = (rInner + rOuter) / 2;
  const half = (rOuter - rInner) / 2;
  return Math.abs(Math.hypot(x - center[0], y - center[1], z - center[2]) - mid) - half;
}

/**
 * A cup: the spherical shell of {@link shellField} cut by the plane `z = zCutMm` and kept below it, so it
 * is open at the top (+z) like the LV at the valve plane. Field = max(shell, z − zCutMm) (mm).
 */
export function cupField(
  dims: Vec3,
  spacing: Vec3,
  center: Vec3,
  rInner: number,
  rOuter: number,
  zCutMm: number,
): Volume<Float32Array> {
  return sampleField(dims, spacing, (x, y, z) =>
    Math.max(shellSdf(x, y, z, center, rInner, rOuter), z - zCutMm),
  );
}

/**
 * An ellipsoidal shell (skull-like): inside the ellipsoid with semi-axes `outerRadii` and outside the
 * one with semi-axes `outerRadii − thicknessMm`. Field = max(outer, −inner) of {@link ellipsoidSdf}.
 */
export function ellipsoidShellField(
  dims: Vec3,
  spacing: Vec3,
  center: Vec3,
  outerRadii: Vec3,
  thicknessMm: number,
): Volume<Float32Array> {
  const inner: Vec3 = [outerRadii[0] - thicknessMm, outerRadii[1] - thicknessMm, outerRadii[2] - thicknessMm];
  return sampleField(dims, spacing, (x, y, z) =>
    Math.max(ellipsoidSdf(x, y, z, center, outerRadii), -ellipsoidSdf(x, y, z, center, inner)),
  );
}
