/**
 * Star-shaped closed surfaces stored as radii on a latitude–longitude grid of directions about a
 * centre: the representation the fetal skull models decode (the cranial vault is star-shaped about
 * the centre of its transventricular plane).
 *
 * Directions: `nLat` rows at latitudes λ_i = −π/2 + π(i + ½)/nLat (i = 0 south … nLat − 1 north),
 * `nLon` columns at longitudes φ_j = 2πj/nLon measured from +x towards +y, then the south and north
 * poles. Vertex index i·nLon + j, south pole nLat·nLon, north pole nLat·nLon + 1. Direction
 * (cos λ cos φ, cos λ sin φ, sin λ). Everything is in mm in the frame of the centre.
 */
import type { Mesh, Vec3, Volume } from './types';

/** Size of a latitude–longitude direction grid. */
export interface SphereGrid {
  nLat: number;
  nLon: number;
}

/** Number of directions (grid plus the two poles). */
export function sphereVertexCount(g: SphereGrid): number {
  return g.nLat * g.nLon + 2;
}

function checkGrid(g: SphereGrid): void {
  if (!Number.isInteger(g.nLat) || !Number.isInteger(g.nLon) || g.nLat < 2 || g.nLon < 3) {
    throw new RangeError(`sphere grid needs integer nLat ≥ 2 and nLon ≥ 3; got ${g.nLat} × ${g.nLon}`);
  }
}

function checkRadii(radii: ArrayLike<number>, g: SphereGrid): void {
  checkGrid(g);
  const n = sphereVertexCount(g);
  if (radii.length !== n) {
    throw new RangeError(`expected ${n} radii for a ${g.nLat} × ${g.nLon} sphere grid; got ${radii.length}`);
  }
}

/** Latitude of grid row i, radians. */
export function rowLatitude(g: SphereGrid, i: number): number {
  return -Math.PI / 2 + (Math.PI * (i + 0.5)) / g.nLat;
}

/** Unit directions of all vertices, xyz interleaved. */
export function sphereDirections(g: SphereGrid): Float32Array {
  checkGrid(g);
  const n = sphereVertexCount(g);
  const out = new Float32Array(3 * n);
  for (let i = 0; i < g.nLat; i++) {
    const lat = rowLatitude(g, i);
    for (let j = 0; j < g.nLon; j++) {
      const lon = (2 * Math.PI * j) / g.nLon;
      const k = 3 * (i * g.nLon + j);
      out[k] = Math.cos(lat) * Math.cos(lon);
      out[k + 1] = Math.cos(lat) * Math.sin(lon);
      out[k + 2] = Math.sin(lat);
    }
  }
  out[3 * (n - 2) + 2] = -1;
  out[3 * (n - 1) + 2] = 1;
  return out;
}

/** Triangle indices of the grid (shared by every radial mesh of that grid), outward-facing. */
export function sphereTriangles(g: SphereGrid): Uint32Array {
  checkGrid(g);
  const { nLat, nLon } = g;
  const south = nLat * nLon;
  const north = south + 1;
  const tris: number[] = [];
  const v = (i: number, j: number): number => i * nLon + (j % nLon);
  for (let j = 0; j < nLon; j++) tris.push(south, v(0, j + 1), v(0, j));
  for (let i = 0; i < nLat - 1; i++) {
    for (let j = 0; j < nLon; j++) {
      tris.push(v(i, j), v(i, j + 1), v(i + 1, j + 1));
      tris.push(v(i, j), v(i + 1, j + 1), v(i + 1, j));
    }
  }
  for (let j = 0; j < nLon; j++) tris.push(north, v(nLat - 1, j), v(nLat - 1, j + 1));
  return Uint32Array.from(tris);
}

/** Area-weighted vertex normals of a triangle mesh (unit length; zero-area vertices get +z). */
export function vertexNormals(positions: Float32Array, indices: Uint32Array): Float32Array {
  const nrm = new Float32Array(positions.length);
  for (let t = 0; t < indices.length; t += 3) {
    const a = 3 * (indices[t] as number);
    const b = 3 * (indices[t + 1] as number);
    const c = 3 * (indices[t + 2] as number);
    const ux = (positions[b] as number) - (positions[a] as number);
    const uy = (positions[b + 1] as number) - (positions[a + 1] as number);
    const uz = (positions[b + 2] as number) - (positions[a + 2] as number);
    const vx = (positions[c] as number) - (positions[a] as number);
    const vy = (positions[c + 1] as number) - (positions[a + 1] as number);
    const vz = (positions[c + 2] as number) - (positions[a + 2] as number);
    const nx = uy * vz - uz * vy;
    const ny = uz * vx - ux * vz;
    const nz = ux * vy - uy * vx;
    for (const k of [a, b, c]) {
      nrm[k] = (nrm[k] as number) + nx;
      nrm[k + 1] = (nrm[k + 1] as number) + ny;
      nrm[k + 2] = (nrm[k + 2] as number) + nz;
    }
  }
  for (let k = 0; k < nrm.length; k += 3) {
    const l = Math.hypot(nrm[k] as number, nrm[k + 1] as number, nrm[k + 2] as number);
    if (l > 0) {
      nrm[k] = (nrm[k] as number) / l;
      nrm[k + 1] = (nrm[k + 1] as number) / l;
      nrm[k + 2] = (nrm[k + 2] as number) / l;
    } else nrm[k + 2] = 1;
  }
  return nrm;
}

