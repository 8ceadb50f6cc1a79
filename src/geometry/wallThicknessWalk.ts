/**
 * Fast per-vertex wall thickness: the nearest point of the opposite surface found by walking over that
 * surface from a neighbour's nearest point, instead of a global search per vertex.
 *
 * Same surfaces and distance as the exact method (`lvWallThickness(..., { method: 'exact' })`): the
 * endocardial surface is the set of triangles with three endocardial vertices, the epicardial one the
 * triangles with three epicardial vertices, and a vertex's thickness is the Euclidean distance (mm) to
 * the nearest point of the other class's surface.
 *
 * 1. Epicardial vertices are visited breadth-first over the mesh, then endocardial ones, so each vertex
 *    (but the first of a connected piece, which scans the target surface's vertices) has a measured
 *    neighbour. A walk starts from the nearest of: the measured neighbours' nearest vertices, the
 *    neighbours that lie on the target surface, and (endocardial vertices) the epicardial vertices that
 *    found this vertex or a neighbour nearest — a seed across the wall where the epicardium, seen from
 *    inside it, has several local minima (the flat top of the wall at the valve plane and the outer wall
 *    below it).
 * 2. The walk descends over the target surface's vertices by distance, then over its triangles by exact
 *    point-to-triangle distance: from the nearest triangle around the vertex reached, while the closest
 *    point lies on an edge or corner, the triangles across it are tried until the distance stops falling.
 * 3. Relaxation sweeps, alternately backwards and forwards over the visiting order: a vertex for which a
 *    neighbour's nearest vertex is closer than its current thickness walks again from there. Every walk
 *    ends on the surface, so a thickness only falls towards the exact one; sweeps stop when none changes.
 *
 * The result is a local minimum of the exact distance over the surface, equal to the exact thickness
 * unless a better basin is reached by no neighbour; docs/geometry.md gives the measured difference over
 * synthetic populations (mean ≈ 1e-4 mm, robust maximum identical). Cost: linear in the vertex count.
 */
import type { Mesh } from './types';

/** Upper bound on relaxation sweeps (they usually stop after two or three). */
const MAX_SWEEPS = 6;
/** Improvement (mm) a neighbour's nearest vertex must offer before a relaxation sweep walks again. */
const RELAX_MM = 0.02;
/** Triangle classes (`triClass`): 0 = all epicardial, 1 = all endocardial, 2 = mixed. */
const MIXED = 2;
/** Closest-point features of a triangle: 0 interior; 1, 2, 3 vertex a, b, c; 4, 5, 6 edge ab, bc, ca. */
const FACE = 0;
/** `flags` bits: the vertex lies on its class's surface; it has been queued. */
const ON_SURFACE = 1;
const QUEUED = 2;
/** `flags` bit: a neighbour improved in the last relaxation sweep. */
const DIRTY = 4;

/** Work arrays, kept between calls while large enough (a drag calls this for every frame). */
interface Pool {
  start: Int32Array;
  to: Int32Array;
  tri: Int32Array;
  nearest: Int32Array;
  reverse: Int32Array;
  queue: Int32Array;
  flags: Uint8Array;
  triClass: Uint8Array;
}
let pool: Pool | null = null;

function getPool(nv: number, nt: number): Pool {
  if (pool && pool.nearest.length >= nv && pool.triClass.length >= nt) return pool;
  const v = Math.ceil(nv * 1.25) + 16;
  const t = Math.ceil(nt * 1.25) + 16;
  pool = {
    start: new Int32Array(v + 1),
    to: new Int32Array(3 * t),
    tri: new Int32Array(3 * t),
    nearest: new Int32Array(v),
    reverse: new Int32Array(v),
    queue: new Int32Array(v),
    flags: new Uint8Array(v),
    triClass: new Uint8Array(t),
  };
  return pool;
}

