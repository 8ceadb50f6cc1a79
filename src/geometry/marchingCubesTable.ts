/**
 * Marching-cubes case table, generated at module load from first principles (no pasted table).
 *
 * Cube corner `c` (0..7) sits at offset `(c & 1, (c >> 1) & 1, (c >> 2) & 1)` voxels from the cube's
 * lower corner. A corner is *inside* when its value is below the iso level (fields are negative inside).
 *
 * Edges 0..11 (pairs of corners differing in one bit):
 * - 0..3  x-edges (0,1) (2,3) (4,5) (6,7), lower corner at (0, e & 1, e >> 1),
 * - 4..7  y-edges (0,2) (1,3) (4,6) (5,7), lower corner at (e & 1, 0, e >> 1),
 * - 8..11 z-edges (0,4) (1,5) (2,6) (3,7), lower corner at (e & 1, e >> 1, 0).
 *
 * Construction, for each of the 256 inside/outside patterns:
 * 1. On each of the six faces, walk its four corners counter-clockwise as seen from outside the cube.
 *    Every maximal run of inside corners gives one directed segment from the cut edge where the walk
 *    enters the run to the cut edge where it leaves it. On an ambiguous face (two diagonal inside
 *    corners) the runs are the single corners, so the rule always separates inside corners. The rule
 *    depends only on the face's four corners, so the two cubes sharing a face produce the same segments
 *    with opposite directions: the mesh is watertight and consistently oriented.
 * 2. Each cut edge is entered once and left once, so the segments chain into closed loops. A loop,
 *    traversed in segment order, is counter-clockwise seen from the outside (field > iso) side.
 * 3. Each loop is triangulated with diagonals that never join two cut edges lying on a common cube face,
 *    so every diagonal is interior to one cube and cannot clash with a neighbour's triangles.
 */

/** Corner pair of each of the 12 edges. */
export const EDGE_CORNERS: readonly (readonly [number, number])[] = [
  [0, 1],
  [2, 3],
  [4, 5],
  [6, 7],
  [0, 2],
  [1, 3],
  [4, 6],
  [5, 7],
  [0, 4],
  [1, 5],
  [2, 6],
  [3, 7],
];

/** The six faces, each as four corners counter-clockwise seen from outside the cube. */
const FACES: readonly (readonly number[])[] = [
  [0, 4, 6, 2], // x = 0, normal -x
  [1, 3, 7, 5], // x = 1, normal +x
  [0, 1, 5, 4], // y = 0, normal -y
  [2, 6, 7, 3], // y = 1, normal +y
  [0, 2, 3, 1], // z = 0, normal -z
  [4, 5, 7, 6], // z = 1, normal +z
];

/** The generated table: triangles (as edge triplets) and cut edges per case. */
export interface MarchingCubesTable {
  /** `triOffsets[c]..triOffsets[c + 1]` indexes `triEdges` (three entries per triangle) for case `c`. */
  triOffsets: Uint16Array;
  /** Edge ids, three per triangle, each triangle counter-clockwise seen from outside. */
  triEdges: Uint8Array;
  /** `cutOffsets[c]..cutOffsets[c + 1]` indexes `cutEdges`, the cut edges of case `c`. */
  cutOffsets: Uint16Array;
  /** Edge ids of cut edges. */
  cutEdges: Uint8Array;
  /** Number of closed loops (surface patches) per case. */
  loopCount: Uint8Array;
}

function edgeId(a: number, b: number): number {
  for (let e = 0; e < 12; e++) {
    const [p, q] = EDGE_CORNERS[e] as readonly [number, number];
    if ((p === a && q === b) || (p === b && q === a)) return e;
  }
  throw new Error(`corners ${a} and ${b} do not share a cube edge`);
}

/** Bit mask of the faces (0..5) an edge lies on. */
function edgeFaceMask(e: number): number {
  const [a, b] = EDGE_CORNERS[e] as readonly [number, number];
  let mask = 0;
  FACES.forEach((face, f) => {
    if (face.includes(a) && face.includes(b)) mask |= 1 << f;
  });
  return mask;
}

const EDGE_FACES: readonly number[] = Array.from({ length: 12 }, (_, e) => edgeFaceMask(e));

function shareFace(a: number, b: number): boolean {
  return ((EDGE_FACES[a] ?? 0) & (EDGE_FACES[b] ?? 0)) !== 0;
}