/**
 * The closed triangle mesh of a radial surface: vertex k at centre + radii[k]·direction[k] (mm).
 * Watertight with Euler characteristic 2 for positive radii.
 */
export function radialMesh(radii: ArrayLike<number>, g: SphereGrid, centre: Vec3 = [0, 0, 0]): Mesh {
  checkRadii(radii, g);
  const dirs = sphereDirections(g);
  const positions = new Float32Array(dirs.length);
  for (let k = 0; k < radii.length; k++) {
    const r = radii[k] as number;
    positions[3 * k] = centre[0] + r * (dirs[3 * k] as number);
    positions[3 * k + 1] = centre[1] + r * (dirs[3 * k + 1] as number);
    positions[3 * k + 2] = centre[2] + r * (dirs[3 * k + 2] as number);
  }
  const indices = sphereTriangles(g);
  return { positions, normals: vertexNormals(positions, indices), indices };
}

/**
 * Radius of the surface in direction (latitude, longitude) (radians), interpolated bilinearly between
 * grid rows and columns (and linearly towards the pole above the first/last row).
 */
export function radiusAt(radii: ArrayLike<number>, g: SphereGrid, lat: number, lon: number): number {
  const { nLat, nLon } = g;
  const fi = ((lat + Math.PI / 2) * nLat) / Math.PI - 0.5;
  let fj = (lon * nLon) / (2 * Math.PI);
  fj -= Math.floor(fj / nLon) * nLon;
  const j0 = Math.floor(fj);
  const tj = fj - j0;
  const j1 = (j0 + 1) % nLon;
  const row = (i: number): number =>
    (1 - tj) * (radii[i * nLon + (j0 % nLon)] as number) + tj * (radii[i * nLon + j1] as number);
  if (fi <= 0) {
    const pole = radii[nLat * nLon] as number;
    const t = (fi + 0.5) / 0.5; // 0 at the pole, 1 at row 0
    return (1 - Math.max(0, t)) * pole + Math.max(0, t) * row(0);
  }
  if (fi >= nLat - 1) {
    const pole = radii[nLat * nLon + 1] as number;
    const t = (fi - (nLat - 1)) / 0.5; // 0 at the last row, 1 at the pole
    return (1 - Math.min(1, t)) * row(nLat - 1) + Math.min(1, t) * pole;
  }
  const i0 = Math.floor(fi);
  const ti = fi - i0;
  return (1 - ti) * row(i0) + ti * row(i0 + 1);
}

/** A regular voxel grid description (no data). */
export interface GridSpec {
  dims: Vec3;
  spacing: Vec3;
  origin: Vec3;
}

/**
 * Samples a radial surface onto a voxel grid as the signed radial distance |p − c| − R(dir) (mm,
 * negative inside): its zero level set is the surface, so `marchingCubes` and `dice` apply directly.
 */
export function radialVolume(
  radii: ArrayLike<number>,
  g: SphereGrid,
  grid: GridSpec,
  centre: Vec3 = [0, 0, 0],
): Volume<Float32Array> {
  checkRadii(radii, g);
  const [nx, ny, nz] = grid.dims;
  const data = new Float32Array(nx * ny * nz);
  let idx = 0;
  for (let k = 0; k < nz; k++) {
    const z = grid.origin[2] + k * grid.spacing[2] - centre[2];
    for (let j = 0; j < ny; j++) {
      const y = grid.origin[1] + j * grid.spacing[1] - centre[1];
      for (let i = 0; i < nx; i++, idx++) {
        const x = grid.origin[0] + i * grid.spacing[0] - centre[0];
        const r = Math.hypot(x, y, z);
        if (r < 1e-9) {
          data[idx] = -(radii[0] as number);
          continue;
        }
        const lat = Math.asin(Math.max(-1, Math.min(1, z / r)));
        const lon = Math.atan2(y, x);
        data[idx] = r - radiusAt(radii, g, lat, lon);
      }
    }
  }
  return {
    dims: [nx, ny, nz],
    spacing: [...grid.spacing] as Vec3,
    origin: [...grid.origin] as Vec3,
    data,
  };
}

/**
 * The surface's contour in the horizontal plane through the centre (z = 0), as `n` (x, y) points in mm
 * at longitudes 2πk/n: the transventricular section used for biometry.
 */
export function equatorContour(radii: ArrayLike<number>, g: SphereGrid, n = 360): Float64Array {
  checkRadii(radii, g);
  const out = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    const lon = (2 * Math.PI * k) / n;
    const r = radiusAt(radii, g, 0, lon);
    out[2 * k] = r * Math.cos(lon);
    out[2 * k + 1] = r * Math.sin(lon);
  }
  return out;
}
