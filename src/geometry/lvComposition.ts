/**
 * The LV myocardium composed from two smooth solids: the epicardial solid (myocardium ∪ cavity) and
 * the cavity, each a signed distance (mm, < 0 inside), with the anatomy's rules built in:
 * - the cavity lies at least `minWallMm` inside the epicardial surface (wall ≥ minWallMm everywhere,
 *   the apex included: a cavity that reaches the apical end of the solid is closed off there);
 * - the myocardium ends at the base plane z = `baseZMm`, or lower where the heart itself ends lower
 *   (an end-systolic heart whose basal slice is empty): at the level where the epicardial solid's
 *   cross-section falls below half its largest, z_cut = min(z_base, z_½);
 * - the cavity is open at the top: from z_c = z_cut − minWallMm up, both solids keep their
 *   cross-section at z_c (a short prism through the cut), so no lid can form under it; where the
 *   cavity's cross-section there is in several pieces, only the largest opens (no bridge, no handle).
 *
 * myo = max(solid, −max(cavity, solid + w), z − z_cut), with solid and cavity read at min(z, z_c).
 *
 * Two blobs average into a blob, so codes between two hearts decode to a heart; the thin shell of a
 * myocardium field does not (two apical caps a little apart average into an open apex). Used by the
 * import of a user's label map, by the synthetic cohorts and by decoding, so all three shapes obey the
 * same rules. Pure typed-array code.
 */
import { squaredDistanceTransform } from './distanceTransform';
import type { Vec3 } from './types';

/** Wall rule and base plane of the composition. */
export interface LvCompositionRule {
  /** Least wall thickness, mm (the cavity is kept this far inside the epicardial surface). */
  minWallMm: number;
  /** Base plane, mm along z in the canonical frame: the myocardium ends there. */
  baseZMm: number;
}

/** The rule the shipped models and the import use: a 3 mm least wall, base plane at z = 49 mm. */
export const LV_COMPOSITION: LvCompositionRule = { minWallMm: 3, baseZMm: 49 };

/** Myocardium signed distance (mm) at one point from the solid's and the cavity's, at height z (mm). */
export function composeMyocardiumAt(
  solid: number,
  cavity: number,
  zMm: number,
  rule: LvCompositionRule,
): number {
  return Math.max(solid, -Math.max(cavity, solid + rule.minWallMm), zMm - rule.baseZMm);
}

/** Least cross-section (mm²) through which the cavity opens at the base: a 3.6 mm wide channel. */
export const MIN_OPENING_MM2 = 10;

/**
 * Composes a myocardium field on a grid (x fastest) from solid and cavity fields on the same grid.
 *
 * @param out - result array (may be `solid` or `cavity` itself)
 */
