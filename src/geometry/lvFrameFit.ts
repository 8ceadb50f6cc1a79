/**
 * Fits the canonical LV frame (long axis = z, apex low, base plane at `baseZMm`, septum towards −x;
 * docs/anatomy.md) to a labelled LV in world coordinates, e.g. a short-axis label-map stack read from
 * NIfTI. Pure; typed arrays in, a 4×4 world → canonical affine out.
 *
 * Method (every voxel a point at its centre, weighted by its volume |det affine|):
 * 1. long axis direction = principal axis of the LV cavity point cloud when it holds enough voxels
 *    (a surface of revolution around the true axis), else of the LV (myocardium ∪ cavity);
 * 2. its sense, apex → base: the RV lies along the basal part of the LV, so the RV centroid is basal
 *    of the LV's (when there is an RV at least 3 mm off the LV centroid along the axis); otherwise the
 *    LV's taper: its outer radius grows from the closed apex to the open base (a line fitted to each
 *    slab's outer radius along the axis). Both cues are reported, with whether they agree. (The
 *    centroid of the cavity against the myocardium is NOT used: basal slices over the outflow tract
 *    carry a myocardium ring without a cavity label, which moves the myocardium's centroid basally.);
 * 3. the axis passes through the cavity centroid (the LV centroid without one);
 * 4. septum: the RV cavity centroid's direction from the axis, projected ⟂ to it, maps to −x; with no
 *    RV, lateral (+x) is the image's first voxel axis projected ⟂ to the long axis ('default');
 *    `rollRad` then turns the in-plane axes about the long axis (used by a model-based search);
 * 5. base: the top of the myocardium (voxel centre + half the voxel's extent along the axis, so the
 *    mask's boundary half-way to the next slice) per 22.5° sector around the axis, 20th percentile
 *    over the sectors, lands on `baseZMm`; callers clip the myocardium there (as the phantoms are).
 */
import { affineFromParts } from './affine4';
import { principalAxes } from './principalAxes';
import type { Vec3 } from './types';

/** Class codes of {@link fitLvFrame}'s input (the ACDC label values). */
export const LV_CLASS = { none: 0, rv: 1, myocardium: 2, cavity: 3 } as const;

/** Options for {@link fitLvFrame}. */
export interface LvFrameFitOptions {
  /** Canonical z of the base (valve) plane, mm. Default 49 (LV_FRAME). */
  baseZMm?: number;
  /** Extra rotation of the in-plane axes about the long axis, radians (right-handed about +z). */
  rollRad?: number;
}

/** A fitted LV frame. */
export interface LvFrameFit {
  /** World (mm) → canonical (mm), 4×4 row-major. */
  worldToCanonical: Float64Array;
  /** Long axis in world coordinates, unit, apex → base. */
  longAxis: Vec3;
  /** Canonical +x (lateral) in world coordinates, unit. */
  lateral: Vec3;
  /** A world point on the long axis (the cavity or LV centroid), mm. */
  axisPoint: Vec3;
  /** Where the septum direction came from. */
  septumFrom: 'rv' | 'default';
  /** Which cues gave the apex → base sense: the LV's shape alone, or with the RV's. */
  senseFrom: 'shape' | 'shape+rv';
  /** The cues, each positive when it points to the chosen base. */
  sense: {
    /** Outer LV radius at the base minus at the apex (mm), from a line fitted along the axis. */
    taperMm: number;
    /** LV cross-section at the base minus at the apex, relative to its mean. */
    areaRise: number;
    /** RV cross-section at its basal end minus its apical end, relative to its mean (null: no RV). */
    rvRise: number | null;
    /** True when every cue points the same way. */
    agree: boolean;
    /** True when the cues together are too weak to be sure. */
    weak: boolean;
  };
  /** Which point cloud gave the axis direction. */
  axisFrom: 'cavity' | 'lv';
  /** Ratio of the largest to the second principal variance (≈ 1: the axis is ill-defined). */
  elongation: number;
}

const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vec3, b: Vec3): Vec3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
const unit = (a: Vec3): Vec3 => {
  const n = Math.hypot(...a);
  return [a[0] / n, a[1] / n, a[2] / n];
};
const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];

function perp(v: Vec3, axis: Vec3): Vec3 {
  const t = dot(v, axis);
  return [v[0] - t * axis[0], v[1] - t * axis[1], v[2] - t * axis[2]];
}

/** Taper (mm) counted as one unit of evidence for the apex → base sense. */
const TAPER_SCALE_MM = 5;
/** Weight of the RV's cue (wrong on 2 of 79 real ED/ES maps alone, against none for the taper). */
const SENSE_RV_WEIGHT = 0.5;
/** Below this total evidence the sense is reported as uncertain. */
const SENSE_MIN_SCORE = 0.5;

