/**
 * The exact outer outline of the synthetic skull in a plane, as the radial profile that the 2-D head
 * detector (`src/imaging/headOutline.ts`) measures on images: the geometric "truth" for training and
 * evaluating the skull models.
 *
 * Canonical 2-D frame (s, t) of each plane kind, mm (skull frame: x front, y left–right, z up):
 * axial s = +x, t = +y; sagittal s = +x, t = +z; coronal s = +y, t = +z. For a plane that is tilted,
 * offset or rotated in-plane (augmentation), ŝ is the kind's s axis projected into the plane and t̂ the
 * in-plane perpendicular on the side of the kind's t axis, so the profile describes the anatomy and
 * not the image rotation. For the standard planes this is exactly: axial s = u, t = v; sagittal and
 * coronal s = u, t = −v.
 *
 * Method: rays from an interior point of the plane find the sign change of `outerDistance` (1 mm
 * steps, then 34 bisections: below 10⁻⁹ mm); the area centroid of that polygon is the profile's
 * centre; rays from the centroid, again bisected on the exact surface, give r_k along
 * θ_k = 2πk/n (from +s towards +t). The outline is the outer table, with sutures and fontanelles
 * bridged (the surface, not the bone mask).
 */
import type { Vec3 } from '../geometry/types';
import { type CanonicalProfile, canonicalProfile, polygonCentroid2d } from '../geometry/canonicalFrame';
import { type SkullShape, outerDistance } from './skullShape';
import type { Plane, StandardPlaneKind } from './ultrasound/planes';

/** The outer skull outline in one plane. */
export interface SkullSection {
  /** Plane kind the canonical frame was chosen for (given, or inferred from the plane normal). */
  kind: StandardPlaneKind;
  /** r_k, mm: centroid to outline along θ_k = 2πk/n from +s towards +t. Length n. */
  profile: Float32Array;
  /** Area centroid (s, t), mm, relative to the point of the plane nearest the plane origin. */
  centroidMm: [number, number];
  /** Dense outline, (s, t) pairs in mm in the same frame, counter-clockwise from +s (512 points). */
  outline: Float32Array;
  /** Perimeter of the dense outline, mm (the geometric head circumference in this plane). */
  perimeterMm: number;
  /** Area of the dense outline polygon, mm² (relative error ≈ (2π/points)²/6 below the true area). */
  areaMm2: number;
  /** Frame axes in the skull frame (unit vectors): s, t, and their origin (mm). */
  frame: { s: Vec3; t: Vec3; origin: Vec3 };
  /**
   * The same outline normalised by the image rule of the head detector (`canonicalProfile`: s along
   * the fitted ellipse's major axis, sign and side from the outline's asymmetry) instead of by the
   * anatomy: what `detectHeadOutline` returns for a perfect image of this plane. Its `sAxis`/`tAxis`
   * are in the anatomical (s, t) frame above drawn as an image (t down for axial, up otherwise).
   */
  canonical: CanonicalProfile;
}

/** Options of {@link skullSectionProfile}. */
export interface SkullSectionOptions {
  /** Plane kind for the canonical frame; default: inferred from the plane normal (z axial, y sagittal, x coronal). */
  kind?: StandardPlaneKind;
  /** Points of the dense outline. Default 512. */
  outlinePoints?: number;
  /**
   * Elevational slice thickness, mm: the outline of the slab ± half this about the plane, projected
   * onto it (the outermost bone any part of the slab meets — what a B-mode image with that slice
   * thickness shows; `simulateBMode` uses 2 mm). Default 0: the plane itself.
   */
  sliceThicknessMm?: number;
}

const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vec3, b: Vec3): Vec3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
const unit = (a: Vec3): Vec3 => {
  const n = Math.hypot(a[0], a[1], a[2]);
  return [a[0] / n, a[1] / n, a[2] / n];
};

/** Axes (s, t) of each kind in the skull frame. */
const KIND_AXES: Record<StandardPlaneKind, [Vec3, Vec3]> = {
  axial: [
    [1, 0, 0],
    [0, 1, 0],
  ],
  sagittal: [
    [1, 0, 0],
    [0, 0, 1],
  ],
  coronal: [
    [0, 1, 0],
    [0, 0, 1],
  ],
};

/** The plane kind whose normal axis is closest to the plane's normal. */
export function inferPlaneKind(plane: Plane): StandardPlaneKind {
  const n = unit(cross(plane.u, plane.v));
  const ax = [Math.abs(n[0]), Math.abs(n[1]), Math.abs(n[2])];
  if ((ax[2] as number) >= (ax[0] as number) && (ax[2] as number) >= (ax[1] as number)) return 'axial';
  return (ax[1] as number) >= (ax[0] as number) ? 'sagittal' : 'coronal';
}