export function composeMyocardium(
  solid: ArrayLike<number>,
  cavity: ArrayLike<number>,
  grid: { dims: Vec3; spacing: Vec3; origin: Vec3 },
  rule: LvCompositionRule,
  out: Float32Array,
  opts: ComposeOptions = {},
): Float32Array {
  const [nx, ny, nz] = grid.dims;
  const nxy = nx * ny;
  if (solid.length < nxy * nz || cavity.length < nxy * nz || out.length < nxy * nz) {
    throw new RangeError(`composeMyocardium: fields shorter than the ${nx}×${ny}×${nz} grid`);
  }
  // Where the heart ends: scanning up from the plane of the largest epicardial cross-section, the
  // first plane whose cross-section is under half of it (none: the base plane).
  const area = new Int32Array(nz);
  for (let k = 0; k < nz; k++) {
    let a = 0;
    for (let v = k * nxy; v < (k + 1) * nxy; v++) if ((solid[v] as number) < 0) a++;
    area[k] = a;
  }
  let kMax = 0;
  for (let k = 1; k < nz; k++) if ((area[k] as number) > (area[kMax] as number)) kMax = k;
  let zCut = rule.baseZMm;
  for (let k = kMax + 1; k < nz; k++) {
    if ((area[k] as number) < 0.5 * (area[kMax] as number)) {
      zCut = Math.min(zCut, grid.origin[2] + (k - 0.5) * grid.spacing[2]);
      break;
    }
  }
  // The cross-section at z_c, interpolated between the two grid planes around it, read before any
  // voxel is written (out may alias the inputs).
  let zc = zCut - rule.minWallMm;
  const capSolid = new Float32Array(nxy);
  const capCavity = new Float32Array(nxy);
  const readCap = (zPlane: number): number => {
    const fc = Math.min(nz - 1, Math.max(0, (zPlane - grid.origin[2]) / grid.spacing[2]));
    const k0 = Math.min(Math.floor(fc), Math.max(0, nz - 2));
    const u = nz > 1 ? fc - k0 : 0;
    const o0 = k0 * nxy;
    const o1 = Math.min(nz - 1, k0 + 1) * nxy;
    let open = 0;
    for (let c = 0; c < nxy; c++) {
      const sv = (1 - u) * (solid[o0 + c] as number) + u * (solid[o1 + c] as number);
      const cv = (1 - u) * (cavity[o0 + c] as number) + u * (cavity[o1 + c] as number);
      capSolid[c] = sv;
      capCavity[c] = cv;
      if (Math.max(cv, sv + rule.minWallMm) < 0) open++;
    }
    return open;
  };
  // The cavity opens through the top. Where its cross-section at z_c (with the least wall) is smaller
  // than MIN_OPENING_MM2 — a small end-systolic cavity whose decoded blob ends below the base — the cap
  // plane moves down to the highest grid plane where it is not, so the decoded cavity stays a cavity
  // open at the base (a tube of that cross-section above) instead of a closed pocket, which
  // keepOneHeart would fill (ESV 0, EF 100 %).
  const pixelMm2 = grid.spacing[0] * grid.spacing[1];
  if (readCap(zc) * pixelMm2 < MIN_OPENING_MM2) {
    const kTop = Math.min(nz - 1, Math.floor((zc - grid.origin[2]) / grid.spacing[2]));
    for (let k = kTop; k >= 0; k--) {
      let open = 0;
      for (let v = k * nxy; v < (k + 1) * nxy; v++) {
        if (Math.max(cavity[v] as number, (solid[v] as number) + rule.minWallMm) < 0) open++;
      }
      if (open * pixelMm2 >= MIN_OPENING_MM2) {
        zc = grid.origin[2] + k * grid.spacing[2];
        break;
      }
    }
    readCap(zc);
  }
  openingInOnePiece(capCavity, nx, ny, Math.min(grid.spacing[0], grid.spacing[1]));
  const kc = (k: number): boolean => grid.origin[2] + k * grid.spacing[2] > zc;
  // The wall rule measured by the exact depth under the epicardial surface (see ComposeOptions).
  let depth: Float32Array | null = null;
  if (opts.exactWall) {
    // On the grid padded by one voxel of outside below and around: beyond the field of view counts as
    // outside, as it does for the surface (marching cubes closes a shape at the grid's edge), so a
    // cavity reaching the apical or a lateral edge is closed there too. Not above: the solids run on
    // through the top as a prism and are cut at z_cut, where the cavity must stay open.
    const px = nx + 2;
    const py = ny + 2;
    const pz = nz + 2;
    const outside = new Uint8Array(px * py * pz).fill(1);
    for (let k = 0; k <= nz; k++) {
      const top = kc(Math.min(k, nz - 1));
      const pk = k + 1;
      for (let j = 0; j < ny; j++) {
        const o = Math.min(k, nz - 1) * nxy + j * nx;
        const po = 1 + px * (j + 1 + py * pk);
        for (let i = 0; i < nx; i++) {
          const sv = (top ? capSolid[j * nx + i] : solid[o + i]) as number;
          outside[po + i] = sv >= 0 ? 1 : 0;
        }
      }
    }
    const d2 = squaredDistanceTransform((v) => outside[v] === 1, [px, py, pz], grid.spacing);
    const half = 0.5 * Math.min(grid.spacing[0], grid.spacing[1], grid.spacing[2]);
    depth = new Float32Array(nxy * nz);
    for (let k = 0; k < nz; k++)
      for (let j = 0; j < ny; j++) {
        const o = k * nxy + j * nx;
        const po = 1 + px * (j + 1 + py * (k + 1));
        for (let i = 0; i < nx; i++) {
          const d = d2[po + i] as number;
          depth[o + i] = d === 0 ? half : half - Math.sqrt(d);
        }
      }
  }
  const w = rule.minWallMm;
  for (let k = 0; k < nz; k++) {
    const z = grid.origin[2] + k * grid.spacing[2];
    const o = k * nxy;
    const top = kc(k);
    for (let c = 0; c < nxy; c++) {
      const v = o + c;
      const s = (top ? capSolid[c] : solid[v]) as number;
      const cav = (top ? capCavity[c] : cavity[v]) as number;
      const inner = depth ? (depth[v] as number) : s;
      out[v] = Math.max(s, -Math.max(cav, inner + w), z - zCut);
    }
  }
  return out;
}

