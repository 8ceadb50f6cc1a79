/**
 * Fetal head biometry (BPD, OFD, HC, cephalic index) from a skull bone field.
 *
 * Canonical skull frame: x occipito-frontal (front at +x), y left–right (biparietal), z up. The bone
 * field is negative inside bone (mm).
 *
 * Method:
 * 1. Plane: the axial slice of maximal outer cross-section (the transventricular level in this frame),
 *    unless `opts.planeZMm` is given (then the field is interpolated linearly between slices). The
 *    outer cross-section of a slice is everything not reached by a 4-connected flood from the slice
 *    border through pixels farther than `gapToleranceMm` from bone, so sutures and fontanelles up to
 *    about twice that width do not let the flood into the head.
 * 2. Head centre: centroid of the enclosed (not reached) pixels.
 * 3. OFD: outer-to-outer along the x line through the centre (first bone crossings from either end).
 * 4. BPD (INTERGROWTH-21st, outer-to-inner): along the y line through the centre, from the outer edge
 *    of the near parietal bone to the inner edge of the far one; reported as the mean of the two
 *    directions (either side taken as near), which cancels left–right asymmetry of bone thickness.
 * 5. HC: perimeter (Ramanujan's second approximation) of the ellipse fitted by algebraic least squares
 *    (general conic, 5 parameters) to the outer-contour points: the marching-squares crossings on
 *    pixel edges whose outside pixel connects to the exterior. `hcExtentsMm` gives the ellipse from the
 *    outer extents (OFD and outer-to-outer BPD) for comparison.
 * Crossings are located to sub-pixel precision by linear interpolation of the field.
 */
import { reachFromBorder } from './floodFill2d';
import { ellipsePerimeter, fitEllipse, type Ellipse2D } from './ellipseFit';
import type { Volume } from './types';

export { ellipsePerimeter, fitEllipse, type Ellipse2D };

/** Options for {@link skullBiometry}. */
export interface SkullBiometryOptions {
  /** Measure in the axial plane at this z (mm) instead of the plane of maximal cross-section. */
  planeZMm?: number;
  /** Pixels closer than this to bone (field below it) block the exterior flood. Default 1.5 mm. */
  gapToleranceMm?: number;
}

/** Biometry in the transventricular plane. */
export interface SkullBiometry {
  /** Biparietal diameter, outer-to-inner (INTERGROWTH-21st), mm. */
  bpdMm: number;
  /** Biparietal diameter, outer-to-outer, mm. */
  bpdOuterMm: number;
  /** Occipito-frontal diameter, outer-to-outer, mm. */
  ofdMm: number;
  /** Head circumference: perimeter of the least-squares ellipse fitted to the outer contour, mm. */
  hcMm: number;
  /** Perimeter of the ellipse with semi-axes OFD/2 and outer-to-outer BPD/2, mm. */
  hcExtentsMm: number;
  /** BPD / OFD × 100. */
  cephalicIndex: number;
  /** z of the measurement plane, mm. */
  planeZMm: number;
  /** Head centre in the plane (x, y), mm. */
  centerMm: [number, number];
  /** The fitted outer ellipse. */
  ellipse: Ellipse2D;
}

/** Pixels of a slice not 4-connected to its border through pixels with value > `barrier`. */
function enclosedPixels(
  s: ArrayLike<number>,
  nx: number,
  ny: number,
  barrier: number,
  offset = 0,
): Uint8Array {
  const reached = new Uint8Array(nx * ny);
  reachFromBorder(nx, ny, (p) => (s[offset + p] as number) > barrier, reached, new Int32Array(nx * ny));
  for (let p = 0; p < reached.length; p++) reached[p] = reached[p] ? 0 : 1;
  return reached;
}

