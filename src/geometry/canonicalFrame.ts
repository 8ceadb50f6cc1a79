/**
 * The canonical 2-D frame (s, t) of a head outline seen in an image, and its radial profile — the
 * rule shared by the detector (`detectHeadOutline`) and the geometric truth
 * (`skullSectionProfile(...).canonical`), so both are normalised the same way.
 *
 * Input: outline points in image orientation (x right, y down; any unit, mm in practice). An ellipse
 * is fitted (algebraic least squares); its major axis is the s direction. The sign of s and the side
 * of t (relative to t₀, the kind's default side) follow the plane kind:
 * - axial: the wider half (mean chord across the major axis at 30–80 % of the semi-major axis from the
 *   ellipse centre; the occiput is ~6 % wider) goes to −s; t = s turned +90° (towards image-down for
 *   s = image-right), i.e. a proper rotation of the image, never a mirror (left and right cannot be
 *   told apart in one axial plane);
 * - sagittal: +s towards image right (the face on the right, as standard planes are shown), and the
 *   taller half (the vault, which rises higher above the major axis than the skull base falls
 *   below it) goes to +t;
 * - coronal: +s towards image right, the taller half to +t.
 * For sagittal and coronal t₀ = s turned −90° (towards image-up for s = image-right); `tFlipped` says
 * the image had to be mirrored (head upside down).
 *
 * Profile: r_k from the outline's area centroid to the outline along θ_k = 2πk/n, from +s towards +t.
 */
import { type Ellipse2D, fitEllipse } from './ellipseFit';

export type PlaneKind = 'axial' | 'sagittal' | 'coronal';

/** A profile in the canonical frame. */
export interface CanonicalProfile {
  /** r_k, input units, along θ_k = 2πk/n from +s towards +t, about the area centroid. */
  profile: Float32Array;
  /** Area centroid, input coordinates. */
  centroid: [number, number];
  /** Unit vectors of +s and +t in input (image) coordinates. */
  sAxis: [number, number];
  tAxis: [number, number];
  /** Angle of +s from image +x towards image +y, radians (−π, π]. */
  rotationRad: number;
  /** True when t is on the other side of t₀ (the image was mirrored to reach the canonical frame). */
  tFlipped: boolean;
  /** Ellipse fitted to the outline, input coordinates. */
  ellipse: Ellipse2D;
  /** The two quantities compared for the orientation (axial: mean chord behind/in front; others: height on the −t₀/+t₀ side). */
  asymmetry: { minus: number; plus: number };
}

/** Area centroid and (signed) area of a closed polygon of (x, y) pairs. */
export function polygonCentroid2d(xy: ArrayLike<number>): { x: number; y: number; area: number } {
  const m = Math.floor(xy.length / 2);
  let a2 = 0;
  let cx = 0;
  let cy = 0;
  for (let k = 0; k < m; k++) {
    const k1 = (k + 1) % m;
    const x0 = xy[2 * k] as number;
    const y0 = xy[2 * k + 1] as number;
    const x1 = xy[2 * k1] as number;
    const y1 = xy[2 * k1 + 1] as number;
    const c = x0 * y1 - x1 * y0;
    a2 += c;
    cx += (x0 + x1) * c;
    cy += (y0 + y1) * c;
  }
  if (Math.abs(a2) < 1e-12) return { x: NaN, y: NaN, area: 0 };
  return { x: cx / (3 * a2), y: cy / (3 * a2), area: a2 / 2 };
}

/** Largest distance from (ox, oy) along unit direction (dx, dy) at which the ray meets the polygon; NaN if none. */
export function rayPolygon(xy: ArrayLike<number>, ox: number, oy: number, dx: number, dy: number): number {
  const m = Math.floor(xy.length / 2);
  let best = NaN;
  for (let k = 0; k < m; k++) {
    const k1 = (k + 1) % m;
    const ax = (xy[2 * k] as number) - ox;
    const ay = (xy[2 * k + 1] as number) - oy;
    const bx = (xy[2 * k1] as number) - ox;
    const by = (xy[2 * k1 + 1] as number) - oy;
    // Solve o + r d = a + u (b − a), 0 ≤ u ≤ 1, r ≥ 0.
    const ex = bx - ax;
    const ey = by - ay;
    const den = dx * ey - dy * ex;
    if (Math.abs(den) < 1e-15) continue;
    const r = (ax * ey - ay * ex) / den;
    const u = (ax * dy - ay * dx) / den;
    if (u >= 0 && u <= 1 && r >= 0 && !(r <= best)) best = r;
  }
  return best;
}

