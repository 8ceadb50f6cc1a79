/**
 * Nearest distance from a point to a triangle mesh.
 *
 * Acceleration: a bounding-volume hierarchy (axis-aligned boxes, median split on the longest axis,
 * leaves of up to 4 triangles, flat typed arrays) instead of a uniform grid. A grid must open every
 * empty cell within the query radius (wall thickness ≈ 5–10 voxels: hundreds of cells per query);
 * the hierarchy only has boxes around triangles, so a query visits a few dozen nodes. Queries start
 * from the previous query's nearest triangle, which is tight for coherent queries (mesh vertices in
 * order). Exact point-to-triangle distances (Ericson, Real-Time Collision Detection §5.1.5), in mm.
 */

const LEAF_SIZE = 4;

/** Point-to-surface distance queries against a fixed triangle set. */
export class SurfaceDistance {
  private readonly pos: Float32Array;
  private readonly tri: Uint32Array;
  /** Triangle ids in leaf order. */
  private readonly order: Uint32Array;
  /** Node boxes: min xyz, max xyz. */
  private readonly box: Float32Array;
  /** Leaf: first index into `order`; internal: index of the right child (left child = node + 1). */
  private readonly nodeA: Int32Array;
  /** Leaf: triangle count (> 0); internal: 0. */
  private readonly nodeCount: Int32Array;
  private nodeTotal = 0;
  private readonly stack = new Int32Array(128);
  private readonly stackD = new Float64Array(128);
  private lastTri = 0;
  /** Number of triangles indexed. */
  readonly triangleCount: number;
  /** Work counters since construction (nodes opened, exact triangle tests), for profiling. */
  nodesVisited = 0;
  trianglesTested = 0;

  /**
   * @param positions - xyz per vertex, mm.
   * @param indices - three vertex indices per triangle (orientation irrelevant; a triangle (v, v, v)
   *   stands for the point v, so point clouds work too).
   */
  constructor(positions: Float32Array, indices: Uint32Array) {
    this.pos = positions;
    this.tri = indices;
    const nt = Math.floor(indices.length / 3);
    this.triangleCount = nt;
    const tb = new Float32Array(6 * nt); // per-triangle boxes
    const cent = new Float32Array(3 * nt);
    for (let t = 0; t < nt; t++) {
      for (let d = 0; d < 3; d++) {
        const a = positions[3 * (indices[3 * t] as number) + d] as number;
        const b = positions[3 * (indices[3 * t + 1] as number) + d] as number;
        const c = positions[3 * (indices[3 * t + 2] as number) + d] as number;
        const lo = Math.min(a, b, c);
        const hi = Math.max(a, b, c);
        tb[6 * t + d] = lo;
        tb[6 * t + 3 + d] = hi;
        cent[3 * t + d] = (lo + hi) / 2;
      }
    }
    const order = new Uint32Array(nt);
    for (let t = 0; t < nt; t++) order[t] = t;
    this.order = order;
    const maxNodes = Math.max(1, 2 * Math.ceil(nt / LEAF_SIZE) * 2);
    this.box = new Float32Array(6 * maxNodes);
    this.nodeA = new Int32Array(maxNodes);
    this.nodeCount = new Int32Array(maxNodes);
    if (nt > 0) this.build(0, nt, tb, cent);
  }

