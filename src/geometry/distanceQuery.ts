/**
 * Nearest distance from a point to a triangle mesh.
 *
 * Acceleration: a bounding-volume hierarchy (axis-aligned boxes, median split on the longest axis,
 * leaves of up to 16 triangles, flat typed arrays) rather than a uniform grid: a grid must open every
 * empty cell within the query radius (wall thickness is 5–10 voxels, so hundreds of cells per query),
 * while the hierarchy only has boxes around triangles. In a leaf, each triangle is first rejected by a
 * cheap lower bound (its plane distance combined with the in-plane offset beyond its bounding radius),
 * which is nearly exact for the near-parallel surfaces of a wall and spares most exact tests. A query
 * starts from the previous query's nearest triangle. Distances are exact point-to-triangle distances in
 * mm (projection onto the plane when it falls inside the triangle, otherwise the nearest of the edges).
 */

import { indexedBounds } from './bounds';

const LEAF_SIZE = 16;
/**
 * Floats per triangle record: a, b − a, c − a, centroid, bounding radius about the centroid,
 * |b−a|², (b−a)·(c−a), |c−a|², unit normal (zero for degenerate triangles), vertices' plane offset.
 */
const REC = 20;

/** Point-to-surface distance queries against a fixed triangle set. */
export class SurfaceDistance {
  /** Per-triangle records, in leaf order (see REC). */
  private readonly rec: Float64Array;
  /** Original triangle id of each record. */
  private readonly ids: Uint32Array;
  /** Node boxes: min xyz, max xyz. */
  private readonly box: Float64Array;
  /** Leaf: first record; internal node: index of the right child (left child = node + 1). */
  private readonly nodeA: Int32Array;
  /** Leaf: triangle count (> 0); internal node: 0. */
  private readonly nodeCount: Int32Array;
  private nodeTotal = 0;
  private readonly stack = new Int32Array(256);
  private readonly stackD = new Float64Array(256);
  /** Scratch for the centroid bounds of a node while splitting. */
  private readonly splitBounds = new Float64Array(6);
  private lastRec = 0;
  private lastNearest = -1;
  /** Number of triangles indexed. */
  readonly triangleCount: number;

  /**
   * @param positions - xyz per vertex, mm.
   * @param indices - three vertex indices per triangle (orientation irrelevant). A triangle (v, v, v)
   *   stands for the point v, so point sets work too.
   */
  constructor(positions: Float32Array, indices: Uint32Array) {
    const nt = Math.floor(indices.length / 3);
    this.triangleCount = nt;
    const cent = new Float64Array(3 * nt);
    for (let t = 0; t < nt; t++) {
      for (let d = 0; d < 3; d++) {
        const a = positions[3 * (indices[3 * t] as number) + d] as number;
        const b = positions[3 * (indices[3 * t + 1] as number) + d] as number;
        const c = positions[3 * (indices[3 * t + 2] as number) + d] as number;
        cent[3 * t + d] = (a + b + c) / 3;
      }
    }
    const order = new Uint32Array(nt);
    for (let t = 0; t < nt; t++) order[t] = t;
    const maxNodes = Math.max(1, 4 * Math.ceil(nt / LEAF_SIZE));
    this.box = new Float64Array(6 * maxNodes);
    this.nodeA = new Int32Array(maxNodes);
    this.nodeCount = new Int32Array(maxNodes);
    if (nt > 0) this.split(0, nt, order, cent);
    // Records in leaf order, then leaf boxes and internal boxes bottom-up.
    this.ids = order;
    const rec = new Float64Array(REC * nt);
    for (let r = 0; r < nt; r++) writeRecord(rec, r, positions, indices, order[r] as number);
    this.rec = rec;
    for (let node = this.nodeTotal - 1; node >= 0; node--) this.fitBox(node);
  }

