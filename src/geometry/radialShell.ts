/**
 * A plate of bone under a radial surface, as one closed triangle mesh: the outer surface, the inner
 * surface (each vertex moved in along its direction to its inner radius) and the walls that close
 * the plate along the edges of every gap. Which triangles carry plate is decided per triangle (e.g.
 * the bone label at its centre, skullBones.ts: sutures and fontanelles are gaps), so a gap is as wide
 * as its labels say to within half a grid step, not widened by a step. Pure; positions in mm.
 */
import type { Mesh } from './types';

/** A plate mesh and, per vertex, the label of the plate triangle it belongs to. */
export interface PlateMesh extends Mesh {
  labels: Uint8Array;
}

/** Per directed edge 3f + k (edge k of triangle f), the triangle across it, or −1. Cached per index array. */
const neighbourCache = new WeakMap<Uint32Array, Int32Array>();

function neighbours(indices: Uint32Array, nVertices: number): Int32Array {
  const cached = neighbourCache.get(indices);
  if (cached) return cached;
  const owner = new Map<number, number>();
  for (let e = 0; e < indices.length; e++) {
    const a = indices[e] as number;
    const b = indices[e - (e % 3) + ((e + 1) % 3)] as number;
    owner.set(a * nVertices + b, Math.floor(e / 3));
  }
  const out = new Int32Array(indices.length).fill(-1);
  for (let e = 0; e < indices.length; e++) {
    const a = indices[e] as number;
    const b = indices[e - (e % 3) + ((e + 1) % 3)] as number;
    out[e] = owner.get(b * nVertices + a) ?? -1;
  }
  neighbourCache.set(indices, out);
  return out;
}

/**
 * The plate of `outer` (a radial mesh: vertex k at outer radius along `dirs[k]`) between it and
 * `innerRadii`, over the triangles whose label (`triLabels`, one per triangle of `outer`) passes
 * `isPlate`: outer-surface vertices first, then the inner ones, only those the plate uses, each with
 * the label of a plate triangle that uses it; walls close the plate wherever a plate triangle meets a
 * gap, so the result is watertight. Normals: the outer surface's, reversed on the inner surface (the
 * walls, a bone thickness high, share their vertices with the two surfaces). Pass the same `outer`
 * index array again to reuse its edge adjacency.
 */
export function plateMesh(
  outer: Mesh,
  dirs: ArrayLike<number>,
  innerRadii: ArrayLike<number>,
  triLabels: ArrayLike<number>,
  isPlate: (label: number) => boolean,
): PlateMesh {
  const n = outer.positions.length / 3;
  const t = outer.indices;
  const nTri = t.length / 3;
  const across = neighbours(t, n);
  const keep = new Uint8Array(nTri);
  let nKept = 0;
  let nWall = 0;
  for (let f = 0; f < nTri; f++) {
    if (!isPlate(triLabels[f] as number)) continue;
    keep[f] = 1;
    nKept++;
  }
  for (let e = 0; e < t.length; e++) {
    const g = across[e] as number;
    if (keep[Math.floor(e / 3)] && (g < 0 || !keep[g])) nWall++;
  }
  // Vertex v of the grid: outer copy v, inner copy n + v; renumbered to the used ones below.
  const map = new Int32Array(2 * n).fill(-1);
  const vertexLabel = new Uint8Array(n);
  let used = 0;
  const slot = (v: number): number => {
    if (map[v] === -1) map[v] = used++;
    return map[v] as number;
  };
  const idx = new Uint32Array(3 * (2 * nKept + 2 * nWall));
  let o = 0;
  for (let f = 0; f < nTri; f++) {
    if (!keep[f]) continue;
    const a = t[3 * f] as number;
    const b = t[3 * f + 1] as number;
    const c = t[3 * f + 2] as number;
    vertexLabel[a] = vertexLabel[b] = vertexLabel[c] = triLabels[f] as number;
    idx[o++] = slot(a);
    idx[o++] = slot(b);
    idx[o++] = slot(c);
    idx[o++] = slot(n + c);
    idx[o++] = slot(n + b);
    idx[o++] = slot(n + a);
    for (let k = 0; k < 3; k++) {
      const g = across[3 * f + k] as number;
      if (g >= 0 && keep[g]) continue;
      const p = t[3 * f + k] as number;
      const q = t[3 * f + ((k + 1) % 3)] as number;
      idx[o++] = slot(q);
      idx[o++] = slot(p);
      idx[o++] = slot(n + p);
      idx[o++] = slot(q);
      idx[o++] = slot(n + p);
      idx[o++] = slot(n + q);
    }
  }
  const positions = new Float32Array(3 * used);
  const normals = new Float32Array(3 * used);
  const labels = new Uint8Array(used);
  for (let v = 0; v < 2 * n; v++) {
    const m = map[v] as number;
    if (m < 0) continue;
    const g = v % n;
    const s = v < n ? 1 : -1;
    const r = innerRadii[g] as number;
    for (let k = 0; k < 3; k++) {
      positions[3 * m + k] = v < n ? (outer.positions[3 * g + k] as number) : r * (dirs[3 * g + k] as number);
      normals[3 * m + k] = s * (outer.normals[3 * g + k] as number);
    }
    labels[m] = vertexLabel[g] as number;
  }
  return { positions, normals, indices: idx, labels };
}
