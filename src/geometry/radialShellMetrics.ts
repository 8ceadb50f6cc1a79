/**
 * Agreement of two labelled shells over the same latitude–longitude direction grid (radialSurface.ts):
 * each direction carries an outer radius, an inner radius and a label (e.g. a bone, skull-bones.ts
 * codes), and the shell of label k is the set of points r·d with inner ≤ r ≤ outer and label k.
 *
 * Dice is integrated over the directions (solid angle cos λ Δλ Δφ per grid vertex; the two poles
 * carry none) and exactly along each ray (∫ r² dr): the limit of voxel Dice as the voxels shrink,
 * with the labels resolved at the grid's angular step. Hausdorff is between the outer-surface patches
 * of each label (triangles whose three vertices carry it), vertex to triangle, both ways.
 */
import { hausdorff, type SurfaceDistances } from './metrics';
import { rowLatitude, type SphereGrid, sphereVertexCount } from './radialSurface';
import type { Mesh } from './types';

/** One labelled shell on a direction grid: radii (mm) and labels per direction. */
export interface LabelledShell {
  outer: ArrayLike<number>;
  inner: ArrayLike<number>;
  labels: ArrayLike<number>;
}

/**
 * Inner radii of a shell of normal thickness `thicknessMm` under the outer radial surface `mesh`
 * (its normals) along unit directions `dirs`: r_in = r_out − τ / max(0.3, n·d) (the ray crosses the
 * plate obliquely where the surface is not perpendicular to it).
 */
export function shellInnerRadii(
  outer: ArrayLike<number>,
  normals: ArrayLike<number>,
  dirs: ArrayLike<number>,
  thicknessMm: number,
): Float32Array {
  const out = new Float32Array(outer.length);
  for (let v = 0; v < outer.length; v++) {
    const c =
      (normals[3 * v] as number) * (dirs[3 * v] as number) +
      (normals[3 * v + 1] as number) * (dirs[3 * v + 1] as number) +
      (normals[3 * v + 2] as number) * (dirs[3 * v + 2] as number);
    out[v] = Math.max(0, (outer[v] as number) - thicknessMm / Math.max(0.3, c));
  }
  return out;
}

function checkShell(s: LabelledShell, n: number, name: string): void {
  if (s.outer.length !== n || s.inner.length !== n || s.labels.length !== n)
    throw new RangeError(`${name}: expected ${n} outer, inner radii and labels for the grid`);
}

/**
 * Dice of each label in `codes` between shells `a` and `b` on grid `g` (1 when both shells lack it).
 * Returns a Map code → Dice, plus the union of the codes under key −1.
 */
export function labelledShellDice(
  a: LabelledShell,
  b: LabelledShell,
  g: SphereGrid,
  codes: readonly number[],
): Map<number, number> {
  const n = sphereVertexCount(g);
  checkShell(a, n, 'shell a');
  checkShell(b, n, 'shell b');
  const volA = new Map<number, number>();
  const volB = new Map<number, number>();
  const both = new Map<number, number>();
  const add = (m: Map<number, number>, k: number, v: number): void => void m.set(k, (m.get(k) ?? 0) + v);
  const wanted = new Set(codes);
  for (let i = 0; i < g.nLat; i++) {
    const w = Math.cos(rowLatitude(g, i));
    for (let j = 0; j < g.nLon; j++) {
      const v = i * g.nLon + j;
      const oa = a.outer[v] as number;
      const ia = a.inner[v] as number;
      const ob = b.outer[v] as number;
      const ib = b.inner[v] as number;
      const la = a.labels[v] as number;
      const lb = b.labels[v] as number;
      const va = (w * (oa ** 3 - ia ** 3)) / 3;
      const vb = (w * (ob ** 3 - ib ** 3)) / 3;
      const lo = Math.max(ia, ib);
      const hi = Math.min(oa, ob);
      const vi = hi > lo ? (w * (hi ** 3 - lo ** 3)) / 3 : 0;
      if (wanted.has(la)) {
        add(volA, la, va);
        add(volA, -1, va);
      }
      if (wanted.has(lb)) {
        add(volB, lb, vb);
        add(volB, -1, vb);
      }
      if (wanted.has(la) && wanted.has(lb)) {
        add(both, -1, vi);
        if (la === lb) add(both, la, vi);
      }
    }
  }
  const out = new Map<number, number>();
  for (const k of [...codes, -1]) {
    const s = (volA.get(k) ?? 0) + (volB.get(k) ?? 0);
    out.set(k, s === 0 ? 1 : (2 * (both.get(k) ?? 0)) / s);
  }
  return out;
}

/** The triangles of `mesh` whose three vertices carry `code` (positions shared with `mesh`). */
export function labelPatch(mesh: Mesh, labels: ArrayLike<number>, code: number): Mesh {
  const idx: number[] = [];
  const t = mesh.indices;
  for (let f = 0; f < t.length; f += 3) {
    const i0 = t[f] as number;
    const i1 = t[f + 1] as number;
    const i2 = t[f + 2] as number;
    if (labels[i0] === code && labels[i1] === code && labels[i2] === code) idx.push(i0, i1, i2);
  }
  // Keep only the vertices used, so that every vertex queried lies on the patch.
  const map = new Int32Array(mesh.positions.length / 3).fill(-1);
  const pos: number[] = [];
  const nrm: number[] = [];
  const out = new Uint32Array(idx.length);
  idx.forEach((v, k) => {
    if (map[v] === -1) {
      map[v] = pos.length / 3;
      pos.push(
        mesh.positions[3 * v] as number,
        mesh.positions[3 * v + 1] as number,
        mesh.positions[3 * v + 2] as number,
      );
      nrm.push(
        mesh.normals[3 * v] as number,
        mesh.normals[3 * v + 1] as number,
        mesh.normals[3 * v + 2] as number,
      );
    }
    out[k] = map[v] as number;
  });
  return { positions: Float32Array.from(pos), normals: Float32Array.from(nrm), indices: out };
}

/** Surface distances (mm) between the patches of label `code` on two labelled meshes. */
export function labelHausdorff(
  meshA: Mesh,
  labelsA: ArrayLike<number>,
  meshB: Mesh,
  labelsB: ArrayLike<number>,
  code: number,
): SurfaceDistances {
  return hausdorff(labelPatch(meshA, labelsA, code), labelPatch(meshB, labelsB, code));
}