  /** Splits order[start..end) depth-first by the median centroid; returns the node index. */
  private split(start: number, end: number, order: Uint32Array, cent: Float64Array): number {
    const node = this.nodeTotal++;
    if (end - start <= LEAF_SIZE) {
      this.nodeA[node] = start;
      this.nodeCount[node] = end - start;
      return node;
    }
    const b = indexedBounds(cent, order, start, end, this.splitBounds);
    const ex = (b[3] as number) - (b[0] as number);
    const ey = (b[4] as number) - (b[1] as number);
    const ez = (b[5] as number) - (b[2] as number);
    const axis = ex >= ey && ex >= ez ? 0 : ey >= ez ? 1 : 2;
    const mid = (start + end) >> 1;
    selectNth(order, start, end, mid, cent, axis);
    this.split(start, mid, order, cent);
    this.nodeA[node] = this.split(mid, end, order, cent);
    this.nodeCount[node] = 0;
    return node;
  }

  /** Sets a node's box from its triangles (leaf) or its children (internal; children fitted first). */
  private fitBox(node: number): void {
    const box = this.box;
    const o = 6 * node;
    const count = this.nodeCount[node] as number;
    if (count === 0) {
      const l = 6 * (node + 1);
      const r = 6 * (this.nodeA[node] as number);
      for (let d = 0; d < 3; d++) {
        box[o + d] = Math.min(box[l + d] as number, box[r + d] as number);
        box[o + 3 + d] = Math.max(box[l + 3 + d] as number, box[r + 3 + d] as number);
      }
      return;
    }
    const rec = this.rec;
    const first = this.nodeA[node] as number;
    for (let d = 0; d < 3; d++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let r = first; r < first + count; r++) {
        const a = rec[REC * r + d] as number;
        const b = a + (rec[REC * r + 3 + d] as number);
        const c = a + (rec[REC * r + 6 + d] as number);
        lo = Math.min(lo, a, b, c);
        hi = Math.max(hi, a, b, c);
      }
      box[o + d] = lo;
      box[o + 3 + d] = hi;
    }
  }

  /** Distance in mm from (x, y, z) mm to the nearest point of the surface; Infinity if it is empty. */
  distance(x: number, y: number, z: number): number {
    return Math.sqrt(this.distanceSquared(x, y, z));
  }

  /** Index (into the constructor's triangles) of the nearest triangle of the last query; −1 if none. */
  get nearestTriangle(): number {
    return this.lastNearest;
  }

  /** Squared distance in mm² (see {@link distance}). */
  distanceSquared(x: number, y: number, z: number): number {
    if (this.triangleCount === 0) return Infinity;
    const rec = this.rec;
    let bestRec = this.lastRec;
    let best = recordDistanceSquared(rec, bestRec, x, y, z);
    const box = this.box;
    const stack = this.stack;
    const stackD = this.stackD;
    const nodeA = this.nodeA;
    const nodeCount = this.nodeCount;
    let top = 0;
    let node = 0;
    for (;;) {
      const count = nodeCount[node] as number;
      if (count > 0) {
        const first = nodeA[node] as number;
        for (let r = first; r < first + count; r++) {
          // Cheap lower bound first: the triangle lies in its plane within its bounding radius of the
          // centroid, so |p − q|² ≥ (plane distance)² + (in-plane offset − radius)₊².
          const o = REC * r;
          const dx = x - (rec[o + 9] as number);
          const dy = y - (rec[o + 10] as number);
          const dz = z - (rec[o + 11] as number);
          const dn =
            dx * (rec[o + 16] as number) + dy * (rec[o + 17] as number) + dz * (rec[o + 18] as number);
          const an = Math.abs(dn) - (rec[o + 19] as number);
          const dn2 = an > 0 ? an * an : 0;
          if (dn2 >= best) continue;
          const lat = Math.sqrt(Math.max(dx * dx + dy * dy + dz * dz - dn * dn, 0)) - (rec[o + 12] as number);
          if (lat > 0 && dn2 + lat * lat >= best) continue;
          const d2 = recordDistanceSquared(rec, r, x, y, z);
          if (d2 < best) {
            best = d2;
            bestRec = r;
          }
        }
      } else {
        const left = node + 1;
        const right = nodeA[node] as number;
        const dl = boxDistanceSquared(box, left, x, y, z);
        const dr = boxDistanceSquared(box, right, x, y, z);
        // Descend into the nearer child now; keep the farther one for later.
        const leftFirst = dl <= dr;
        const dNear = leftFirst ? dl : dr;
        const dFar = leftFirst ? dr : dl;
        if (dFar < best) {
          stack[top] = leftFirst ? right : left;
          stackD[top++] = dFar;
        }
        if (dNear < best) {
          node = leftFirst ? left : right;
          continue;
        }
      }
      let next = -1;
      while (top > 0) {
        top--;
        if ((stackD[top] as number) < best) {
          next = stack[top] as number;
          break;
        }
      }
      if (next < 0) break;
      node = next;
    }
    this.lastRec = bestRec;
    this.lastNearest = this.ids[bestRec] as number;
    return best;
  }
}

