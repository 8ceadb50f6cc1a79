/**
 * Topology and integral measures of indexed triangle meshes.
 *
 * Edges are handled as sorted numeric keys `a * n + b` (n = vertex count), exact for meshes under
 * about 9·10^7 vertices.
 */
import type { Mesh } from './types';

type MeshLike = Pick<Mesh, 'positions' | 'indices'>;

function vertexCount(mesh: MeshLike): number {
  return Math.floor(mesh.positions.length / 3);
}

/** Sorted keys of the directed edges (a → b) of every triangle. */
function directedEdgeKeys(mesh: MeshLike): Float64Array {
  const n = vertexCount(mesh);
  const ind = mesh.indices;
  const keys = new Float64Array(ind.length);
  for (let t = 0; t + 2 < ind.length; t += 3) {
    const a = ind[t] as number;
    const b = ind[t + 1] as number;
    const c = ind[t + 2] as number;
    keys[t] = a * n + b;
    keys[t + 1] = b * n + c;
    keys[t + 2] = c * n + a;
  }
  return keys.sort();
}

/** Number of distinct vertices referenced by at least one triangle. */
function usedVertexCount(mesh: MeshLike): number {
  const used = new Uint8Array(vertexCount(mesh));
  let count = 0;
  for (const v of mesh.indices) {
    if (!used[v]) {
      used[v] = 1;
      count++;
    }
  }
  return count;
}

/**
 * Euler characteristic V − E + F, counting only vertices used by triangles and distinct undirected
 * edges. 2 per closed genus-0 surface (a sphere), 0 for a torus.
 */
export function eulerCharacteristic(mesh: MeshLike): number {
  const n = vertexCount(mesh);
  const ind = mesh.indices;
  const keys = new Float64Array(ind.length);
  for (let t = 0; t + 2 < ind.length; t += 3) {
    for (let s = 0; s < 3; s++) {
      const a = ind[t + s] as number;
      const b = ind[t + ((s + 1) % 3)] as number;
      keys[t + s] = a < b ? a * n + b : b * n + a;
    }
  }
  keys.sort();
  let edges = 0;
  for (let i = 0; i < keys.length; i++) if (i === 0 || keys[i] !== keys[i - 1]) edges++;
  return usedVertexCount(mesh) - edges + Math.floor(ind.length / 3);
}

/**
 * True when every undirected edge lies in exactly two triangles that traverse it in opposite
 * directions (closed, consistently oriented, no edge shared by more than two triangles), and no
 * triangle is degenerate in its indices.
 */
export function isWatertight(mesh: MeshLike): boolean {
  const ind = mesh.indices;
  if (ind.length === 0 || ind.length % 3 !== 0) return false;
  for (let t = 0; t < ind.length; t += 3) {
    const a = ind[t];
    const b = ind[t + 1];
    const c = ind[t + 2];
    if (a === b || b === c || c === a) return false;
  }
  const n = vertexCount(mesh);
  const keys = directedEdgeKeys(mesh);
  for (let i = 1; i < keys.length; i++) if (keys[i] === keys[i - 1]) return false;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as number;
    const a = Math.floor(k / n);
    const rev = (k - a * n) * n + a;
    // Binary search for the reverse edge.
    let lo = 0;
    let hi = keys.length - 1;
    let found = false;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const m = keys[mid] as number;
      if (m === rev) {
        found = true;
        break;
      }
      if (m < rev) lo = mid + 1;
      else hi = mid - 1;
    }
    if (!found) return false;
  }
  return true;
}

/** Number of edge-connected components among the vertices used by triangles. */
export function connectedComponents(mesh: MeshLike): number {
  const n = vertexCount(mesh);
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    let r = x;
    while (parent[r] !== r) r = parent[r] as number;
    while (parent[x] !== r) {
      const next = parent[x] as number;
      parent[x] = r;
      x = next;
    }
    return r;
  };
  const ind = mesh.indices;
  for (let t = 0; t + 2 < ind.length; t += 3) {
    const a = find(ind[t] as number);
    const b = find(ind[t + 1] as number);
    const c = find(ind[t + 2] as number);
    parent[b] = a;
    parent[c] = a;
  }
  const used = new Uint8Array(n);
  for (const v of ind) used[v] = 1;
  let count = 0;
  for (let i = 0; i < n; i++) if (used[i] && find(i) === i) count++;
  return count;
}

/** Per-component triangle labels (0..components−1) by connectivity; see {@link connectedComponents}. */
export function triangleComponents(mesh: MeshLike): { labels: Int32Array; count: number } {
  const n = vertexCount(mesh);
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x] as number] as number;
      x = parent[x] as number;
    }
    return x;
  };
  const ind = mesh.indices;
  for (let t = 0; t + 2 < ind.length; t += 3) {
    const a = find(ind[t] as number);
    parent[find(ind[t + 1] as number)] = a;
    parent[find(ind[t + 2] as number)] = a;
  }
  const label = new Int32Array(n).fill(-1);
  const labels = new Int32Array(ind.length / 3);
  let count = 0;
  for (let t = 0; t < labels.length; t++) {
    const r = find(ind[3 * t] as number);
    if (label[r] === -1) label[r] = count++;
    labels[t] = label[r] as number;
  }
  return { labels, count };
}

/**
 * Enclosed volume in mm³ by the divergence theorem (sum of signed tetrahedra against the bounding-box
 * centre). Positive for a closed mesh with outward (counter-clockwise from outside) orientation.
 */
export function meshVolume(mesh: MeshLike): number {
  const p = mesh.positions;
  const ind = mesh.indices;
  if (p.length === 0) return 0;
  // Reference point: first vertex (reduces cancellation versus the world origin).
  const rx = p[0] as number;
  const ry = p[1] as number;
  const rz = p[2] as number;
  let sum = 0;
  for (let t = 0; t + 2 < ind.length; t += 3) {
    const a = 3 * (ind[t] as number);
    const b = 3 * (ind[t + 1] as number);
    const c = 3 * (ind[t + 2] as number);
    const ax = (p[a] as number) - rx;
    const ay = (p[a + 1] as number) - ry;
    const az = (p[a + 2] as number) - rz;
    const bx = (p[b] as number) - rx;
    const by = (p[b + 1] as number) - ry;
    const bz = (p[b + 2] as number) - rz;
    const cx = (p[c] as number) - rx;
    const cy = (p[c + 1] as number) - ry;
    const cz = (p[c + 2] as number) - rz;
    sum += ax * (by * cz - bz * cy) + ay * (bz * cx - bx * cz) + az * (bx * cy - by * cx);
  }
  return sum / 6;
}

/** Total surface area in mm². */
export function meshArea(mesh: MeshLike): number {
  const p = mesh.positions;
  const ind = mesh.indices;
  let sum = 0;
  for (let t = 0; t + 2 < ind.length; t += 3) {
    const a = 3 * (ind[t] as number);
    const b = 3 * (ind[t + 1] as number);
    const c = 3 * (ind[t + 2] as number);
    const ux = (p[b] as number) - (p[a] as number);
    const uy = (p[b + 1] as number) - (p[a + 1] as number);
    const uz = (p[b + 2] as number) - (p[a + 2] as number);
    const vx = (p[c] as number) - (p[a] as number);
    const vy = (p[c + 1] as number) - (p[a + 1] as number);
    const vz = (p[c + 2] as number) - (p[a + 2] as number);
    sum += Math.hypot(uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx);
  }
  return sum / 2;
}