/** Half the extent of one voxel along `axis` (mm): ½ Σ_c |axis · column_c|. */
function voxelExtentAlong(affine: ArrayLike<number>, axis: Vec3): number {
  return (
    0.5 *
    [0, 1, 2].reduce(
      (s, c) => s + Math.abs(dot(axis, [affine[c] ?? 0, affine[4 + c] ?? 0, affine[8 + c] ?? 0])),
      0,
    )
  );
}

/**
 * Slabs along the axis, at least one voxel's extent (and 4 mm) thick, laid out symmetrically about the
 * middle of [tMin, tMax] so that reversing the axis gives the mirrored slabs (the cues then change
 * sign only, whichever sign the principal axis came out with).
 */
function slabs(
  tMin: number,
  tMax: number,
  halfVoxel: number,
): { bins: number; binOf: (t: number) => number } {
  const slab = Math.max(2 * halfVoxel, 4);
  const bins = Math.max(1, Math.ceil((tMax - tMin) / slab - 1e-9));
  const start = 0.5 * (tMin + tMax) - 0.5 * bins * slab;
  return { bins, binOf: (t) => Math.min(bins - 1, Math.max(0, Math.floor((t - start) / slab))) };
}

/**
 * Taper of the LV along `axis` (mm): points binned into slabs along the axis (at least one voxel's
 * extent thick), each slab's outer radius (90th percentile of the distance from the axis), and a
 * straight line fitted to outer radius against axial position weighted by the slab's points; returns
 * the line's rise over the LV's axial length. Positive: the LV widens towards +axis (the base).
 */
function taperCue(points: Float64Array, n: number, axis: Vec3, centre: Vec3, halfVoxel: number): number {
  const t = new Float64Array(n);
  const r = new Float64Array(n);
  let tMin = Infinity;
  let tMax = -Infinity;
  for (let q = 0; q < n; q++) {
    const d: Vec3 = [
      points[3 * q]! - centre[0],
      points[3 * q + 1]! - centre[1],
      points[3 * q + 2]! - centre[2],
    ];
    const tq = dot(d, axis);
    t[q] = tq;
    r[q] = Math.hypot(...perp(d, axis));
    if (tq < tMin) tMin = tq;
    if (tq > tMax) tMax = tq;
  }
  const { bins, binOf } = slabs(tMin, tMax, halfVoxel);
  const members: number[][] = Array.from({ length: bins }, () => []);
  for (let q = 0; q < n; q++) members[binOf(t[q]!)]!.push(q);
  let sw = 0;
  let st = 0;
  let sr = 0;
  const rows: [number, number, number][] = [];
  for (const m of members) {
    if (m.length < 3) continue;
    const radii = m.map((q) => r[q]!).sort((x, y) => x - y);
    const outer = radii[Math.floor(0.9 * (radii.length - 1))]!;
    const tc = m.reduce((s, q) => s + t[q]!, 0) / m.length;
    rows.push([tc, outer, m.length]);
    sw += m.length;
    st += m.length * tc;
    sr += m.length * outer;
  }
  if (rows.length < 2 || sw === 0) return 0;
  const mt = st / sw;
  const mr = sr / sw;
  let ctr = 0;
  let ctt = 0;
  for (const [tc, outer, w] of rows) {
    ctr += w * (tc - mt) * (outer - mr);
    ctt += w * (tc - mt) ** 2;
  }
  return ctt > 0 ? (ctr / ctt) * (tMax - tMin) : 0;
}

/**
 * Where a structure's bulk lies along `axis`: its cross-section per slab (voxel count) fitted by a
 * straight line against axial position; returns the line's rise over the structure's axial length
 * relative to its mean cross-section (dimensionless). Positive: it grows towards +axis. (For the RV,
 * unlike the offset of its centroid from the LV's, this does not move when a tilted axis projects the
 * RV's sideways offset onto the axis.)
 */