/** Writes the record of triangle `t` at slot `r`. */
function writeRecord(rec: Float64Array, r: number, P: Float32Array, ind: Uint32Array, t: number): void {
  const o = REC * r;
  const a = 3 * (ind[3 * t] as number);
  const b = 3 * (ind[3 * t + 1] as number);
  const c = 3 * (ind[3 * t + 2] as number);
  let d00 = 0;
  let d01 = 0;
  let d11 = 0;
  for (let d = 0; d < 3; d++) {
    const av = P[a + d] as number;
    const e0 = (P[b + d] as number) - av;
    const e1 = (P[c + d] as number) - av;
    rec[o + d] = av;
    rec[o + 3 + d] = e0;
    rec[o + 6 + d] = e1;
    rec[o + 9 + d] = av + (e0 + e1) / 3;
    d00 += e0 * e0;
    d01 += e0 * e1;
    d11 += e1 * e1;
  }
  rec[o + 13] = d00;
  rec[o + 14] = d01;
  rec[o + 15] = d11;
  const e0x = rec[o + 3] as number;
  const e0y = rec[o + 4] as number;
  const e0z = rec[o + 5] as number;
  const e1x = rec[o + 6] as number;
  const e1y = rec[o + 7] as number;
  const e1z = rec[o + 8] as number;
  const nx = e0y * e1z - e0z * e1y;
  const ny = e0z * e1x - e0x * e1z;
  const nz = e0x * e1y - e0y * e1x;
  const len = Math.sqrt(nx * nx + ny * ny + nz * nz);
  // Degenerate triangles keep a zero normal: the bound falls back to the bounding sphere.
  const inv = len > 1e-12 * (d00 + d11) ? 1 / len : 0;
  rec[o + 16] = nx * inv;
  rec[o + 17] = ny * inv;
  rec[o + 18] = nz * inv;
  // Bounding radius about the centroid, and the vertices' distance from that plane (rounding), so the
  // bound stays a true lower bound.
  let radius = 0;
  let slack = 0;
  for (let k = 0; k < 3; k++) {
    const v = k === 0 ? a : k === 1 ? b : c;
    const dx = (P[v] as number) - (rec[o + 9] as number);
    const dy = (P[v + 1] as number) - (rec[o + 10] as number);
    const dz = (P[v + 2] as number) - (rec[o + 11] as number);
    radius = Math.max(radius, Math.sqrt(dx * dx + dy * dy + dz * dz));
    slack = Math.max(
      slack,
      Math.abs(dx * (rec[o + 16] as number) + dy * (rec[o + 17] as number) + dz * (rec[o + 18] as number)),
    );
  }
  rec[o + 12] = radius * (1 + 1e-9) + 1e-9;
  rec[o + 19] = slack * (1 + 1e-9) + 1e-9;
}