/**
 * Per-vertex distance (mm) to the nearest point of the opposite-class surface, by walks over that
 * surface (see the module TSDoc).
 *
 * @param mesh - triangle mesh (mm) with vertices shared between triangles (as `marchingCubes` makes).
 * @param isEndo - per-vertex class: 1 endocardial, 0 epicardial (from `classifyEndoEpi`).
 * @param out - optional output with at least one entry per vertex (reused to avoid an allocation).
 * @returns thickness per vertex, mm; NaN where the opposite surface has no triangle.
 */
export function wallThicknessByWalk(mesh: Mesh, isEndo: Uint8Array, out?: Float32Array): Float32Array {
  const nv = Math.floor(mesh.positions.length / 3);
  if (isEndo.length < nv) {
    throw new RangeError(`wallThicknessByWalk: isEndo has ${isEndo.length} entries for ${nv} vertices`);
  }
  const thickness = out && out.length >= nv ? out : new Float32Array(nv);
  new SurfaceWalker(mesh, isEndo, getPool(nv, Math.floor(mesh.indices.length / 3))).run(thickness);
  return thickness;
}

class SurfaceWalker {
  private readonly P: Float32Array;
  private readonly ind: Uint32Array;
  private readonly isEndo: Uint8Array;
  private readonly nv: number;
  private readonly pool: Pool;
  private readonly hasSurface = [false, false];
  /** Squared distance of the vertex returned by the last {@link descendVertices}. */
  private d2 = 0;
  /** Region of the closest point found by the last {@link closest} (see FACE). */
  private feature = 0;
  /** State of a triangle descent: best squared distance, its triangle and feature. */
  private bestD = 0;
  private bestT = -1;
  private bestF = 0;

  constructor(mesh: Mesh, isEndo: Uint8Array, pool: Pool) {
    this.P = mesh.positions;
    this.ind = mesh.indices;
    this.isEndo = isEndo;
    this.nv = Math.floor(mesh.positions.length / 3);
    this.pool = pool;
    this.buildTopology();
  }

  /** Half-edges v → next vertex of each triangle around v, grouped by v, with their triangle. */
  private buildTopology(): void {
    const { start, to, tri, flags, triClass } = this.pool;
    const ind = this.ind;
    const isEndo = this.isEndo;
    const nv = this.nv;
    const nt = Math.floor(ind.length / 3);
    start.fill(0, 0, nv + 1);
    flags.fill(0, 0, nv);
    for (let t = 0; t < nt; t++) {
      const a = ind[3 * t] as number;
      const b = ind[3 * t + 1] as number;
      const c = ind[3 * t + 2] as number;
      start[a + 1] = (start[a + 1] as number) + 1;
      start[b + 1] = (start[b + 1] as number) + 1;
      start[c + 1] = (start[c + 1] as number) + 1;
      const k = isEndo[a] as number;
      if (isEndo[b] === k && isEndo[c] === k) {
        triClass[t] = k;
        this.hasSurface[k] = true;
        flags[a] = flags[b] = flags[c] = ON_SURFACE;
      } else triClass[t] = MIXED;
    }
    for (let v = 0; v < nv; v++) start[v + 1] = (start[v + 1] as number) + (start[v] as number);
    for (let t = 0; t < nt; t++) {
      const a = ind[3 * t] as number;
      const b = ind[3 * t + 1] as number;
      const c = ind[3 * t + 2] as number;
      let e = start[a] as number;
      start[a] = e + 1;
      to[e] = b;
      tri[e] = t;
      e = start[b] as number;
      start[b] = e + 1;
      to[e] = c;
      tri[e] = t;
      e = start[c] as number;
      start[c] = e + 1;
      to[e] = a;
      tri[e] = t;
    }
    for (let v = nv; v > 0; v--) start[v] = start[v - 1] as number;
    start[0] = 0;
  }