function profileCue(points: Float64Array, n: number, axis: Vec3, halfVoxel: number): number {
  if (n < 10) return 0;
  const t = new Float64Array(n);
  let tMin = Infinity;
  let tMax = -Infinity;
  for (let q = 0; q < n; q++) {
    const tq = points[3 * q]! * axis[0] + points[3 * q + 1]! * axis[1] + points[3 * q + 2]! * axis[2];
    t[q] = tq;
    if (tq < tMin) tMin = tq;
    if (tq > tMax) tMax = tq;
  }
  const { bins, binOf } = slabs(tMin, tMax, halfVoxel);
  const count = new Float64Array(bins);
  for (let q = 0; q < n; q++) count[binOf(t[q]!)]!++;
  if (bins < 2) return 0;
  const mt = (bins - 1) / 2;
  const mc = n / bins;
  let ctc = 0;
  let ctt = 0;
  for (let b = 0; b < bins; b++) {
    ctc += (b - mt) * (count[b]! - mc);
    ctt += (b - mt) ** 2;
  }
  return ((ctc / ctt) * (bins - 1)) / mc;
}

/**
 * Fits the canonical LV frame to `classes` (one code per voxel, {@link LV_CLASS}) on a grid of
 * `dims` voxels with voxel → world affine `affine`.
 *
 * @throws RangeError when there is no myocardium.
 */
