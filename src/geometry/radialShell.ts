/**
 * A plate of bone under a radial surface, as one closed triangle mesh: the outer surface, the inner
 * surface (each vertex moved in along its direction to its inner radius) and the walls that close
 * the plate along the edges of every gap. Which triangles carry plate is decided per triangle (e.g.
 * the bone label at its centre, skullBones.ts: sutures and fontanelles are gaps), so a gap is as wide
 * as its labels say to within half a grid step, not widened by a step. Pure; positions in mm.
 */
import { vertexNormals } from './radialSurface';
import type { Mesh } from './types';

/** A plate mesh and, per vertex, the label of the direction it came from. */
export interface PlateMesh extends Mesh {
  labels: Uint8Array;
}

/**
 * The plate of `outer` (a radial mesh: vertex k at outer radius along `dirs[k]`) between it and
 * `innerRadii`, over the triangles whose label (`triLabels`, one per triangle of `outer`) passes
 * `isPlate`: outer-surface vertices first, then the inner ones, only those the plate uses, each with
 * the label of a plate triangle that uses it; walls close the plate wherever a plate triangle meets a
 * gap, so the result is watertight.
 */
export function plateMesh(
  outer: Mesh,
  dirs: ArrayLike<number>,
  innerRadii: ArrayLike<number>,
  triLabels: ArrayLike<number>,
  isPlate: (label: number) => boolean,
): PlateMesh {
  const n = outer.positions.length / 3;
  const positions = new Float32Array(6 * n);
  positions.set(outer.positions);
  for (let v = 0; v < n; v++) {
    const r = innerRadii[v] as number;
    positions[3 * (n + v)] = r * (dirs[3 * v] as number);
    positions[3 * (n + v) + 1] = r * (dirs[3 * v + 1] as number);
    positions[3 * (n + v) + 2] = r * (dirs[3 * v + 2] as number);
  }
  const t = outer.indices;
  const tris: number[] = [];
  const vertexLabel = new Uint8Array(n);
  // Directed edges of the kept outer triangles: an edge whose reverse is not kept borders a gap.
  const edges = new Set<number>();
  const key = (a: number, b: number): number => a * n + b;
  const kept: number[] = [];
  for (let f = 0; f < t.length; f += 3) {
    const label = triLabels[f / 3] as number;
    if (!isPlate(label)) continue;
    const a = t[f] as number;
    const b = t[f + 1] as number;
    const c = t[f + 2] as number;
    kept.push(a, b, c);
    vertexLabel[a] = vertexLabel[b] = vertexLabel[c] = label;
    edges.add(key(a, b)).add(key(b, c)).add(key(c, a));
  }
  for (let f = 0; f < kept.length; f += 3) {
    const a = kept[f] as number;
    const b = kept[f + 1] as number;
    const c = kept[f + 2] as number;
    tris.push(a, b, c, n + c, n + b, n + a);
    for (const [p, q] of [
      [a, b],
      [b, c],
      [c, a],
    ] as const) {
      if (!edges.has(key(q, p))) tris.push(q, p, n + p, q, n + p, n + q);
    }
  }
  // Keep only the vertices used (gap vertices would be loose points in an exported file).
  const map = new Int32Array(2 * n).fill(-1);
  let used = 0;
  for (const v of tris) if (map[v] === -1) map[v] = used++;
  const indices = Uint32Array.from(tris, (v) => map[v] as number);
  const compact = new Float32Array(3 * used);
  const plateLabels = new Uint8Array(used);
  for (let v = 0; v < 2 * n; v++) {
    const m = map[v] as number;
    if (m < 0) continue;
    compact[3 * m] = positions[3 * v] as number;
    compact[3 * m + 1] = positions[3 * v + 1] as number;
    compact[3 * m + 2] = positions[3 * v + 2] as number;
    plateLabels[m] = vertexLabel[v % n] as number;
  }
  return { positions: compact, normals: vertexNormals(compact, indices), indices, labels: plateLabels };
}