  /** Builds the subtree over order[start..end) depth-first; returns its node index. */
  private build(start: number, end: number, tb: Float32Array, cent: Float32Array): number {
    const node = this.nodeTotal++;
    const box = this.box;
    let x0 = Infinity;
    let y0 = Infinity;
    let z0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    let z1 = -Infinity;
    let cx0 = Infinity;
    let cy0 = Infinity;
    let cz0 = Infinity;
    let cx1 = -Infinity;
    let cy1 = -Infinity;
    let cz1 = -Infinity;
    for (let i = start; i < end; i++) {
      const t = this.order[i] as number;
      x0 = Math.min(x0, tb[6 * t] as number);
      y0 = Math.min(y0, tb[6 * t + 1] as number);
      z0 = Math.min(z0, tb[6 * t + 2] as number);
      x1 = Math.max(x1, tb[6 * t + 3] as number);
      y1 = Math.max(y1, tb[6 * t + 4] as number);
      z1 = Math.max(z1, tb[6 * t + 5] as number);
      cx0 = Math.min(cx0, cent[3 * t] as number);
      cy0 = Math.min(cy0, cent[3 * t + 1] as number);
      cz0 = Math.min(cz0, cent[3 * t + 2] as number);
      cx1 = Math.max(cx1, cent[3 * t] as number);
      cy1 = Math.max(cy1, cent[3 * t + 1] as number);
      cz1 = Math.max(cz1, cent[3 * t + 2] as number);
    }
    box[6 * node] = x0;
    box[6 * node + 1] = y0;
    box[6 * node + 2] = z0;
    box[6 * node + 3] = x1;
    box[6 * node + 4] = y1;
    box[6 * node + 5] = z1;
    if (end - start <= LEAF_SIZE) {
      this.nodeA[node] = start;
      this.nodeCount[node] = end - start;
      return node;
    }
    const ex = cx1 - cx0;
    const ey = cy1 - cy0;
    const ez = cz1 - cz0;
    const axis = ex >= ey && ex >= ez ? 0 : ey >= ez ? 1 : 2;
    const mid = (start + end) >> 1;
    selectNth(this.order, start, end, mid, cent, axis);
    this.build(start, mid, tb, cent);
    this.nodeA[node] = this.build(mid, end, tb, cent);
    this.nodeCount[node] = 0;
    return node;
  }

  /** Distance in mm from (x, y, z) mm to the nearest point of the surface; Infinity if it is empty. */
  distance(x: number, y: number, z: number): number {
    return Math.sqrt(this.distanceSquared(x, y, z));
  }