export function fitLvFrame(
  classes: Uint8Array,
  dims: Vec3,
  affine: ArrayLike<number>,
  opts: LvFrameFitOptions = {},
): LvFrameFit {
  const [nx, ny] = dims;
  const counts = [0, 0, 0, 0];
  for (const c of classes) counts[c] = (counts[c] ?? 0) + 1;
  const nMyo = counts[LV_CLASS.myocardium] ?? 0;
  const nCav = counts[LV_CLASS.cavity] ?? 0;
  const nRv = counts[LV_CLASS.rv] ?? 0;
  if (nMyo === 0) throw new RangeError('fitLvFrame: no myocardium voxels');
  const myo = new Float64Array(3 * nMyo);
  const cav = new Float64Array(3 * nCav);
  const lv = new Float64Array(3 * (nMyo + nCav));
  let rvSum: Vec3 = [0, 0, 0];
  const rvPts = new Float64Array(3 * nRv);
  let ir = 0;
  let im = 0;
  let ic = 0;
  let il = 0;
  const a = Array.from({ length: 12 }, (_, i) => Number(affine[i] ?? 0));
  const [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11] = a as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const put = (dst: Float64Array, at: number, i: number, j: number, k: number): void => {
    dst[at] = a0 * i + a1 * j + a2 * k + a3;
    dst[at + 1] = a4 * i + a5 * j + a6 * k + a7;
    dst[at + 2] = a8 * i + a9 * j + a10 * k + a11;
  };
  for (let v = 0; v < classes.length; v++) {
    const c = classes[v];
    if (c === LV_CLASS.none) continue;
    const i = v % nx;
    const j = Math.floor(v / nx) % ny;
    const k = Math.floor(v / (nx * ny));
    if (c === LV_CLASS.rv) {
      put(rvPts, 3 * ir, i, j, k);
      rvSum = [rvSum[0] + rvPts[3 * ir]!, rvSum[1] + rvPts[3 * ir + 1]!, rvSum[2] + rvPts[3 * ir + 2]!];
      ir++;
      continue;
    }
    put(lv, 3 * il++, i, j, k);
    if (c === LV_CLASS.myocardium) put(myo, 3 * im++, i, j, k);
    else put(cav, 3 * ic++, i, j, k);
  }
  // Voxels of one image share one volume, so uniform weights are volume weights.
  const pcaLv = principalAxes(lv);
  // A cavity of a few voxels (e.g. an ES apex) gives no reliable axis; 20 % of the muscle does.
  const useCavity = nCav >= Math.max(50, 0.2 * nMyo);
  const pcaCav = nCav > 0 ? principalAxes(cav) : undefined;
  const axisPca = useCavity && pcaCav ? pcaCav : pcaLv;
  let axis = unit(axisPca.axes[0]);
  const elongation = axisPca.variances[0] / Math.max(axisPca.variances[1], 1e-12);
  const axisPoint: Vec3 = pcaCav && nCav >= 10 ? pcaCav.centroid : pcaLv.centroid;

  // Apex → base, from three anatomical cues that hold for segmentations as clinicians make them
  // (basal slices over the outflow tract with a myocardium ring and no cavity label, basal slices with
  // only an endocardial contour, 5–10 mm slices, no RV label): the LV tapers from its open base to a
  // closed apex, so (1) the outer radius and (2) the cross-section shrink towards the apex; (3) the RV's
  // cross-section also shrinks towards the apex (it ends short of the LV apex). Each cue is a straight
  // line fitted along the axis; their weighted sum decides, and the report says whether they agree.
  const halfVoxel = voxelExtentAlong(affine, axis);
  const taperMm = taperCue(lv, nMyo + nCav, axis, pcaLv.centroid, halfVoxel);
  const areaRise = profileCue(lv, nMyo + nCav, axis, halfVoxel);
  const rvRise = nRv >= 0.05 * nMyo ? profileCue(rvPts, nRv, axis, halfVoxel) : null;
  const score = taperMm / TAPER_SCALE_MM + areaRise + SENSE_RV_WEIGHT * (rvRise ?? 0);
  const sense = score;
  const signs = [taperMm, areaRise, ...(rvRise === null ? [] : [rvRise])].map(Math.sign);
  const senseInfo: LvFrameFit['sense'] = {
    taperMm: taperMm * Math.sign(score || 1),
    areaRise: areaRise * Math.sign(score || 1),
    rvRise: rvRise === null ? null : rvRise * Math.sign(score || 1),
    agree: signs.every((x) => x === Math.sign(score)),
    weak: Math.abs(score) < SENSE_MIN_SCORE,
  };
  const senseFrom: LvFrameFit['senseFrom'] = rvRise === null ? 'shape' : 'shape+rv';
  if (sense < 0) axis = [-axis[0], -axis[1], -axis[2]];

  let septumFrom: LvFrameFit['septumFrom'] = 'default';
  let lateral: Vec3 | undefined;
  if (nRv > 0) {
    const rvCentroid: Vec3 = [rvSum[0] / nRv, rvSum[1] / nRv, rvSum[2] / nRv];
    const s = perp(sub(rvCentroid, axisPoint), axis);
    if (Math.hypot(...s) > 1e-6) {
      lateral = unit([-s[0], -s[1], -s[2]]);
      septumFrom = 'rv';
    }
  }
  if (!lateral) {
    // The image axis most perpendicular to the long axis, projected into the short-axis plane.
    const cols: Vec3[] = [0, 1, 2].map((c) =>
      unit([affine[c] ?? 0, affine[4 + c] ?? 0, affine[8 + c] ?? 0]),
    ) as Vec3[];
    const best = cols.reduce((a, b) => (Math.abs(dot(a, axis)) <= Math.abs(dot(b, axis)) ? a : b));
    lateral = unit(perp(best, axis));
  }
  // Base: per 22.5° sector around the axis, the top of the myocardium (voxel centre + half its
  // extent along the axis, ½ Σ_c |axis · column_c|); the 20th percentile over the sectors, so the
  // wall is closed below the base plane all round when the slices are tilted, and a gap of up to
  // three sectors (the outflow tract in a basal slice) does not lower it. Sectors are measured
  // before the roll, so the base does not depend on it.
  const halfExtent =
    0.5 *
    [0, 1, 2].reduce(
      (s, c) => s + Math.abs(dot(axis, [affine[c] ?? 0, affine[4 + c] ?? 0, affine[8 + c] ?? 0])),
      0,
    );
  const side0 = cross(axis, lateral);
  const lateral0 = lateral;
  const SECTORS = 16;
  const top = new Float64Array(SECTORS).fill(-Infinity);
  for (let q = 0; q < nMyo; q++) {
    const d = sub([myo[3 * q]!, myo[3 * q + 1]!, myo[3 * q + 2]!], axisPoint);
    const t = dot(d, axis) + halfExtent;
    const angle = Math.atan2(dot(d, side0), dot(d, lateral0));
    const sector = Math.min(SECTORS - 1, Math.floor((angle / (2 * Math.PI) + 0.5) * SECTORS));
    if (t > top[sector]!) top[sector] = t;
  }
  const tops = Array.from(top)
    .filter(Number.isFinite)
    .sort((x, y) => x - y);
  const base = tops[Math.floor(0.2 * (tops.length - 1))] ?? 0;

  const roll = opts.rollRad ?? 0;
  if (roll !== 0) {
    lateral = unit([
      Math.cos(roll) * lateral[0] + Math.sin(roll) * side0[0],
      Math.cos(roll) * lateral[1] + Math.sin(roll) * side0[1],
      Math.cos(roll) * lateral[2] + Math.sin(roll) * side0[2],
    ]);
  }
  const anterior = cross(axis, lateral);
  const baseZ = opts.baseZMm ?? 49;
  const r = [...lateral, ...anterior, ...axis];
  const rc: Vec3 = [dot(lateral, axisPoint), dot(anterior, axisPoint), dot(axis, axisPoint)];
  const worldToCanonical = affineFromParts(r, [-rc[0], -rc[1], -rc[2] + baseZ - base]);
  return {
    worldToCanonical,
    longAxis: axis,
    lateral,
    axisPoint,
    septumFrom,
    senseFrom,
    sense: senseInfo,
    axisFrom: useCavity ? 'cavity' : 'lv',
    elongation,
  };
}