/** Axial slice of the field at z (mm), linearly interpolated between slices (clamped to the grid). */
function axialSlice(vol: Volume, zMm: number): Float32Array {
  const [nx, ny, nz] = vol.dims;
  const nxy = nx * ny;
  const fk = Math.min(Math.max((zMm - vol.origin[2]) / vol.spacing[2], 0), nz - 1);
  const k0 = Math.min(Math.floor(fk), Math.max(nz - 2, 0));
  const k1 = Math.min(k0 + 1, nz - 1);
  const t = fk - k0;
  const out = new Float32Array(nxy);
  for (let p = 0; p < nxy; p++) {
    const a = vol.data[k0 * nxy + p] as number;
    const b = vol.data[k1 * nxy + p] as number;
    out[p] = a + t * (b - a);
  }
  return out;
}

/** Crossings of a sampled 1-D profile: positions (in sample units) where it changes sign. */
interface Crossing {
  at: number;
  /** True when entering bone (value goes from ≥ 0 to < 0) in the direction of increasing index. */
  entering: boolean;
}

function crossings(v: Float64Array): Crossing[] {
  const out: Crossing[] = [];
  // Virtual outside values beyond both ends, so bone touching the border still has an edge.
  for (let i = -1; i < v.length; i++) {
    const a = i < 0 ? 1 : (v[i] as number);
    const b = i + 1 < v.length ? (v[i + 1] as number) : 1;
    if (a < 0 === b < 0) continue;
    const t = i < 0 || i + 1 >= v.length ? 0.5 : a / (a - b);
    out.push({ at: i + t, entering: b < 0 });
  }
  return out;
}

/**
 * BPD, OFD, HC and cephalic index of a skull bone field; method in the module TSDoc.
 *
 * @param bone - bone field (< 0 inside bone, mm) in the canonical skull frame.
 * @throws Error when no closed skull outline is found in the measurement plane.
 */
