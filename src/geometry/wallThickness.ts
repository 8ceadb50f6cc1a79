/**
 * Per-vertex LV wall thickness on the myocardium mesh.
 *
 * Definition (also in docs/geometry.md):
 * 1. Each myocardium-mesh vertex is *endocardial* when the LV cavity field ({@link lvCavityField}),
 *    sampled trilinearly half a voxel (0.5 × the smallest spacing) along the vertex's outward normal,
 *    is negative (the normal points into the blood pool), otherwise *epicardial*. Within a slice of
 *    the highest cavity slice the sample is taken half a slice lower, below the cavity's base cap.
 * 2. Base-rim vertices take the class of the nearest non-rim vertex (Euclidean). Rim: not endocardial
 *    by step 1, normal z-component > 0.5 (within 60° of +z), and z between one slice below and 1.5
 *    slices above the highest slice holding cavity, i.e. the top of the myocardium at the valve plane
 *    and its edges.
 * 3. The endocardial surface is the set of mesh triangles with three endocardial vertices; the
 *    epicardial surface, those with three epicardial vertices.
 * 4. Thickness at an epicardial vertex = distance (mm) to the nearest point of the endocardial surface
 *    (point-to-triangle, not along the normal); at an endocardial vertex = distance to the nearest
 *    point of the epicardial surface.
 *
 * Two ways to find the nearest point (option `method`): `'walk'` (default) walks over the opposite
 * surface from a neighbour's nearest point ({@link wallThicknessByWalk}, linear time); `'exact'`
 * queries a bounding-volume hierarchy for every vertex ({@link SurfaceDistance}, the reference, ≈ 6×
 * slower). docs/geometry.md gives their measured difference (mean ≈ 1e-4 mm; robust maximum equal).
 */
import { SurfaceDistance } from './distanceQuery';
import { lvCavityField } from './lvCavity';
import { PointGrid } from './pointGrid';
import { percentileOf } from './percentile';
import { sampleTrilinear } from './sampleVolume';
import type { Mesh, Volume } from './types';
import { wallThicknessByWalk } from './wallThicknessWalk';

/** Per-vertex wall thickness and side. */
export interface WallThickness {
  /** Thickness in mm per mesh vertex (NaN if the opposite surface is empty). */
  thickness: Float32Array;
  /** 1 for endocardial vertices, 0 for epicardial. */
  isEndo: Uint8Array;
}

/** How the nearest point of the opposite surface is found (see the module TSDoc). */
export type ThicknessMethod = 'walk' | 'exact';

/** Options for {@link lvWallThickness}. */
export interface WallThicknessOptions {
  /** Precomputed cavity field of `myo` (from {@link lvCavityField}), to avoid recomputing it. */
  cavityField?: Volume;
  /** Nearest-point search: `'walk'` (default, fast) or `'exact'` (hierarchy, reference). */
  method?: ThicknessMethod;
}

/** Normal z-component above which a non-endocardial vertex near the valve plane is base rim (cos 60°). */
const RIM_NZ = 0.5;

/**
 * Classifies myocardium-mesh vertices as endocardial (1) or epicardial (0); see the module TSDoc.
 *
 * @param myoMesh - mesh of the myocardium field (mm), with outward unit normals.
 * @param cavityField - LV cavity field on the myocardium grid (< 0 in the blood pool).
 */
export function classifyEndoEpi(myoMesh: Mesh, cavityField: Volume): Uint8Array {
  const p = myoMesh.positions;
  const n = myoMesh.normals;
  const nv = Math.floor(p.length / 3);
  const delta = 0.5 * Math.min(...cavityField.spacing);
  const isEndo = new Uint8Array(nv);
  const isRim = new Uint8Array(nv);
  let rimCount = 0;
  const zTop = cavityTopZ(cavityField);
  const sz = cavityField.spacing[2];
  for (let v = 0; v < nv; v++) {
    const o = 3 * v;
    const nz = n[o + 2] as number;
    const z = p[o + 2] as number;
    // Near the valve plane the cavity cap sits half a slice above the last enclosed slice: sample half
    // a slice lower there so endocardial vertices up to the cap still see the cavity.
    const lower = z >= zTop - sz ? 0.5 * sz : 0;
    const g = sampleTrilinear(
      cavityField,
      (p[o] as number) + delta * (n[o] as number),
      (p[o + 1] as number) + delta * (n[o + 1] as number),
      z + delta * nz - lower,
    );
    if (g < 0) isEndo[v] = 1;
    else if (nz > RIM_NZ && z >= zTop - sz && z <= zTop + 1.5 * sz) {
      isRim[v] = 1;
      rimCount++;
    }
  }
  if (rimCount === 0) return isEndo;
  // Rim vertices join the class of the nearest non-rim vertex. Only non-rim vertices near the rim's
  // height can be nearest; the rest are left out.
  const zMin = zTop - 8 * sz;
  let nCand = 0;
  for (let v = 0; v < nv; v++) if (!isRim[v] && (p[3 * v + 2] as number) >= zMin) nCand++;
  const cand = new Int32Array(nCand);
  nCand = 0;
  for (let v = 0; v < nv; v++) if (!isRim[v] && (p[3 * v + 2] as number) >= zMin) cand[nCand++] = v;
  const grid = new PointGrid(p, cand, isEndo, Math.min(...cavityField.spacing));
  const best = new Float64Array(2);
  for (let v = 0; v < nv; v++) {
    if (!isRim[v]) continue;
    grid.nearestSquaredByLabel(p[3 * v] as number, p[3 * v + 1] as number, p[3 * v + 2] as number, best);
    if ((best[1] as number) < (best[0] as number)) isEndo[v] = 1;
  }
  return isEndo;
}

