/**
 * The head detector's own uncertainty: how far the head circumference could plausibly be from what
 * was measured, from what the detection itself shows —
 * - **edge coverage**: the share of rays on which the skull edge was seen (the rest is interpolated);
 * - **fit residual**: RMS distance of the accepted edges from the outline, and the share of edges the
 *   robust ellipse left out (edges on another structure);
 * - **spread of plausible outlines**: (a) a jackknife over 8 angular sectors — the ellipse refitted
 *   with one sector's edges left out each time; an outline that rests on one arc moves when that arc
 *   goes; (b) the other candidate rings whose score came within 15 % of the chosen one and whose size
 *   differs (a second head-like ring: the wrong one may have been taken);
 * - **the boundary refiner's doubt** (refined outlines): the spread of its per-ray crossings, and how
 *   far it moved the classical ellipse (where the two readings of the outline disagree).
 * These combine into an HC standard deviation (mm), calibrated on the tuning part of the HC18
 * development set (docs/imaging.md), and a "doubtful" flag with the reasons in words.
 */
import { type Ellipse2D, ellipsePerimeter, fitEllipse } from '../geometry/ellipseFit';

/** The detector's uncertainty of one outline. */
export interface OutlineUncertainty {
  /** Predicted standard deviation of the HC, mm (1-σ; the HC18 tuning part calibrates it). */
  hcSdMm: number;
  /** The same as a relative radial SD (hcSdMm / hcMm): scales every radius of the head. */
  relSd: number;
  /** Jackknife SD of the ellipse perimeter over 8 angular sectors, as a share of HC. */
  jackknifeRel: number;
  /** Largest relative HC difference to a near-equal candidate ring (0 when none). */
  altRingRel: number;
  /** RMS distance of the accepted edges from the outline, mm. */
  fitRmsMm: number;
  /** Share of the measured edges the robust ellipse left out. */
  rejectedShare: number;
  /** Share of rays with an accepted edge. */
  coverage: number;
  /** True when the outline is doubtful (relSd above {@link DOUBTFUL_REL_SD}); `reasons` say why. */
  doubtful: boolean;
  reasons: string[];
}

/**
 * Relative HC SD above which an outline is flagged doubtful: 2.3 % (≈ 6 mm at 28 weeks). On the HC18
 * tuning part every gross error (> 10 %) had ≥ 3.4 % (refined outlines; ≥ 3.2 % classical); 12.5 %
 * of the refined in-range images are flagged (35 % classical).
 */
export const DOUBTFUL_REL_SD = 0.023;

/**
 * Overall scale of the combined terms of a classical outline, so that on the HC18 tuning part the
 * median |error| / SD is 0.67 (a Gaussian's; measured 0.68, with 69 % of images within 1 SD and 90 %
 * within 2 SD). Refined outlines use {@link REFINER_DOUBT_WEIGHTS}' own scale.
 */
const SD_SCALE = 0.65;

/** Jackknife SD (relative) of the ellipse perimeter over `sectors` angular sectors of the points. */
export function jackknifePerimeter(
  cx: number,
  cy: number,
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  use: ArrayLike<number>,
  sectors = 8,
): number {
  const n = xs.length;
  const sec = new Int8Array(n).fill(-1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (!use[i] || !Number.isFinite(xs[i] as number) || !Number.isFinite(ys[i] as number)) continue;
    const a = Math.atan2((ys[i] as number) - cy, (xs[i] as number) - cx) + Math.PI;
    sec[i] = Math.min(sectors - 1, Math.floor((sectors * a) / (2 * Math.PI)));
    total++;
  }
  const all: number[] = [];
  for (let i = 0; i < n; i++) if ((sec[i] as number) >= 0) all.push(xs[i] as number, ys[i] as number);
  const full = fitEllipse(Float64Array.from(all));
  if (!full || total < 16) return 1;
  const p0 = ellipsePerimeter(full.a, full.b);
  const ps: number[] = [];
  for (let s = 0; s < sectors; s++) {
    const q: number[] = [];
    for (let i = 0; i < n; i++)
      if ((sec[i] as number) >= 0 && sec[i] !== s) q.push(xs[i] as number, ys[i] as number);
    if (q.length === all.length) continue; // empty sector: nothing to leave out
    const e: Ellipse2D | null = q.length >= 10 ? fitEllipse(Float64Array.from(q)) : null;
    // An arc whose removal leaves no ellipse: as uncertain as can be.
    ps.push(e && e.b / e.a > 0.3 ? ellipsePerimeter(e.a, e.b) : 3 * p0);
  }
  if (ps.length < 2) return 0;
  const m = ps.reduce((a, b) => a + b, 0) / ps.length;
  const v = ps.reduce((a, b) => a + (b - m) ** 2, 0) * ((ps.length - 1) / ps.length);
  return Math.min(1, Math.sqrt(v) / p0);
}

/** What the learned boundary refiner (`boundaryRefiner.ts`) says about its own outline. */
export interface RefinerDoubt {
  /** Mean spread of the kept rays' crossing distributions, relative to the radius. */
  sdRel: number;
  /** Mean radial distance between the classical and the refined ellipse, relative to the radius. */
  startMoveRel: number;
  /** |refined HC − classical HC| / HC. */
  hcShiftRel: number;
}

/** Weights of the refiner's terms (see {@link outlineUncertainty}); set on the HC18 tuning part. */
export interface RefinerDoubtWeights {
  /** Per unit of mean ray spread above `sdFloor`. */
  spread: number;
  sdFloor: number;
  /** Per unit of mean radial distance between the classical and the refined ellipse. */
  startMove: number;
  /** Per unit of relative HC difference between the classical and the refined ellipse. */
  hcShift: number;
  /** Overall scale of a refined outline's combined terms (replaces {@link SD_SCALE}). */
  scale: number;
}