  run(thickness: Float32Array): void {
    const { start, to, nearest, reverse, queue, flags } = this.pool;
    const P = this.P;
    const isEndo = this.isEndo;
    const nv = this.nv;
    nearest.fill(-1, 0, nv);
    reverse.fill(-1, 0, nv);

    // 1–2. Breadth-first passes, epicardial vertices first.
    let qHead = 0;
    let qTail = 0;
    for (let cls = 0; cls < 2; cls++) {
      const target = 1 - cls;
      for (let root = 0; root < nv; root++) {
        if (isEndo[root] !== cls || (flags[root] as number) & QUEUED) continue;
        flags[root] = (flags[root] as number) | QUEUED;
        queue[qTail++] = root;
        while (qHead < qTail) {
          const v = queue[qHead++] as number;
          const e0 = start[v] as number;
          const e1 = start[v + 1] as number;
          for (let e = e0; e < e1; e++) {
            const u = to[e] as number;
            if (isEndo[u] === cls && !((flags[u] as number) & QUEUED)) {
              flags[u] = (flags[u] as number) | QUEUED;
              queue[qTail++] = u;
            }
          }
          if (!this.hasSurface[target]) {
            thickness[v] = NaN;
            continue;
          }
          const x = P[3 * v] as number;
          const y = P[3 * v + 1] as number;
          const z = P[3 * v + 2] as number;
          let cur = reverse[v] as number;
          let dCur = cur >= 0 ? dist2(P, cur, x, y, z) : Infinity;
          for (let e = e0; e < e1; e++) {
            const u = to[e] as number;
            let cand: number;
            if (isEndo[u] === target) cand = (flags[u] as number) & ON_SURFACE ? u : -1;
            else {
              cand = nearest[u] as number;
              const r = reverse[u] as number;
              if (r >= 0 && r !== cur) {
                const d = dist2(P, r, x, y, z);
                if (d < dCur) {
                  dCur = d;
                  cur = r;
                }
              }
            }
            if (cand < 0 || cand === cur) continue;
            const d = dist2(P, cand, x, y, z);
            if (d < dCur) {
              dCur = d;
              cur = cand;
            }
          }
          if (cur < 0) {
            cur = this.scanNearest(target, x, y, z);
            dCur = dist2(P, cur, x, y, z);
          }
          cur = this.descendVertices(target, cur, dCur, x, y, z);
          nearest[v] = cur;
          if (cls === 0) {
            // Per endocardial vertex, the nearest epicardial vertex that found it.
            const r = reverse[cur] as number;
            if (
              r < 0 ||
              dist2(P, r, P[3 * cur] as number, P[3 * cur + 1] as number, P[3 * cur + 2] as number) > this.d2
            )
              reverse[cur] = v;
          }
          thickness[v] = Math.sqrt(this.descendTriangles(target, cur, this.d2, x, y, z));
        }
      }
    }

    // 3. Relaxation sweeps. The first looks at every vertex; later ones at the neighbours of vertices
    // that improved (flag DIRTY), which is where a better basin can spread next.
    for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      let changed = 0;
      const backwards = sweep % 2 === 0;
      for (let q = 0; q < qTail; q++) {
        const v = queue[backwards ? qTail - 1 - q : q] as number;
        if (sweep > 0) {
          if (!((flags[v] as number) & DIRTY)) continue;
          flags[v] = (flags[v] as number) & ~DIRTY;
        }
        const own = nearest[v] as number;
        if (own < 0) continue;
        const target = isEndo[v] ? 0 : 1;
        const x = P[3 * v] as number;
        const y = P[3 * v + 1] as number;
        const z = P[3 * v + 2] as number;
        const t0 = thickness[v] as number;
        // Only a neighbour's vertex nearer than the current thickness by RELAX_MM starts a walk: it is
        // on a better basin, not on a wiggle of the staircase-like surface.
        const reach = t0 - RELAX_MM;
        if (!(reach > 0)) continue;
        let cur = -1;
        let dCur = reach * reach;
        const e0 = start[v] as number;
        const e1 = start[v + 1] as number;
        for (let e = e0; e < e1; e++) {
          const u = to[e] as number;
          if (isEndo[u] === target) continue;
          const cand = nearest[u] as number;
          if (cand < 0 || cand === own || cand === cur) continue;
          const d = dist2(P, cand, x, y, z);
          if (d < dCur) {
            dCur = d;
            cur = cand;
          }
        }
        if (cur < 0) continue;
        cur = this.descendVertices(target, cur, dCur, x, y, z);
        const t = Math.sqrt(this.descendTriangles(target, cur, this.d2, x, y, z));
        if (t < t0) {
          thickness[v] = t;
          nearest[v] = cur;
          changed++;
          for (let e = e0; e < e1; e++) {
            const u = to[e] as number;
            if (isEndo[u] !== target) flags[u] = (flags[u] as number) | DIRTY;
          }
        }
      }
      if (changed === 0) break;
    }
  }

  /** Steepest descent over the target surface's vertices from `cur`; sets {@link d2}. */
  private descendVertices(
    target: number,
    cur: number,
    dCur: number,
    x: number,
    y: number,
    z: number,
  ): number {
    const { start, to, flags } = this.pool;
    const P = this.P;
    const isEndo = this.isEndo;
    for (;;) {
      let best = -1;
      let dBest = dCur;
      const f1 = start[cur + 1] as number;
      for (let e = start[cur] as number; e < f1; e++) {
        const u = to[e] as number;
        if (isEndo[u] !== target || !((flags[u] as number) & ON_SURFACE)) continue;
        const d = dist2(P, u, x, y, z);
        if (d < dBest) {
          dBest = d;
          best = u;
        }
      }
      if (best < 0) break;
      cur = best;
      dCur = dBest;
    }
    this.d2 = dCur;
    return cur;
  }

  /** Tests the target triangles around vertex `vtx`; true if one beat the best so far. */
  private aroundVertex(target: number, vtx: number, x: number, y: number, z: number): boolean {
    const { start, tri, triClass } = this.pool;
    let improved = false;
    const f1 = start[vtx + 1] as number;
    for (let e = start[vtx] as number; e < f1; e++) {
      const t = tri[e] as number;
      if (triClass[t] !== target || t === this.bestT) continue;
      const d = this.closest(t, x, y, z);
      if (d < this.bestD) {
        this.bestD = d;
        this.bestT = t;
        this.bestF = this.feature;
        improved = true;
      }
    }
    return improved;
  }

  /**
   * Descends over the target triangles from those around vertex `cur`, by exact distance; returns the
   * squared distance (mm²) of the local minimum reached (at most `dStart`, the distance to `cur`).
   */
  private descendTriangles(
    target: number,
    cur: number,
    dStart: number,
    x: number,
    y: number,
    z: number,
  ): number {
    const { start, to, tri, triClass } = this.pool;
    const ind = this.ind;
    this.bestD = dStart;
    this.bestT = -1;
    this.bestF = 0;
    this.aroundVertex(target, cur, x, y, z);
    // Move while the closest point sits on an edge or a corner and a triangle beyond it is nearer.
    for (let step = 0; step < 64 && this.bestT >= 0 && this.bestF !== FACE; step++) {
      const o = 3 * this.bestT;
      const f = this.bestF;
      if (f <= 3) {
        if (!this.aroundVertex(target, ind[o + f - 1] as number, x, y, z)) break;
        continue;
      }
      // Edge (p, q) of the best triangle; the triangle across it holds the half-edge q → p.
      const k = f - 4;
      const p = ind[o + k] as number;
      const q = ind[o + ((k + 1) % 3)] as number;
      let across = -1;
      const f1 = start[q + 1] as number;
      for (let e = start[q] as number; e < f1; e++) {
        if (to[e] === p) {
          across = tri[e] as number;
          break;
        }
      }
      if (across < 0 || triClass[across] !== target) break;
      const d = this.closest(across, x, y, z);
      if (!(d < this.bestD)) break;
      this.bestD = d;
      this.bestT = across;
      this.bestF = this.feature;
    }
    return this.bestD;
  }

  /** Nearest vertex of class `target` on that class's surface, by a scan (once per connected piece). */
  private scanNearest(target: number, x: number, y: number, z: number): number {
    const flags = this.pool.flags;
    let best = -1;
    let dBest = Infinity;
    for (let u = 0; u < this.nv; u++) {
      if (this.isEndo[u] !== target || !((flags[u] as number) & ON_SURFACE)) continue;
      const d = dist2(this.P, u, x, y, z);
      if (d < dBest) {
        dBest = d;
        best = u;
      }
    }
    return best;
  }

  /**
   * Squared distance (mm²) from (px, py, pz) to triangle t by Voronoi regions (Ericson, Real-Time
   * Collision Detection §5.1.5); sets {@link feature} to the region of the closest point.
   */
  private closest(t: number, px: number, py: number, pz: number): number {
    const P = this.P;
    const ind = this.ind;
    const ia = 3 * (ind[3 * t] as number);
    const ib = 3 * (ind[3 * t + 1] as number);
    const ic = 3 * (ind[3 * t + 2] as number);
    const ax = P[ia] as number;
    const ay = P[ia + 1] as number;
    const az = P[ia + 2] as number;
    const abx = (P[ib] as number) - ax;
    const aby = (P[ib + 1] as number) - ay;
    const abz = (P[ib + 2] as number) - az;
    const acx = (P[ic] as number) - ax;
    const acy = (P[ic + 1] as number) - ay;
    const acz = (P[ic + 2] as number) - az;
    const apx = px - ax;
    const apy = py - ay;
    const apz = pz - az;
    const d1 = abx * apx + aby * apy + abz * apz;
    const d2 = acx * apx + acy * apy + acz * apz;
    if (d1 <= 0 && d2 <= 0) {
      this.feature = 1;
      return apx * apx + apy * apy + apz * apz;
    }
    const bpx = apx - abx;
    const bpy = apy - aby;
    const bpz = apz - abz;
    const d3 = abx * bpx + aby * bpy + abz * bpz;
    const d4 = acx * bpx + acy * bpy + acz * bpz;
    if (d3 >= 0 && d4 <= d3) {
      this.feature = 2;
      return bpx * bpx + bpy * bpy + bpz * bpz;
    }
    const vc = d1 * d4 - d3 * d2;
    if (vc <= 0 && d1 >= 0 && d3 <= 0) {
      const s = d1 / (d1 - d3);
      this.feature = 4;
      return sq(apx - s * abx, apy - s * aby, apz - s * abz);
    }
    const cpx = apx - acx;
    const cpy = apy - acy;
    const cpz = apz - acz;
    const d5 = abx * cpx + aby * cpy + abz * cpz;
    const d6 = acx * cpx + acy * cpy + acz * cpz;
    if (d6 >= 0 && d5 <= d6) {
      this.feature = 3;
      return cpx * cpx + cpy * cpy + cpz * cpz;
    }
    const vb = d5 * d2 - d1 * d6;
    if (vb <= 0 && d2 >= 0 && d6 <= 0) {
      const s = d2 / (d2 - d6);
      this.feature = 6;
      return sq(apx - s * acx, apy - s * acy, apz - s * acz);
    }
    const va = d3 * d6 - d5 * d4;
    if (va <= 0 && d4 - d3 >= 0 && d5 - d6 >= 0) {
      const s = (d4 - d3) / (d4 - d3 + (d5 - d6));
      this.feature = 5;
      return sq(bpx - s * (acx - abx), bpy - s * (acy - aby), bpz - s * (acz - abz));
    }
    const denom = va + vb + vc;
    const sv = denom !== 0 ? vb / denom : 0;
    const sw = denom !== 0 ? vc / denom : 0;
    this.feature = FACE;
    return sq(apx - abx * sv - acx * sw, apy - aby * sv - acy * sw, apz - abz * sv - acz * sw);
  }
}

function dist2(P: Float32Array, v: number, x: number, y: number, z: number): number {
  const dx = (P[3 * v] as number) - x;
  const dy = (P[3 * v + 1] as number) - y;
  const dz = (P[3 * v + 2] as number) - z;
  return dx * dx + dy * dy + dz * dz;
}

function sq(x: number, y: number, z: number): number {
  return x * x + y * y + z * z;
}
