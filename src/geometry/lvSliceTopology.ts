/**
 * One ring per short-axis slice. A left ventricle's myocardium, cut across its long axis (z in the
 * canonical frame), is a disk near the apex and a ring around one cavity above it. A decoded shape can
 * break that rule where its cavity field has a bar of "not cavity" across it (a strand of myocardium
 * spanning the cavity, or running beside it as a second lumen): the surface then has a handle
 * (Euler characteristic 0 or below) although every index looks normal. This step, for decoded shapes
 * only (an imported label map is the user's data and stays as drawn), restores the rule slice by slice:
 * - myocardium pieces that lie inside the cavity (not touching the outside of the slice) become cavity;
 * - of the holes in the slice (non-myocardium not reached from the slice's border) only the largest,
 *   the cavity, is kept; the others become myocardium.
 * Slices that already obey the rule are left untouched, so plausible shapes do not change. Foreground
 * is 4-connected and background 8-connected, the usual pairing of a 2-D digital topology.
 *
 * Pure typed-array code.
 */
import type { Vec3 } from './types';

let lab = new Int32Array(0);
let stack = new Int32Array(0);

/**
 * Applies the one-ring rule to every z-slice of a myocardium field (mm, < 0 inside), in place. Changed
 * voxels get ±half a voxel. Returns how many voxels were changed.
 */
export function oneRingPerSlice(field: Float32Array, grid: { dims: Vec3; spacing: Vec3 }): number {
  const [nx, ny, nz] = grid.dims;
  const nxy = nx * ny;
  if (field.length < nxy * nz) throw new RangeError('oneRingPerSlice: field shorter than its grid');
  if (lab.length < nxy) {
    lab = new Int32Array(nxy);
    stack = new Int32Array(nxy);
  }
  const h = 0.5 * Math.min(...grid.spacing);
  let changed = 0;
  for (let k = 0; k < nz; k++) {
    const o = k * nxy;
    let any = false;
    for (let p = 0; p < nxy; p++) {
      if ((field[o + p] as number) < 0) {
        any = true;
        break;
      }
    }
    if (!any) continue;
    changed += fixSlice(field, o, nx, ny, h);
  }
  return changed;
}

const OUTSIDE = 1;

/** Floods from `seed` over pixels with inside === `want`; returns the region's size. */
function flood(
  field: Float32Array,
  o: number,
  nx: number,
  ny: number,
  seed: number,
  id: number,
  want: boolean,
  conn8: boolean,
): number {
  let top = 0;
  stack[top++] = seed;
  lab[seed] = id;
  let size = 0;
  while (top > 0) {
    const p = stack[--top] as number;
    size++;
    const x = p % nx;
    const y = (p - x) / nx;
    for (let dy = -1; dy <= 1; dy++) {
      const yy = y + dy;
      if (yy < 0 || yy >= ny) continue;
      for (let dx = -1; dx <= 1; dx++) {
        if ((dx === 0 && dy === 0) || (!conn8 && dx !== 0 && dy !== 0)) continue;
        const xx = x + dx;
        if (xx < 0 || xx >= nx) continue;
        const q = yy * nx + xx;
        if (lab[q] !== 0 || (field[o + q] as number) < 0 !== want) continue;
        lab[q] = id;
        stack[top++] = q;
      }
    }
  }
  return size;
}

function fixSlice(field: Float32Array, o: number, nx: number, ny: number, h: number): number {
  const nxy = nx * ny;
  const inside = (p: number): boolean => (field[o + p] as number) < 0;
  lab.fill(0, 0, nxy);
  // The outside: background reached from the slice's border.
  for (let p = 0; p < nxy; p++) {
    const x = p % nx;
    const y = (p - x) / nx;
    const edge = x === 0 || y === 0 || x === nx - 1 || y === ny - 1;
    if (edge && lab[p] === 0 && !inside(p)) flood(field, o, nx, ny, p, OUTSIDE, false, true);
  }
  // Myocardium pieces; a piece with no pixel next to the outside (or the slice's edge) is an island.
  let next = OUTSIDE + 1;
  const firstPiece = next;
  for (let p = 0; p < nxy; p++)
    if (lab[p] === 0 && inside(p)) flood(field, o, nx, ny, p, next++, true, false);
  const pieces = next - firstPiece;
  const touches = new Uint8Array(pieces);
  for (let p = 0; p < nxy; p++) {
    const id = lab[p] as number;
    if (id < firstPiece || touches[id - firstPiece]) continue;
    const x = p % nx;
    const y = (p - x) / nx;
    if (
      x === 0 ||
      y === 0 ||
      x === nx - 1 ||
      y === ny - 1 ||
      lab[p - 1] === OUTSIDE ||
      lab[p + 1] === OUTSIDE ||
      lab[p - nx] === OUTSIDE ||
      lab[p + nx] === OUTSIDE
    )
      touches[id - firstPiece] = 1;
  }
  let changed = 0;
  let anyTouches = false;
  for (let i = 0; i < pieces; i++) if (touches[i]) anyTouches = true;
  if (anyTouches && pieces > 1) {
    for (let p = 0; p < nxy; p++) {
      const id = lab[p] as number;
      if (id >= firstPiece && !touches[id - firstPiece]) {
        field[o + p] = h;
        changed++;
      }
    }
  }
  // Holes: what is neither outside nor myocardium, 8-connected; the largest stays.
  for (let p = 0; p < nxy; p++) if (lab[p] !== OUTSIDE) lab[p] = 0;
  const firstHole = OUTSIDE + 1;
  next = firstHole;
  const sizes: number[] = [];
  for (let p = 0; p < nxy; p++) {
    if (lab[p] === 0 && !inside(p)) sizes.push(flood(field, o, nx, ny, p, next++, false, true));
  }
  if (sizes.length > 1) {
    let keep = 0;
    for (let i = 1; i < sizes.length; i++) if ((sizes[i] as number) > (sizes[keep] as number)) keep = i;
    for (let p = 0; p < nxy; p++) {
      const id = lab[p] as number;
      if (id >= firstHole && id - firstHole !== keep) {
        field[o + p] = -h;
        changed++;
      }
    }
  }
  return changed;
}