/**
 * Triangulates a loop of cut edges with diagonals only between edges on no common face.
 * Returns triangles as index triplets into `loop`, or null when impossible.
 */
function triangulateLoop(loop: readonly number[]): number[] | null {
  const n = loop.length;
  const ok = (i: number, j: number): boolean =>
    (j - i + n) % n === 1 || (i - j + n) % n === 1 || !shareFace(loop[i] ?? -1, loop[j] ?? -1);
  // Prefer a fan (compact triangles around one vertex), trying every apex.
  for (let s = 0; s < n; s++) {
    let valid = true;
    for (let k = 2; k < n - 1 && valid; k++) valid = ok(s, (s + k) % n);
    if (!valid) continue;
    const tris: number[] = [];
    for (let k = 1; k < n - 1; k++) tris.push(s, (s + k) % n, (s + k + 1) % n);
    return tris;
  }
  // Otherwise any triangulation of the polygon (i..j) by recursive search.
  const solve = (poly: number[]): number[] | null => {
    if (poly.length < 3) return [];
    if (poly.length === 3) return [poly[0] ?? 0, poly[1] ?? 0, poly[2] ?? 0];
    const a = poly[0] ?? 0;
    const b = poly[poly.length - 1] ?? 0;
    for (let k = 1; k < poly.length - 1; k++) {
      const c = poly[k] ?? 0;
      if ((k > 1 && !ok(a, c)) || (k < poly.length - 2 && !ok(c, b))) continue;
      const left = solve(poly.slice(0, k + 1));
      const right = left && solve(poly.slice(k));
      if (left && right) return [...left, ...right, a, c, b];
    }
    return null;
  };
  return solve(Array.from({ length: n }, (_, i) => i));
}

function buildCase(c: number): { tris: number[]; cut: number[]; loops: number } {
  const inside = (corner: number): boolean => ((c >> corner) & 1) === 1;
  const next = new Int8Array(12).fill(-1);
  for (const face of FACES) {
    for (let i = 0; i < 4; i++) {
      const p = face[i] ?? 0;
      const q = face[(i + 1) % 4] ?? 0;
      if (inside(p) || !inside(q)) continue; // entry into an inside run at edge (p, q)
      let j = (i + 1) % 4;
      while (inside(face[(j + 1) % 4] ?? 0)) j = (j + 1) % 4;
      const entry = edgeId(p, q);
      const exit = edgeId(face[j] ?? 0, face[(j + 1) % 4] ?? 0);
      if (next[entry] !== -1) throw new Error(`case ${c}: edge ${entry} entered twice`);
      next[entry] = exit;
    }
  }
  const cut: number[] = [];
  for (let e = 0; e < 12; e++) if (next[e] !== -1) cut.push(e);
  const seen = new Uint8Array(12);
  const tris: number[] = [];
  let loops = 0;
  for (const start of cut) {
    if (seen[start]) continue;
    const loop: number[] = [];
    for (let e = start; !seen[e]; e = next[e] ?? -1) {
      if (e < 0) throw new Error(`case ${c}: open loop`);
      seen[e] = 1;
      loop.push(e);
    }
    loops++;
    const local = triangulateLoop(loop);
    if (!local) throw new Error(`case ${c}: loop ${loop.join(',')} has no face-safe triangulation`);
    for (const k of local) tris.push(loop[k] ?? 0);
  }
  return { tris, cut, loops };
}

/** Builds the 256-case table (about a millisecond). */
export function buildMarchingCubesTable(): MarchingCubesTable {
  const triOffsets = new Uint16Array(257);
  const cutOffsets = new Uint16Array(257);
  const loopCount = new Uint8Array(256);
  const tris: number[] = [];
  const cuts: number[] = [];
  for (let c = 0; c < 256; c++) {
    const built = buildCase(c);
    tris.push(...built.tris);
    cuts.push(...built.cut);
    loopCount[c] = built.loops;
    triOffsets[c + 1] = tris.length;
    cutOffsets[c + 1] = cuts.length;
  }
  return {
    triOffsets,
    triEdges: Uint8Array.from(tris),
    cutOffsets,
    cutEdges: Uint8Array.from(cuts),
    loopCount,
  };
}

/** The table, built once when this module loads. */
export const MC_TABLE: MarchingCubesTable = buildMarchingCubesTable();