/**
 * The cavity opens through the top in one piece: where its cross-section at z_c falls into several
 * pieces (4-connected), only the largest runs up through the prism; the others are closed over at z_c
 * (a bridge of wall between two openings would be a handle). In place on the nx × ny cross-section.
 */
function openingInOnePiece(cap: Float32Array, nx: number, ny: number, lid: number): void {
  const n = nx * ny;
  const label = new Int32Array(n);
  const stack = new Int32Array(n);
  const sizes: number[] = [0];
  for (let s0 = 0; s0 < n; s0++) {
    if (label[s0] !== 0 || (cap[s0] as number) >= 0) continue;
    const id = sizes.length;
    let top = 0;
    let size = 0;
    stack[top++] = s0;
    label[s0] = id;
    while (top > 0) {
      const p = stack[--top] as number;
      size++;
      const x = p % nx;
      const y = (p - x) / nx;
      const next = [
        x > 0 ? p - 1 : -1,
        x < nx - 1 ? p + 1 : -1,
        y > 0 ? p - nx : -1,
        y < ny - 1 ? p + nx : -1,
      ];
      for (const q of next) {
        if (q < 0 || label[q] !== 0 || (cap[q] as number) >= 0) continue;
        label[q] = id;
        stack[top++] = q;
      }
    }
    sizes.push(size);
  }
  if (sizes.length <= 2) return;
  let keep = 1;
  for (let i = 2; i < sizes.length; i++) if ((sizes[i] as number) > (sizes[keep] as number)) keep = i;
  for (let p = 0; p < n; p++) {
    const l = label[p] as number;
    if (l !== 0 && l !== keep) cap[p] = Math.max(cap[p] as number, 0.5 * lid);
  }
}

/** Options of {@link composeMyocardium}. */
export interface ComposeOptions {
  /**
   * Measure the minimal wall by the exact distance under the epicardial surface (a Euclidean distance
   * transform of the solid's inside) instead of the solid's own value. A decoded solid is a signed
   * distance only near its surface: deeper, its values can level out near −minWallMm, and the set
   * "deeper than minWallMm" then breaks into specks that punch handles into the wall. Decoded shapes
   * at full quality use it; an imported or phantom solid, already a distance, needs it less.
   */
  exactWall?: boolean;
}

/** Scratch of keepOneHeart (one call at a time). */
let labels = new Int32Array(0);
let stack = new Int32Array(0);

/**
 * Labels the 6-connected regions where (field < 0) === `inside`, starting from `seeds` (all into one
 * region, id 1) or from every unlabelled voxel in turn (ids 1, 2, …). Returns each region's size
 * (index = id). Iterative, typed arrays only.
 */