/** z (mm) of the highest slice holding cavity voxels (field < 0); -Infinity if none. */
function cavityTopZ(cavity: Volume): number {
  const [nx, ny, nz] = cavity.dims;
  const nxy = nx * ny;
  for (let k = nz - 1; k >= 0; k--) {
    for (let p = k * nxy; p < (k + 1) * nxy; p++) {
      if ((cavity.data[p] as number) < 0) return cavity.origin[2] + k * cavity.spacing[2];
    }
  }
  return -Infinity;
}

/** Triangles whose three vertices all have `cls[v] === want`. */
function trianglesOfClass(indices: Uint32Array, cls: Uint8Array, want: number): Uint32Array {
  let count = 0;
  for (let t = 0; t + 2 < indices.length; t += 3) {
    if (
      cls[indices[t] as number] === want &&
      cls[indices[t + 1] as number] === want &&
      cls[indices[t + 2] as number] === want
    )
      count++;
  }
  const out = new Uint32Array(3 * count);
  let o = 0;
  for (let t = 0; t + 2 < indices.length; t += 3) {
    const a = indices[t] as number;
    const b = indices[t + 1] as number;
    const c = indices[t + 2] as number;
    if (cls[a] === want && cls[b] === want && cls[c] === want) {
      out[o++] = a;
      out[o++] = b;
      out[o++] = c;
    }
  }
  return out;
}

/**
 * LV wall thickness (mm) per vertex of the myocardium mesh; definition in the module TSDoc.
 *
 * @param myoMesh - `marchingCubes(myo)` (mm, outward normals).
 * @param myo - myocardium field (< 0 inside the myocardium) in the canonical LV frame (base at +z).
 */
export function lvWallThickness(myoMesh: Mesh, myo: Volume, opts: WallThicknessOptions = {}): WallThickness {
  const method = opts.method ?? 'walk';
  checkMethod(method);
  const cavity = opts.cavityField ?? lvCavityField(myo);
  const isEndo = classifyEndoEpi(myoMesh, cavity);
  return { thickness: thicknessOfClasses(myoMesh, isEndo, method), isEndo };
}

function checkMethod(method: string): void {
  if (method !== 'walk' && method !== 'exact') {
    throw new RangeError(`wall thickness: method must be 'walk' or 'exact'; got '${method}'`);
  }
}

/**
 * Steps 3–4 of the definition: per-vertex distance (mm) to the nearest point of the opposite class's
 * surface, for classes already assigned (e.g. by {@link classifyEndoEpi}). NaN where that surface is
 * empty.
 *
 * @param isEndo - per-vertex class, 1 endocardial, 0 epicardial.
 * @param method - `'walk'` (default) or `'exact'`.
 */
export function thicknessOfClasses(
  myoMesh: Mesh,
  isEndo: Uint8Array,
  method: ThicknessMethod = 'walk',
): Float32Array {
  checkMethod(method);
  if (method === 'walk') return wallThicknessByWalk(myoMesh, isEndo);
  const p = myoMesh.positions;
  const nv = Math.floor(p.length / 3);
  const endoSurface = new SurfaceDistance(p, trianglesOfClass(myoMesh.indices, isEndo, 1));
  const epiSurface = new SurfaceDistance(p, trianglesOfClass(myoMesh.indices, isEndo, 0));
  const thickness = new Float32Array(nv);
  for (let v = 0; v < nv; v++) {
    const target = isEndo[v] ? epiSurface : endoSurface;
    const d =
      target.triangleCount > 0
        ? target.distance(p[3 * v] as number, p[3 * v + 1] as number, p[3 * v + 2] as number)
        : NaN;
    thickness[v] = d;
  }
  return thickness;
}

/**
 * Robust maximum wall thickness (mm): the `percentile`-th percentile (default 99th, linear
 * interpolation between order statistics) of the thickness over epicardial vertices. NaN if none.
 */
export function maxWallThickness(wt: WallThickness, percentile = 99): number {
  const n = wt.thickness.length;
  let count = 0;
  for (let v = 0; v < n; v++) if (!wt.isEndo[v] && Number.isFinite(wt.thickness[v] as number)) count++;
  const values = new Float64Array(count);
  count = 0;
  for (let v = 0; v < n; v++) {
    const t = wt.thickness[v] as number;
    if (!wt.isEndo[v] && Number.isFinite(t)) values[count++] = t;
  }
  return percentileOf(values, percentile);
}