/**
 * The shipped weights of a refined outline's terms: 3 × (ray spread − 3 %), 2 × the mean radial
 * distance between the classical and the refined ellipse, 1 × their relative HC difference, and the
 * sum × 0.26. Chosen on the HC18 tuning part: the two disagreement terms by the ratio of the HC error
 * of the most to the least uncertain quarter over the in-range images within 10 % (2.30 without them,
 * 2.80 with them; on the refiner's 120 validation fetuses read by a refiner trained without them,
 * 1.29 → 2.83), every gross error flagged; the scale so that the median |error| / SD is a Gaussian's
 * (0.674; 65 % of images within 1 SD, 89 % within 2 SD). The refiner's second-pass movement and the
 * disagreement with a reading of the mirrored image added nothing there.
 */
export const REFINER_DOUBT_WEIGHTS: Readonly<RefinerDoubtWeights> = {
  spread: 3,
  sdFloor: 0.03,
  startMove: 2,
  hcShift: 1,
  scale: 0.26,
};

/** Inputs of {@link outlineUncertainty}. */
export interface UncertaintyInputs {
  hcMm: number;
  coverage: number;
  fitRmsMm: number;
  rejectedShare: number;
  jackknifeRel: number;
  altRingRel: number;
  /** The boundary refiner's own measures, when the outline was refined. */
  refiner?: RefinerDoubt | null;
}

/**
 * Combines the detection's quality measures into an HC SD. Model (relative SD, added in quadrature,
 * then × {@link SD_SCALE}): a floor of 0.6 % (the spread between experts on good images), the
 * jackknife spread × 1.5, 0.16 × (0.7 − coverage) when the edge was seen on less than 70 % of the
 * outline, the edge residual relative to the radius × 0.5, rejected edges beyond 15 % × 0.03, and a
 * near-equal competing ring's size difference × 0.5. A refined outline adds the refiner's terms
 * ({@link REFINER_DOUBT_WEIGHTS}: its ray spread, and how far it moved the classical ellipse) and is
 * scaled by their own `scale` (its errors are smaller). Weights set on the HC18 tuning part.
 */
export function outlineUncertainty(
  u: UncertaintyInputs,
  rw: Readonly<RefinerDoubtWeights> = REFINER_DOUBT_WEIGHTS,
): OutlineUncertainty {
  const rMm = u.hcMm / (2 * Math.PI);
  const ref = u.refiner;
  const terms = {
    floor: 0.006,
    jackknife: 1.5 * u.jackknifeRel,
    coverage: 0.16 * Math.max(0, 0.7 - u.coverage),
    residual: (0.5 * u.fitRmsMm) / Math.max(1, rMm),
    rejected: 0.03 * Math.max(0, u.rejectedShare - 0.15),
    altRing: 0.5 * u.altRingRel,
    refSpread: ref ? rw.spread * Math.max(0, ref.sdRel - rw.sdFloor) : 0,
    refMove: ref ? rw.startMove * ref.startMoveRel : 0,
    refShift: ref ? rw.hcShift * ref.hcShiftRel : 0,
  };
  const scale = ref ? rw.scale : SD_SCALE;
  const relSd = scale * Math.sqrt(Object.values(terms).reduce((a, b) => a + b * b, 0));
  // A term is named when its share of the SD is as large as the classical rules ask (k: the scales' ratio).
  const k = scale / SD_SCALE;
  const reasons: string[] = [];
  if (relSd > DOUBTFUL_REL_SD) {
    if (k * terms.jackknife >= 0.015)
      reasons.push(
        `the outline rests on part of the skull: leaving out one arc changes the HC by ±${(100 * u.jackknifeRel).toFixed(1)} %`,
      );
    if (u.coverage < 0.5)
      reasons.push(`the skull edge was seen on only ${Math.round(100 * u.coverage)} % of the outline`);
    if (k * terms.altRing >= 0.01)
      reasons.push(
        `another ring nearly as bright differs in size by ${(100 * u.altRingRel).toFixed(0)} %: the wrong ring may have been taken`,
      );
    if (u.rejectedShare > 0.3)
      reasons.push(
        `${Math.round(100 * u.rejectedShare)} % of the edges found did not follow the head's ellipse`,
      );
    if (k * terms.residual >= 0.01)
      reasons.push(`the edges scatter ${u.fitRmsMm.toFixed(1)} mm about the outline`);
    if (ref && k * terms.refSpread >= 0.01)
      reasons.push(
        `the boundary refiner is unsure where the skull's outer edge lies (spread ±${(100 * ref.sdRel).toFixed(1)} % of the radius)`,
      );
    if (ref && k * Math.hypot(terms.refMove, terms.refShift) >= 0.01)
      reasons.push(
        `the boundary refiner moved the classical outline by ${(100 * ref.startMoveRel).toFixed(1)} % of the radius (HC ${(100 * ref.hcShiftRel).toFixed(1)} %): the two disagree`,
      );
    if (!reasons.length) reasons.push('several small doubts add up');
  }
  return {
    hcSdMm: relSd * u.hcMm,
    relSd,
    jackknifeRel: u.jackknifeRel,
    altRingRel: u.altRingRel,
    fitRmsMm: u.fitRmsMm,
    rejectedShare: u.rejectedShare,
    coverage: u.coverage,
    doubtful: relSd > DOUBTFUL_REL_SD,
    reasons,
  };
}
