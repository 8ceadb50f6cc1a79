/**
 * A skull's outer surface labelled into bones (skullBones.ts) on a fine latitude–longitude grid, with
 * the bone plate's inner radii: for a predicted skull (radii on the model's grid, GA entered or
 * estimated from HC) and for the synthetic truth (its exact surface, own suture widths and thickness).
 */
import { radialRadiusAlong, resampleRadial } from '../geometry/radialResample';
import { shellInnerRadii } from '../geometry/radialShellMetrics';
import { sphereDirections, sphereTriangles, type SphereGrid, vertexNormals } from '../geometry/radialSurface';
import type { Mesh } from '../geometry/types';
import { defaultBoneThicknessMm } from './skullParams';
import { boneAtlas, boneLabels, type BoneAtlas, type RadiusAlong } from './skullBones';
import { skullOuterRadii } from './skullRadii';
import { outerRadius, type SkullShape } from './skullShape';
import { type SutureWidths, sutureWidthsMm } from './skullSutures';

/**
 * Grid of the labelled surface: 160 × 320 directions (≈ 1 mm between neighbours on a 36-week vault),
 * fine enough to resolve a 1.2 mm suture; 51 202 vertices.
 */
export const BONE_SPHERE: SphereGrid = { nLat: 160, nLon: 320 };

/** A labelled skull surface. */
export interface SkullBoneSurface {
  grid: SphereGrid;
  /** Outer surface mesh on `grid`, mm (normals outward; its indices are shared by the grid's meshes). */
  mesh: Mesh;
  /** Bone label per vertex (SKULL_BONE codes). */
  labels: Uint8Array;
  /** Outer and inner radii of the bone plate per vertex, mm. */
  outer: Float32Array;
  inner: Float32Array;
  thicknessMm: number;
  gaWeeks: number;
  widths: SutureWidths;
  atlas: BoneAtlas;
}

/** Directions and triangles of a grid, made once per grid size (the triangles are shared: never transfer them). */
const gridCache = new Map<string, { dirs: Float32Array; triangles: Uint32Array }>();

/** Unit directions (xyz) and the shared triangle indices of direction grid `g`. */
export function gridGeometry(g: SphereGrid): { dirs: Float32Array; triangles: Uint32Array } {
  const key = `${g.nLat}x${g.nLon}`;
  let c = gridCache.get(key);
  if (!c) {
    c = { dirs: sphereDirections(g), triangles: sphereTriangles(g) };
    gridCache.set(key, c);
  }
  return c;
}

function build(
  outer: Float32Array,
  grid: SphereGrid,
  along: RadiusAlong,
  gaWeeks: number,
  widths: SutureWidths,
  thicknessMm: number,
): SkullBoneSurface {
  const { dirs, triangles } = gridGeometry(grid);
  const positions = new Float32Array(dirs.length);
  for (let k = 0; k < dirs.length; k++)
    positions[k] = (outer[Math.floor(k / 3)] as number) * (dirs[k] as number);
  const mesh: Mesh = { positions, normals: vertexNormals(positions, triangles), indices: triangles };
  const atlas = boneAtlas(along, widths);
  const inner = shellInnerRadii(outer, mesh.normals, dirs, thicknessMm);
  return {
    grid,
    mesh,
    labels: boneLabels(atlas, mesh.positions),
    outer,
    inner,
    thicknessMm,
    gaWeeks,
    widths,
    atlas,
  };
}

/**
 * Labels a predicted skull: `radii` on grid `g` (mm) resampled to `opts.grid` (default BONE_SPHERE);
 * suture widths and bone thickness at `gaWeeks` (× `sutureScale`, default 1) unless given.
 */
export function predictedBoneSurface(
  radii: ArrayLike<number>,
  g: SphereGrid,
  opts: { gaWeeks: number; thicknessMm?: number; sutureScale?: number; grid?: SphereGrid },
): SkullBoneSurface {
  const grid = opts.grid ?? BONE_SPHERE;
  const outer = resampleRadial(radii, g, grid);
  return build(
    outer,
    grid,
    radialRadiusAlong(radii, g),
    opts.gaWeeks,
    sutureWidthsMm(opts.gaWeeks, opts.sutureScale ?? 1),
    opts.thicknessMm ?? defaultBoneThicknessMm(opts.gaWeeks),
  );
}

/** Outer radius of the synthetic skull along a unit direction (bisection on q = 1, to 1 µm). */
export function shapeRadiusAlong(shape: SkullShape): RadiusAlong {
  const rMax = 4 * Math.max(shape.a, shape.b, shape.cUp, shape.cDown);
  return (dx, dy, dz) => {
    let lo = 0;
    let hi = rMax;
    while (hi - lo > 0.001) {
      const m = 0.5 * (lo + hi);
      if (outerRadius(shape, m * dx, m * dy, m * dz) < 1) lo = m;
      else hi = m;
    }
    return 0.5 * (lo + hi);
  };
}

/** Labels the synthetic truth: its exact surface, its own suture widths and bone thickness. */
export function truthBoneSurface(
  shape: SkullShape,
  gaWeeks: number,
  grid: SphereGrid = BONE_SPHERE,
): SkullBoneSurface {
  return build(
    skullOuterRadii(shape, grid),
    grid,
    shapeRadiusAlong(shape),
    gaWeeks,
    shape.gaps,
    shape.thicknessMm,
  );
}

/** Share of the outer surface's area carried by each label (index = code), from a labelled mesh. */
export function labelAreaFractions(mesh: Mesh, labels: ArrayLike<number>, nCodes = 11): Float64Array {
  const area = new Float64Array(nCodes);
  const p = mesh.positions;
  const t = mesh.indices;
  let total = 0;
  for (let f = 0; f < t.length; f += 3) {
    const a = 3 * (t[f] as number);
    const b = 3 * (t[f + 1] as number);
    const c = 3 * (t[f + 2] as number);
    const ux = (p[b] as number) - (p[a] as number);
    const uy = (p[b + 1] as number) - (p[a + 1] as number);
    const uz = (p[b + 2] as number) - (p[a + 2] as number);
    const vx = (p[c] as number) - (p[a] as number);
    const vy = (p[c + 1] as number) - (p[a + 1] as number);
    const vz = (p[c + 2] as number) - (p[a + 2] as number);
    const A = 0.5 * Math.hypot(uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx);
    total += A;
    // A third of the triangle's area to each corner's label.
    for (const v of [t[f], t[f + 1], t[f + 2]]) {
      const k = labels[v as number] as number;
      if (k < nCodes) area[k] = (area[k] as number) + A / 3;
    }
  }
  for (let k = 0; k < nCodes; k++) area[k] = (area[k] as number) / (total || 1);
  return area;
}