/** Length of the chord of the polygon on the line {c + s·u + t·v : t ∈ ℝ} at abscissa s. */
function chordAt(
  xy: ArrayLike<number>,
  c: [number, number],
  u: [number, number],
  v: [number, number],
  s: number,
): number {
  const m = Math.floor(xy.length / 2);
  let tMin = Infinity;
  let tMax = -Infinity;
  for (let k = 0; k < m; k++) {
    const k1 = (k + 1) % m;
    const px = (xy[2 * k] as number) - c[0];
    const py = (xy[2 * k + 1] as number) - c[1];
    const qx = (xy[2 * k1] as number) - c[0];
    const qy = (xy[2 * k1 + 1] as number) - c[1];
    const s0 = px * u[0] + py * u[1];
    const s1 = qx * u[0] + qy * u[1];
    if ((s0 - s) * (s1 - s) > 0 || s0 === s1) continue;
    const f = (s - s0) / (s1 - s0);
    const t = (px + f * (qx - px)) * v[0] + (py + f * (qy - py)) * v[1];
    tMin = Math.min(tMin, t);
    tMax = Math.max(tMax, t);
  }
  return tMax > tMin ? tMax - tMin : 0;
}

/**
 * The canonical frame and radial profile of a closed outline given in image orientation
 * (x right, y down). Throws RangeError when no ellipse fits the outline.
 */
export function canonicalProfile(outline: ArrayLike<number>, kind: PlaneKind, n = 64): CanonicalProfile {
  const pts = Float64Array.from(outline);
  const e = fitEllipse(pts);
  if (!e) throw new RangeError('no ellipse fits the outline');
  const c: [number, number] = [e.cx, e.cy];
  const major: [number, number] = [Math.cos(e.angleRad), Math.sin(e.angleRad)];
  const perpDown: [number, number] = [-major[1], major[0]]; // major turned +90° (towards image-down)
  let s: [number, number];
  let t: [number, number];
  let tFlipped = false;
  let asymmetry: { minus: number; plus: number };
  if (kind === 'axial') {
    let plus = 0;
    let minus = 0;
    for (let f = 0.3; f <= 0.8001; f += 0.05) {
      plus += chordAt(pts, c, major, perpDown, f * e.a);
      minus += chordAt(pts, c, major, perpDown, -f * e.a);
    }
    // The wider half goes to −s.
    s = plus > minus ? [-major[0], -major[1]] : major;
    t = [-s[1], s[0]];
    asymmetry =
      plus > minus ? { minus: plus / 11, plus: minus / 11 } : { minus: minus / 11, plus: plus / 11 };
  } else {
    s = major[0] >= 0 ? major : [-major[0], -major[1]];
    const up: [number, number] = [s[1], -s[0]]; // t₀: s turned −90° (towards image-up)
    let hUp = 0;
    let hDown = 0;
    const m = Math.floor(pts.length / 2);
    for (let k = 0; k < m; k++) {
      const d = ((pts[2 * k] as number) - c[0]) * up[0] + ((pts[2 * k + 1] as number) - c[1]) * up[1];
      hUp = Math.max(hUp, d);
      hDown = Math.max(hDown, -d);
    }
    tFlipped = hDown > hUp;
    t = tFlipped ? [-up[0], -up[1]] : up;
    asymmetry = { minus: hDown, plus: hUp };
  }
  const cen = polygonCentroid2d(pts);
  const profile = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const th = (2 * Math.PI * k) / n;
    const dx = Math.cos(th) * s[0] + Math.sin(th) * t[0];
    const dy = Math.cos(th) * s[1] + Math.sin(th) * t[1];
    profile[k] = rayPolygon(pts, cen.x, cen.y, dx, dy);
  }
  return {
    profile,
    centroid: [cen.x, cen.y],
    sAxis: s,
    tAxis: t,
    rotationRad: Math.atan2(s[1], s[0]),
    tFlipped,
    ellipse: e,
    asymmetry,
  };
}