function label6(
  field: Float32Array,
  dims: Vec3,
  inside: boolean,
  lab: Int32Array,
  seeds: Int32Array | null,
): number[] {
  const [nx, ny, nz] = dims;
  const nxy = nx * ny;
  const n = nxy * nz;
  const sizes = [0];
  const grow = (id: number, top: number): void => {
    let size = 0;
    while (top > 0) {
      const v = stack[--top] as number;
      size++;
      const i = v % nx;
      const j = ((v - i) / nx) % ny;
      const k = (v - i - j * nx) / nxy;
      if (i > 0 && lab[v - 1] === 0 && field[v - 1]! < 0 === inside) {
        lab[v - 1] = id;
        stack[top++] = v - 1;
      }
      if (i < nx - 1 && lab[v + 1] === 0 && field[v + 1]! < 0 === inside) {
        lab[v + 1] = id;
        stack[top++] = v + 1;
      }
      if (j > 0 && lab[v - nx] === 0 && field[v - nx]! < 0 === inside) {
        lab[v - nx] = id;
        stack[top++] = v - nx;
      }
      if (j < ny - 1 && lab[v + nx] === 0 && field[v + nx]! < 0 === inside) {
        lab[v + nx] = id;
        stack[top++] = v + nx;
      }
      if (k > 0 && lab[v - nxy] === 0 && field[v - nxy]! < 0 === inside) {
        lab[v - nxy] = id;
        stack[top++] = v - nxy;
      }
      if (k < nz - 1 && lab[v + nxy] === 0 && field[v + nxy]! < 0 === inside) {
        lab[v + nxy] = id;
        stack[top++] = v + nxy;
      }
    }
    sizes[id] = (sizes[id] ?? 0) + size;
  };
  if (seeds) {
    let top = 0;
    for (const v of seeds) {
      if (lab[v] === 0 && field[v]! < 0 === inside) {
        lab[v] = 1;
        stack[top++] = v;
      }
    }
    sizes.push(0);
    grow(1, top);
    return sizes;
  }
  for (let v = 0; v < n; v++) {
    if (lab[v] !== 0 || field[v]! < 0 !== inside) continue;
    const id = sizes.length;
    sizes.push(0);
    lab[v] = id;
    stack[0] = v;
    grow(id, 1);
  }
  return sizes;
}

/** Indices of the voxels on a grid's six faces. */
function borderVoxels(dims: Vec3): Int32Array {
  const [nx, ny, nz] = dims;
  const out: number[] = [];
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++)
        if (i === 0 || j === 0 || k === 0 || i === nx - 1 || j === ny - 1 || k === nz - 1)
          out.push(i + nx * (j + ny * k));
  return Int32Array.from(out);
}
const borders = new Map<string, Int32Array>();

/**
 * One heart, in place: of a myocardium field (< 0 inside) keeps only the largest 6-connected piece of
 * myocardium, and fills every pocket of non-myocardium that does not reach the grid's border (a
 * bubble of cavity sealed off in the wall or at the apex). The cavity, open at the top, reaches the
 * border and stays. Returns how many voxels were changed.
 */
export function keepOneHeart(field: Float32Array, grid: { dims: Vec3; spacing: Vec3 }): number {
  const n = grid.dims[0] * grid.dims[1] * grid.dims[2];
  if (labels.length < n) {
    labels = new Int32Array(n);
    stack = new Int32Array(n);
  }
  const lab = labels.subarray(0, n);
  const h = 0.5 * Math.min(...grid.spacing);
  let changed = 0;
  // Pieces of myocardium: keep the largest.
  lab.fill(0);
  const sizes = label6(field, grid.dims, true, lab, null);
  let best = 0;
  for (let id = 1; id < sizes.length; id++) if ((sizes[id] as number) > (sizes[best] ?? 0)) best = id;
  if (sizes.length > 2) {
    for (let v = 0; v < n; v++) {
      if (lab[v] !== 0 && lab[v] !== best) {
        field[v] = h;
        changed++;
      }
    }
  }
  // Pockets: non-myocardium not reached from the border.
  const key = grid.dims.join('×');
  let border = borders.get(key);
  if (!border) {
    border = borderVoxels(grid.dims);
    borders.set(key, border);
  }
  lab.fill(0);
  label6(field, grid.dims, false, lab, border);
  for (let v = 0; v < n; v++) {
    if (lab[v] === 0 && !((field[v] as number) < 0)) {
      field[v] = -h;
      changed++;
    }
  }
  return changed;
}