/** Exact squared distance from p to the triangle of record `r`. */
function recordDistanceSquared(rec: Float64Array, r: number, x: number, y: number, z: number): number {
  const o = REC * r;
  const wx = x - (rec[o] as number);
  const wy = y - (rec[o + 1] as number);
  const wz = z - (rec[o + 2] as number);
  const e0x = rec[o + 3] as number;
  const e0y = rec[o + 4] as number;
  const e0z = rec[o + 5] as number;
  const e1x = rec[o + 6] as number;
  const e1y = rec[o + 7] as number;
  const e1z = rec[o + 8] as number;
  const d00 = rec[o + 13] as number;
  const d01 = rec[o + 14] as number;
  const d11 = rec[o + 15] as number;
  const d20 = wx * e0x + wy * e0y + wz * e0z;
  const d21 = wx * e1x + wy * e1y + wz * e1z;
  const denom = d00 * d11 - d01 * d01;
  if (denom > 1e-12 * d00 * d11) {
    const v = (d11 * d20 - d01 * d21) / denom;
    const u = (d00 * d21 - d01 * d20) / denom;
    if (v >= 0 && u >= 0 && u + v <= 1) {
      const qx = wx - v * e0x - u * e1x;
      const qy = wy - v * e0y - u * e1y;
      const qz = wz - v * e0z - u * e1z;
      return qx * qx + qy * qy + qz * qz;
    }
  }
  // Nearest of the three edges a→b, a→c, b→c.
  let t = d00 > 0 ? d20 / d00 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  let qx = wx - t * e0x;
  let qy = wy - t * e0y;
  let qz = wz - t * e0z;
  let best = qx * qx + qy * qy + qz * qz;
  t = d11 > 0 ? d21 / d11 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  qx = wx - t * e1x;
  qy = wy - t * e1y;
  qz = wz - t * e1z;
  best = Math.min(best, qx * qx + qy * qy + qz * qz);
  const e2x = e1x - e0x;
  const e2y = e1y - e0y;
  const e2z = e1z - e0z;
  const bx = wx - e0x;
  const by = wy - e0y;
  const bz = wz - e0z;
  const d22 = e2x * e2x + e2y * e2y + e2z * e2z;
  t = d22 > 0 ? (bx * e2x + by * e2y + bz * e2z) / d22 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  qx = bx - t * e2x;
  qy = by - t * e2y;
  qz = bz - t * e2z;
  return Math.min(best, qx * qx + qy * qy + qz * qz);
}

/** Squared distance from a point to node `n`'s box (0 inside). */
function boxDistanceSquared(box: Float64Array, n: number, x: number, y: number, z: number): number {
  const o = 6 * n;
  const x0 = box[o] as number;
  const y0 = box[o + 1] as number;
  const z0 = box[o + 2] as number;
  const x1 = box[o + 3] as number;
  const y1 = box[o + 4] as number;
  const z1 = box[o + 5] as number;
  const dx = x < x0 ? x0 - x : x > x1 ? x - x1 : 0;
  const dy = y < y0 ? y0 - y : y > y1 ? y - y1 : 0;
  const dz = z < z0 ? z0 - z : z > z1 ? z - z1 : 0;
  return dx * dx + dy * dy + dz * dz;
}

/** Quickselect: reorders ids[start..end) so that ids[nth] has the nth-smallest key on `axis`. */
function selectNth(
  ids: Uint32Array,
  start: number,
  end: number,
  nth: number,
  cent: Float64Array,
  axis: number,
): void {
  let lo = start;
  let hi = end - 1;
  while (hi > lo) {
    const pivot = cent[3 * (ids[(lo + hi) >> 1] as number) + axis] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((cent[3 * (ids[i] as number) + axis] as number) < pivot) i++;
      while ((cent[3 * (ids[j] as number) + axis] as number) > pivot) j--;
      if (i <= j) {
        const tmp = ids[i] as number;
        ids[i] = ids[j] as number;
        ids[j] = tmp;
        i++;
        j--;
      }
    }
    if (nth <= j) hi = j;
    else if (nth >= i) lo = i;
    else return;
  }
}

/**
 * Convenience factory: a function (x, y, z) mm → distance mm to the nearest point of the triangles.
 *
 * @param positions - xyz per vertex, mm.
 * @param indices - three vertex indices per triangle.
 */
export function createSurfaceDistance(
  positions: Float32Array,
  indices: Uint32Array,
): (x: number, y: number, z: number) => number {
  const sd = new SurfaceDistance(positions, indices);
  return (x, y, z) => sd.distance(x, y, z);
}

export { pointTriangleDistanceSquared } from './pointTriangleDistance';