export function skullBiometry(bone: Volume, opts: SkullBiometryOptions = {}): SkullBiometry {
  const [nx, ny, nz] = bone.dims;
  const [sx, sy, sz] = bone.spacing;
  const [ox, oy, oz] = bone.origin;
  const nxy = nx * ny;
  const gap = opts.gapToleranceMm ?? 1.5;

  let planeZMm = opts.planeZMm ?? NaN;
  if (opts.planeZMm === undefined) {
    let bestArea = -1;
    let bestK = 0;
    for (let k = 0; k < nz; k++) {
      const enclosed = enclosedPixels(bone.data, nx, ny, gap, k * nxy);
      let count = 0;
      for (let p = 0; p < nxy; p++) count += enclosed[p] as number;
      if (count > bestArea) {
        bestArea = count;
        bestK = k;
      }
    }
    planeZMm = oz + bestK * sz;
  }
  const slice = axialSlice(bone, planeZMm);
  const enclosed = enclosedPixels(slice, nx, ny, gap);
  let cnt = 0;
  let cxSum = 0;
  let cySum = 0;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      if (!enclosed[i + nx * j]) continue;
      cnt++;
      cxSum += i;
      cySum += j;
    }
  }
  if (cnt === 0) {
    throw new Error(
      `skullBiometry: no closed skull outline in the axial plane z = ${planeZMm.toFixed(1)} mm; expected a bone ` +
        'field (< 0 inside bone) in the canonical frame (x occipito-frontal, y left-right, z up)',
    );
  }
  const ci = cxSum / cnt; // head centre, fractional pixel indices
  const cj = cySum / cnt;

  // Profiles through the centre, bilinear between the two nearest pixel rows / columns.
  const j0 = Math.min(Math.floor(cj), ny - 2);
  const tj = cj - j0;
  const row = new Float64Array(nx);
  for (let i = 0; i < nx; i++) {
    const a = slice[i + nx * j0] as number;
    row[i] = a + tj * ((slice[i + nx * (j0 + 1)] as number) - a);
  }
  const i0 = Math.min(Math.floor(ci), nx - 2);
  const ti = ci - i0;
  const col = new Float64Array(ny);
  for (let j = 0; j < ny; j++) {
    const a = slice[i0 + nx * j] as number;
    col[j] = a + ti * ((slice[i0 + 1 + nx * j] as number) - a);
  }
  const rowX = crossings(row);
  const colY = crossings(col);
  const firstX = rowX[0];
  const lastX = rowX[rowX.length - 1];
  const firstY = colY[0];
  const lastY = colY[colY.length - 1];
  const ofdMm = firstX && lastX ? (lastX.at - firstX.at) * sx : NaN;
  const bpdOuterMm = firstY && lastY ? (lastY.at - firstY.at) * sy : NaN;
  // Inner edges: the first entries into bone walking outward from the centre.
  const innerFar = colY.find((c) => c.at > cj && c.entering);
  const innerNear = [...colY].reverse().find((c) => c.at < cj && !c.entering);
  const bpd1 = firstY && innerFar ? (innerFar.at - firstY.at) * sy : NaN;
  const bpd2 = lastY && innerNear ? (lastY.at - innerNear.at) * sy : NaN;
  const bpdMm = (bpd1 + bpd2) / 2;

  // Outer contour points: marching-squares crossings whose outside pixel belongs to the exterior.
  const exterior = exteriorRegion(slice, nx, ny, enclosed, 0.25 * Math.min(sx, sy));
  const pts: number[] = [];
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const p = i + nx * j;
      const a = slice[p] as number;
      if (i + 1 < nx) {
        const b = slice[p + 1] as number;
        if (a < 0 !== b < 0 && exterior[a < 0 ? p + 1 : p])
          pts.push(ox + (i + a / (a - b)) * sx, oy + j * sy);
      }
      if (j + 1 < ny) {
        const b = slice[p + nx] as number;
        if (a < 0 !== b < 0 && exterior[a < 0 ? p + nx : p])
          pts.push(ox + i * sx, oy + (j + a / (a - b)) * sy);
      }
    }
  }
  const fit = fitEllipse(Float64Array.from(pts));
  const ellipse: Ellipse2D = fit ?? { cx: ox + ci * sx, cy: oy + cj * sy, a: NaN, b: NaN, angleRad: 0 };
  const hcMm = fit ? ellipsePerimeter(fit.a, fit.b) : NaN;
  return {
    bpdMm,
    bpdOuterMm,
    ofdMm,
    hcMm,
    hcExtentsMm: ellipsePerimeter(ofdMm / 2, bpdOuterMm / 2),
    cephalicIndex: (bpdMm / ofdMm) * 100,
    planeZMm,
    centerMm: [ox + ci * sx, oy + cj * sy],
    ellipse,
  };
}

/**
 * Background pixels connected to the exterior: the flood-reached pixels (not `enclosed`), grown into
 * the near-bone band by steps that do not climb the field by more than `climb` (mm). Moving towards
 * bone lowers a distance field, so the band outside the skull joins the exterior, while the band
 * inside a gap's saddle (where the field rises again towards the brain) does not.
 */
function exteriorRegion(
  s: Float32Array,
  nx: number,
  ny: number,
  enclosed: Uint8Array,
  climb: number,
): Uint8Array {
  const ext = new Uint8Array(nx * ny);
  const stack = new Int32Array(nx * ny);
  let top = 0;
  for (let p = 0; p < nx * ny; p++) {
    if (!enclosed[p]) {
      ext[p] = 1;
      stack[top++] = p;
    }
  }
  const visit = (from: number, p: number): void => {
    const v = s[p] as number;
    if (!ext[p] && v >= 0 && v <= (s[from] as number) + climb) {
      ext[p] = 1;
      stack[top++] = p;
    }
  };
  while (top > 0) {
    const p = stack[--top] as number;
    const i = p % nx;
    if (i > 0) visit(p, p - 1);
    if (i < nx - 1) visit(p, p + 1);
    if (p >= nx) visit(p, p - nx);
    if (p < nx * ny - nx) visit(p, p + nx);
  }
  return ext;
}