/** Distance along a ray from p (inside) in direction d to the outer surface, mm (1 mm march + bisection). */
function rayExit(shape: SkullShape, p: Vec3, d: Vec3, maxMm: number): number {
  const f = (r: number): number => outerDistance(shape, p[0] + r * d[0], p[1] + r * d[1], p[2] + r * d[2]);
  let lo = 0;
  let hi = 1;
  while (f(hi) < 0) {
    lo = hi;
    hi += 1;
    if (hi > maxMm) throw new RangeError(`the skull outline was not found within ${maxMm} mm of the centre`);
  }
  for (let i = 0; i < 34; i++) {
    const mid = 0.5 * (lo + hi);
    if (f(mid) < 0) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * Outer skull outline of `shape` in `plane` as a radial profile of `n` rays about its area centroid
 * (mm), in the plane kind's canonical frame (see the file comment). Throws RangeError when the plane
 * misses the skull.
 */
export function skullSectionProfile(
  shape: SkullShape,
  plane: Plane,
  n = 64,
  opts: SkullSectionOptions = {},
): SkullSection {
  if (!Number.isInteger(n) || n < 8) throw new RangeError(`profile length must be an integer ≥ 8; got ${n}`);
  const nOut = opts.outlinePoints ?? 512;
  const normal = cross(plane.u, plane.v);
  if (!(Math.hypot(...normal) > 1e-12)) throw new RangeError('the plane axes u and v are parallel');
  const nn = unit(normal);
  const kind = opts.kind ?? inferPlaneKind(plane);
  const [S, T] = KIND_AXES[kind];
  const sp = unit([S[0] - dot(S, nn) * nn[0], S[1] - dot(S, nn) * nn[1], S[2] - dot(S, nn) * nn[2]]);
  let tp = cross(nn, sp);
  if (dot(tp, T) < 0) tp = [-tp[0], -tp[1], -tp[2]];
  // Frame origin: the plane point nearest the skull centre (0, 0, 0).
  const o = plane.origin;
  const off = dot(o, nn);
  const origin: Vec3 = [off * nn[0], off * nn[1], off * nn[2]];
  const at = (s: number, t: number): Vec3 => [
    origin[0] + s * sp[0] + t * tp[0],
    origin[1] + s * sp[1] + t * tp[1],
    origin[2] + s * sp[2] + t * tp[2],
  ];
  const reach = 4 * Math.max(shape.a, shape.b, shape.cUp, shape.cDown) + 10;
  // An interior start point: the frame origin, else the most interior point of a coarse grid.
  let c0: [number, number] = [0, 0];
  if (outerDistance(shape, ...origin) >= 0) {
    let best = Infinity;
    const R = Math.max(shape.a, shape.b, shape.cUp);
    for (let s = -R; s <= R; s += R / 40) {
      for (let t = -R; t <= R; t += R / 40) {
        const d = outerDistance(shape, ...at(s, t));
        if (d < best) {
          best = d;
          c0 = [s, t];
        }
      }
    }
    if (!(best < -0.5))
      throw new RangeError(
        `the plane misses the skull (plane at ${Math.abs(off).toFixed(1)} mm from its centre)`,
      );
  }
  const dirOf = (th: number): Vec3 => {
    const c = Math.cos(th);
    const s = Math.sin(th);
    return [c * sp[0] + s * tp[0], c * sp[1] + s * tp[1], c * sp[2] + s * tp[2]];
  };
  // Offsets across the slab (5 samples of ± half the slice thickness; just 0 for a plane).
  const half = Math.max(0, opts.sliceThicknessMm ?? 0) / 2;
  const offsets = half > 0 ? [-half, -half / 2, 0, half / 2, half] : [0];
  const exit = (p: Vec3, d: Vec3): number => {
    let best = -Infinity;
    for (const o of offsets) {
      const q: Vec3 = [p[0] + o * nn[0], p[1] + o * nn[1], p[2] + o * nn[2]];
      if (o !== 0 && outerDistance(shape, ...q) >= 0) continue;
      best = Math.max(best, rayExit(shape, q, d, reach));
    }
    return best;
  };
  const ring = (cs: number, ct: number, count: number): Float64Array => {
    const p = at(cs, ct);
    const out = new Float64Array(2 * count);
    for (let k = 0; k < count; k++) {
      const th = (2 * Math.PI * k) / count;
      const r = exit(p, dirOf(th));
      out[2 * k] = cs + r * Math.cos(th);
      out[2 * k + 1] = ct + r * Math.sin(th);
    }
    return out;
  };
  const first = ring(c0[0], c0[1], 360);
  const c1 = polygonCentroid2d(first);
  // A degenerate first ring (no surface around the start point) keeps the plane origin as centre.
  const cs = Number.isFinite(c1.x) ? c1.x : 0;
  const ct = Number.isFinite(c1.y) ? c1.y : 0;
  const dense = ring(cs, ct, nOut);
  const profile = new Float32Array(n);
  const pc = at(cs, ct);
  for (let k = 0; k < n; k++) profile[k] = exit(pc, dirOf((2 * Math.PI * k) / n));
  let per = 0;
  for (let k = 0; k < nOut; k++) {
    const k1 = (k + 1) % nOut;
    per += Math.hypot(
      (dense[2 * k1] as number) - (dense[2 * k] as number),
      (dense[2 * k1 + 1] as number) - (dense[2 * k + 1] as number),
    );
  }
  // As an image would show it: x = s, y = t (axial, t = image-down) or y = −t (sagittal, coronal).
  const img = Float64Array.from(dense);
  if (kind !== 'axial') for (let k = 1; k < img.length; k += 2) img[k] = -(img[k] as number);
  return {
    kind,
    profile,
    centroidMm: [cs, ct],
    outline: Float32Array.from(dense),
    perimeterMm: per,
    areaMm2: Math.abs(polygonCentroid2d(dense).area),
    frame: { s: sp, t: tp, origin },
    canonical: canonicalProfile(img, kind, n),
  };
}