  /** Squared distance in mm² (see {@link distance}). */
  distanceSquared(x: number, y: number, z: number): number {
    if (this.triangleCount === 0) return Infinity;
    let bestTri = this.lastTri;
    let best = this.triangleDistanceSquared(bestTri, x, y, z);
    const box = this.box;
    const stack = this.stack;
    const stackD = this.stackD;
    const order = this.order;
    const nodeA = this.nodeA;
    const nodeCount = this.nodeCount;
    let top = 0;
    let node = 0;
    let visited = 0;
    let tested = 0;
    for (;;) {
      visited++;
      const count = nodeCount[node] as number;
      if (count > 0) {
        const first = nodeA[node] as number;
        tested += count;
        for (let i = first; i < first + count; i++) {
          const t = order[i] as number;
          const d2 = this.triangleDistanceSquared(t, x, y, z);
          if (d2 < best) {
            best = d2;
            bestTri = t;
          }
        }
      } else {
        const left = node + 1;
        const right = nodeA[node] as number;
        const dl = boxDistanceSquared(box, left, x, y, z);
        const dr = boxDistanceSquared(box, right, x, y, z);
        // Descend into the nearer child now; keep the farther one for later.
        const near = dl <= dr ? left : right;
        const dNear = dl <= dr ? dl : dr;
        const dFar = dl <= dr ? dr : dl;
        if (dFar < best) {
          stack[top] = dl <= dr ? right : left;
          stackD[top++] = dFar;
        }
        if (dNear < best) {
          node = near;
          continue;
        }
      }
      // Pop the next node still closer than the best distance.
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
    this.nodesVisited += visited;
    this.trianglesTested += tested;
    this.lastTri = bestTri;
    return best;
  }

  /** Squared distance from a point to triangle `t`. */
  private triangleDistanceSquared(t: number, px: number, py: number, pz: number): number {
    const P = this.pos;
    const a = 3 * (this.tri[3 * t] as number);
    const b = 3 * (this.tri[3 * t + 1] as number);
    const c = 3 * (this.tri[3 * t + 2] as number);
    return pointTriangleDistanceSquared(
      px,
      py,
      pz,
      P[a] as number,
      P[a + 1] as number,
      P[a + 2] as number,
      P[b] as number,
      P[b + 1] as number,
      P[b + 2] as number,
      P[c] as number,
      P[c + 1] as number,
      P[c + 2] as number,
    );
  }
}


/** Squared distance from a point to node `n`'s box (0 inside). */
function boxDistanceSquared(box: Float32Array, n: number, x: number, y: number, z: number): number {
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

/** Quickselect: reorders ids[start..end) so ids[nth] has the nth-smallest key and is partitioned. */
function selectNth(ids: Uint32Array, start: number, end: number, nth: number, cent: Float32Array, axis: number): void {
  let lo = start;
  let hi = end - 1;
  const key = (i: number): number => cent[3 * (ids[i] as number) + axis] as number;
  const swap = (a: number, b: number): void => {
    const t = ids[a] as number;
    ids[a] = ids[b] as number;
    ids[b] = t;
  };
  while (hi > lo) {
    const pivot = key((lo + hi) >> 1);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (key(i) < pivot) i++;
      while (key(j) > pivot) j--;
      if (i <= j) {
        swap(i, j);
        i++;
        j--;
      }
    }
    if (nth <= j) hi = j;
    else if (nth >= i) lo = i;
    else return;
  }
}

/** Squared distance (mm²) from point p to triangle (a, b, c), via the closest point by Voronoi region. */
export function pointTriangleDistanceSquared(
  px: number,
  py: number,
  pz: number,
  ax: number,
  ay: number,
  az: number,
  bx: number,
  by: number,
  bz: number,
  cx: number,
  cy: number,
  cz: number,
): number {
  const abx = bx - ax;
  const aby = by - ay;
  const abz = bz - az;
  const acx = cx - ax;
  const acy = cy - ay;
  const acz = cz - az;
  const apx = px - ax;
  const apy = py - ay;
  const apz = pz - az;
  const d1 = abx * apx + aby * apy + abz * apz;
  const d2 = acx * apx + acy * apy + acz * apz;
  let qx: number;
  let qy: number;
  let qz: number;
  if (d1 <= 0 && d2 <= 0) {
    qx = ax;
    qy = ay;
    qz = az;
  } else {
    const bpx = px - bx;
    const bpy = py - by;
    const bpz = pz - bz;
    const d3 = abx * bpx + aby * bpy + abz * bpz;
    const d4 = acx * bpx + acy * bpy + acz * bpz;
    const cpx = px - cx;
    const cpy = py - cy;
    const cpz = pz - cz;
    const d5 = abx * cpx + aby * cpy + abz * cpz;
    const d6 = acx * cpx + acy * cpy + acz * cpz;
    const vc = d1 * d4 - d3 * d2;
    const vb = d5 * d2 - d1 * d6;
    const va = d3 * d6 - d5 * d4;
    if (d3 >= 0 && d4 <= d3) {
      qx = bx;
      qy = by;
      qz = bz;
    } else if (vc <= 0 && d1 >= 0 && d3 <= 0) {
      const v = d1 / (d1 - d3);
      qx = ax + v * abx;
      qy = ay + v * aby;
      qz = az + v * abz;
    } else if (d6 >= 0 && d5 <= d6) {
      qx = cx;
      qy = cy;
      qz = cz;
    } else if (vb <= 0 && d2 >= 0 && d6 <= 0) {
      const w = d2 / (d2 - d6);
      qx = ax + w * acx;
      qy = ay + w * acy;
      qz = az + w * acz;
    } else if (va <= 0 && d4 - d3 >= 0 && d5 - d6 >= 0) {
      const w = (d4 - d3) / (d4 - d3 + (d5 - d6));
      qx = bx + w * (cx - bx);
      qy = by + w * (cy - by);
      qz = bz + w * (cz - bz);
    } else {
      const denom = va + vb + vc;
      const v = denom !== 0 ? vb / denom : 0;
      const w = denom !== 0 ? vc / denom : 0;
      qx = ax + abx * v + acx * w;
      qy = ay + aby * v + acy * w;
      qz = az + abz * v + acz * w;
    }
  }
  const dx = px - qx;
  const dy = py - qy;
  const dz = pz - qz;
  return dx * dx + dy * dy + dz * dz;
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
