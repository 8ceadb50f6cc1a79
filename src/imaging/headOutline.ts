/**
 * Head detection in a 2-D fetal ultrasound plane: the outer outline of the skull as a radial profile
 * in the plane kind's canonical frame (mm), with the fitted ellipse, HC, OFD and BPD.
 *
 * Pipeline (classical, no learned weights; details in each step's file and docs/imaging.md):
 * 1. Work maps (`ridgeMap.ts`): the image box-downsampled so the longer side is 320–640 px, the field
 *    of view, and a two-sided bright-band ("ridge") strength at 3 scales.
 * 2. The skull ring (`ringSearch.ts`): candidate centres, closed paths by polar dynamic programming,
 *    re-centring, and a last pass guided by a RANSAC ellipse. Too little strong ridge all round, or
 *    too little contrast against the image's background ridges → "no head found". The ring's size
 *    and the pixel size must imply a plausible OFD.
 * 3. Edges (`edgeScan.ts`, `rayEdges.ts`): outer and inner edges of the bright band along 180 rays
 *    on the full-resolution image; weak rays (shadow, suture, lateral drop-out) left out.
 * 4. Outline (`outlineFit.ts`): ellipse + penalised Fourier residual fitted to the outer edges,
 *    outliers removed, gaps filled by the fit; checks for a head cut off by the border.
 * 5. Canonical frame and profile (`canonicalFrame.ts`), ellipse, HC (Ramanujan), OFD (outline chord
 *    along the major axis), BPD outer–inner across the minor axis (inner outline fitted the same way),
 *    or outer–outer minus the median band thickness when too few inner edges are seen.
 */
import { ellipsePerimeter, fitEllipse } from '../geometry/ellipseFit';
import { UserInputError } from '../io/errors';
import { type BoundaryRefiner, refineEllipse } from './boundaryRefiner';
import { assertNotUniform } from './decodeImage';
import { type PlaneKind, canonicalProfile, rayPolygon } from './canonicalFrame';
import { scanEdges } from './edgeScan';
import { absurdScale, noHead } from './headErrors';
import {
  HC18_AXIAL_CALIBRATION,
  type OutlineCalibration,
  applyAxisScaling,
  calibrateEllipse,
  calibrateOutline,
} from './outlineCalibration';
import { ellipseRadius, fitOutline } from './outlineFit';
import { type OutlineUncertainty, jackknifePerimeter, outlineUncertainty } from './outlineUncertainty';
import { ellipseMap } from './polarProfiles';
import { pathCentroid } from './ringPath';
import { trimmedEllipse } from './robustEllipse';
import { findSkullRing } from './ringSearch';
import { workMaps } from './ridgeMap';
import type { GrayImage } from './types';

/** Least trimming tolerance of the robust ellipse through the edges, mm (1 mm also trimmed the occiput). */
const TRIM_MM = 2;

export type { PlaneKind } from './canonicalFrame';

/** Tuning of {@link detectHeadOutline}; defaults set on the HC18 tuning part (edge levels) and simulated planes. */
export interface HeadOutlineOptions {
  /** Profile length. Default 64. */
  profilePoints?: number;
  /** Rays for the edge search. Default 180. */
  rays?: number;
  /**
   * Edge level between the outside background (0) and the band's peak (1) on the side of the skull
   * facing the probe (top of the image), facing away, and along the beam (lateral walls), blended by
   * the ray's direction. Default [0.6, 0.6, 0.6] (set on real HC18 heads; see docs/imaging.md).
   */
  edgeLevels?: [number, number, number];
  /** Accepted outer–outer OFD range, mm. Default [12, 180] (about 9 weeks to beyond term). */
  ofdRangeMm?: [number, number];
  /**
   * Axial outline calibration (`outlineCalibration.ts`); null = none. Default: HC18_AXIAL_CALIBRATION
   * with the default edge levels it was learned with, none when `edgeLevels` are given.
   */
  calibration?: OutlineCalibration | null;
  /**
   * Calibration of the boundary refiner's ellipse (axial planes with a refiner), e.g.
   * HC18_REFINED_CALIBRATION; null or absent = none (the default: see that constant for why).
   */
  refinedCalibration?: OutlineCalibration | null;
  /**
   * Learned boundary refiner of axial outlines (`boundaryRefiner.ts`, loaded by the caller); null or
   * absent = the classical outline.
   */
  refiner?: BoundaryRefiner | null;
  /** Why the caller has no refiner (weights missing or invalid): reported as a warning. */
  refinerUnavailable?: string;
}

/** What the boundary refiner did to an axial outline. */
export interface OutlineRefinement {
  /** The refiner's id (its weights file). */
  id: string;
  /** HC of the refiner's own ellipse (before the calibration) − classical HC, mm. */
  hcShiftMm: number;
  /** Mean spread of the kept rays' crossing distributions, relative to the radius. */
  meanSdRel: number;
  /** RMS of the kept crossings about the refined ellipse, relative to the radius. */
  rmsRel: number;
  /** Share of rays the trimmed fit kept. */
  inlierShare: number;
  /**
   * Mean radial distance between the classical ellipse and the refiner's own (before the
   * calibration), relative to the radius.
   */
  startMoveRel: number;
}

/** The detected head. Pixel coordinates: x right, y down, pixel centres at integers. */
export interface HeadOutline {
  kind: PlaneKind;
  /** Pixel size the detection was made with, mm. */
  pixelMm: number;
  /** r_k (mm) from the outline's area centroid along θ_k = 2πk/n from +s towards +t. */
  profileMm: Float32Array;
  /** Area centroid of the outline, image pixels. */
  centroidPx: [number, number];
  /** Closed outer outline, (x, y) pairs in image pixels (256 points; for drawing). */
  contourPx: Float32Array;
  /** The measured outer edge points the outline was fitted to, (x, y) pairs in image pixels. */
  edgePx: Float32Array;
  /** Ellipse fitted to the outer outline; angle of the major axis from image +x towards +y. */
  ellipse: { cxPx: number; cyPx: number; semiMajorMm: number; semiMinorMm: number; angleRad: number };
  /** Perimeter of the ellipse (Ramanujan), mm. */
  hcMm: number;
  /** Outer–outer length of the outline along the ellipse's major axis, mm. */
  ofdMm: number;
  /** Biparietal diameter across the minor axis, mm (see `bpdMethod`). */
  bpdMm: number;
  bpdMethod: 'outer-inner' | 'outer-outer-minus-thickness';
  /** Median thickness of the bright bone band (outer − inner edge), mm. */
  boneThicknessMm: number;
  /** Angle of canonical +s in the image, from image +x towards image +y, radians. */
  rotationRad: number;
  /** True when the image had to be mirrored (t on the other side of the kind's default). */
  tFlipped: boolean;
  /** Unit vectors of canonical +s and +t in image pixel coordinates. */
  sAxisPx: [number, number];
  tAxisPx: [number, number];
  /** Fraction of the rays on which the bone edge was seen (the rest is filled by the fit). */
  coverage: number;
  /** 0..1: coverage × fit quality × ring contrast × share of the outline inside the image. */
  confidence: number;
  /** The ring search: share of the path on strong ridges, and its ridge strength over the background's. */
  ring: { support: number; contrast: number };
  /** The detector's own uncertainty of the outline (HC SD, its sources, a doubtful flag). */
  uncertainty: OutlineUncertainty;
  /** The learned refinement of the outline (null: classical outline only). */
  refinement: OutlineRefinement | null;
  warnings: string[];
}

const fmt = (v: number, d = 1): string => v.toFixed(d);

/**
 * Finds the fetal head in `img` (a B-mode plane of the given kind, pixel size `pixelMm` in mm) and
 * returns its outer outline. Throws `UserInputError` for a blank image, an absurd pixel size (≤ 0,
 * not finite, > 2 mm, or a head outside the OFD range), no head, or a head mostly cut off.
 */
export function detectHeadOutline(
  img: GrayImage,
  pixelMm: number,
  kind: PlaneKind,
  opts: HeadOutlineOptions = {},
): HeadOutline {
  if ((pixelMm as unknown) === undefined || (pixelMm as unknown) === null) {
    throw new UserInputError(
      'missing pixel size: give the size of one image pixel in mm (ultrasound images are typically 0.05–0.4 mm per pixel)',
    );
  }
  if (!(typeof pixelMm === 'number' && Number.isFinite(pixelMm) && pixelMm >= 0.01 && pixelMm <= 2)) {
    throw new UserInputError(
      `absurd pixel size ${String(pixelMm)} mm: no ultrasound scanner uses it; expected 0.01–2 mm (ultrasound images are typically 0.05–0.4 mm per pixel)`,
    );
  }
  if (!['axial', 'sagittal', 'coronal'].includes(kind))
    throw new UserInputError(`unknown plane kind '${String(kind)}'; expected axial, sagittal or coronal`);
  if (img.width < 32 || img.height < 32 || img.data.length !== img.width * img.height) {
    throw new UserInputError(
      `image too small or inconsistent: ${img.width} × ${img.height} with ${img.data.length} values; expected at least 32 × 32`,
    );
  }
  assertNotUniform(img);
  const [ofdMin, ofdMax] = opts.ofdRangeMm ?? [12, 180];
  const nProfile = opts.profilePoints ?? 64;
  const nRays = opts.rays ?? 180;
  if (!Number.isInteger(nProfile) || nProfile < 8 || !Number.isInteger(nRays) || nRays < 32 || nRays > 1440)
    throw new RangeError(
      `expected profilePoints ≥ 8 and 32 ≤ rays ≤ 1440 (integers); got ${nProfile} and ${nRays}`,
    );
  if (!(ofdMin > 0 && ofdMax > ofdMin))
    throw new RangeError(`expected 0 < ofdRangeMm[0] < ofdRangeMm[1]; got ${ofdMin}, ${ofdMax}`);
  const warnings: string[] = [];

  // 1–2. Work maps and the ring.
  const maps = workMaps(img);
  const { width: w, height: h, factor: f } = maps;
  const ring = findSkullRing(maps, { axial: kind === 'axial' });
  if (!ring) throw noHead('no bright structures');
  const { path: best, support, contrast: contrastRatio } = ring;
  // A head is refused only when nothing ring-like is there: no elliptical candidate, a ring with less
  // than 3× the background ridge contrast (noise 2.4×, a photo-like picture 2.8×; HC18 heads ≥ 3.3×),
  // or a negligible score (bright band × size × head-shape prior). Weak real heads get a result
  // with a doubtful flag instead.
  const topScore = ring.candidates[0]?.score ?? 0;
  if (!ring.candidates.length || contrastRatio < 3 || topScore < 0.04) {
    throw noHead(
      `the strongest closed bright ring is seen on ${fmt(100 * support, 0)} % of its length with ${fmt(contrastRatio)}× the background ridge contrast`,
    );
  }
  // Pixel size sanity from the coarse ring before any mm-based step.
  const K = best.radii.length;
  let coarseDiam = 0;
  for (let k = 0; k < K / 2; k++)
    coarseDiam = Math.max(coarseDiam, (best.radii[k] as number) + (best.radii[k + K / 2] as number));
  const coarseOfd = coarseDiam * f * pixelMm;
  if (coarseOfd < 0.6 * ofdMin || coarseOfd > 1.4 * ofdMax)
    throw absurdScale(coarseOfd, coarseDiam * f, pixelMm, ofdMin, ofdMax);

  // 3. Edges on the full-resolution image.
  const M = nRays;
  const scan = scanEdges(img, best, f, pixelMm, M, pathCentroid(best), opts.edgeLevels);
  const { theta, outer, inner, wOut, wIn } = scan;
  let { cx, cy } = scan;
  const mmPx = (mm: number): number => mm / pixelMm;

  // 4. Outline: edges off the robust ellipse most of them follow are left out (a stretch of scalp
  // or uterine wall beside a faint lateral wall), then ellipse + Fourier outline through the rest.
  const ex = new Float64Array(M);
  const ey = new Float64Array(M);
  for (let m = 0; m < M; m++) {
    ex[m] = cx + (outer[m] as number) * Math.cos(theta[m] as number);
    ey[m] = cy + (outer[m] as number) * Math.sin(theta[m] as number);
  }
  // Axial sections are near ellipses; sagittal and coronal ones are not (vault higher than base).
  const robust =
    kind === 'axial' ? trimmedEllipse(ex, ey, wOut, { minTolPx: Math.max(2, mmPx(TRIM_MM)) }) : null;
  const rejectedShare = robust ? 1 - robust.inlierShare : 0;
  if (robust) {
    for (let m = 0; m < M; m++) {
      if (robust.inlier[m] || !wOut[m]) continue;
      wOut[m] = 0;
      wIn[m] = 0;
    }
  }
  let fit = fitOutline(cx, cy, theta, outer, wOut, { minTolPx: Math.max(2, mmPx(0.8)) });
  let fallback = false;
  const ringE = ring.candidates[0]?.ellipse;
  const validOutline = (ft: typeof fit): boolean => {
    if (!ft) return false;
    for (let q = 0; q < 64; q++) {
      const r = ft.radiusAt((2 * Math.PI * q) / 64);
      if (!(Number.isFinite(r) && r > 0)) return false;
    }
    return true;
  };
  if (!validOutline(fit) && ringE) {
    // Too few measured edges, or an outline that does not enclose the ring's centre: the outline is
    // the ring's own ellipse (full-resolution pixels), flagged.
    const eFull = {
      ...ringE,
      cx: ringE.cx * f + (f - 1) / 2,
      cy: ringE.cy * f + (f - 1) / 2,
      a: ringE.a * f,
      b: ringE.b * f,
    };
    cx = eFull.cx;
    cy = eFull.cy;
    for (let m = 0; m < M; m++) {
      outer[m] = ellipseRadius(eFull, cx, cy, theta[m] as number);
      wOut[m] = Number.isFinite(outer[m] as number) ? 1 : 0;
      wIn[m] = 0;
    }
    fit = fitOutline(cx, cy, theta, outer, wOut, { minTolPx: Math.max(2, mmPx(0.8)) });
    fallback = true;
    warnings.push("too few skull edges were measured: the outline is the bright ring's ellipse");
  }
  if (!validOutline(fit)) fit = null;
  if (!fit) throw noHead('too few skull edges to fit an outline');
  let used = 0;
  for (let m = 0; m < M; m++) used += fit.inlier[m] as number;
  const coverage = fallback ? 0 : used / M;
  const edgePx = new Float32Array(2 * used);
  for (let m = 0, q = 0; m < M; m++) {
    if (!fit.inlier[m]) continue;
    edgePx[q++] = cx + (outer[m] as number) * Math.cos(theta[m] as number);
    edgePx[q++] = cy + (outer[m] as number) * Math.sin(theta[m] as number);
  }
  const NC = 256;
  const contour = new Float32Array(2 * NC);
  const outlineMm = new Float64Array(2 * NC);
  let outside = 0;
  let outsideFov = 0;
  for (let q = 0; q < NC; q++) {
    const th = (2 * Math.PI * q) / NC;
    const r = fit.radiusAt(th);
    const x = cx + r * Math.cos(th);
    const y = cy + r * Math.sin(th);
    contour[2 * q] = x;
    contour[2 * q + 1] = y;
    outlineMm[2 * q] = x * pixelMm;
    outlineMm[2 * q + 1] = y * pixelMm;
    if (x < 0 || y < 0 || x > img.width - 1 || y > img.height - 1) outside++;
    else {
      const i = Math.min(w - 1, Math.floor(x / f));
      const j = Math.min(h - 1, Math.floor(y / f));
      if (!maps.valid[j * w + i]) outsideFov++;
    }
  }
  const outFrac = outside / NC;
  if (outFrac > 0.3) {
    throw new UserInputError(
      `the head is cut off by the image border: ${fmt(100 * outFrac, 0)} % of its outline lies outside the image; expected the whole head in view`,
    );
  }
  if (outFrac > 0.02)
    warnings.push(
      `the head touches the image border: ${fmt(100 * outFrac, 0)} % of the outline is outside and was extrapolated`,
    );
  if (outsideFov / NC > 0.05)
    warnings.push(
      `${fmt((100 * outsideFov) / NC, 0)} % of the outline lies outside the scanned sector and was extrapolated`,
    );
  if (coverage < 0.6)
    warnings.push(
      `the skull edge was seen on only ${fmt(100 * coverage, 0)} % of the outline; the rest is interpolated`,
    );

  // Calibration of the axial outline on real images (axis ratio shrinkage, size; learned on HC18 tuning).
  const cal =
    kind !== 'axial'
      ? null
      : opts.calibration !== undefined
        ? opts.calibration
        : opts.edgeLevels
          ? null
          : HC18_AXIAL_CALIBRATION;
  const scaling = cal ? calibrateOutline(outlineMm, contour, pixelMm, cal) : null;

  // Learned boundary refiner (axial): the outline mapped affinely from its ellipse onto the ellipse
  // the refiner finds (calibrated only when `refinedCalibration` is given), so the outline keeps its
  // shape detail and its ellipse is the refined one.
  let refinement: OutlineRefinement | null = null;
  let refineMap: ReturnType<typeof ellipseMap> | null = null;
  if (kind === 'axial' && opts.refiner) {
    const e0 = fitEllipse(Float64Array.from(contour));
    const r = e0 ? refineEllipse(opts.refiner, img, e0, pixelMm) : null;
    if (e0 && r) {
      const rcal = opts.refinedCalibration;
      refineMap = ellipseMap(e0, rcal ? calibrateEllipse(r.ellipse, rcal) : r.ellipse);
      refineMap(contour);
      for (let q = 0; q < 2 * NC; q++) outlineMm[q] = (contour[q] as number) * pixelMm;
      refinement = {
        id: opts.refiner.id,
        hcShiftMm: (ellipsePerimeter(r.ellipse.a, r.ellipse.b) - ellipsePerimeter(e0.a, e0.b)) * pixelMm,
        meanSdRel: r.meanSdRel,
        rmsRel: r.rmsRel,
        inlierShare: r.inlierShare,
        startMoveRel: r.startMoveRel,
      };
    } else warnings.push('the boundary refiner found no outline here: the classical outline is shown');
  } else if (kind === 'axial' && opts.refinerUnavailable) {
    warnings.push(`classical outline only: ${opts.refinerUnavailable}`);
  }

  // 5. Canonical frame, ellipse, biometry.
  const can = canonicalProfile(outlineMm, kind, nProfile);
  const e = can.ellipse;
  const hcMm = ellipsePerimeter(e.a, e.b);
  const ux = Math.cos(e.angleRad);
  const uy = Math.sin(e.angleRad);
  const ofdMm = rayPolygon(outlineMm, e.cx, e.cy, ux, uy) + rayPolygon(outlineMm, e.cx, e.cy, -ux, -uy);
  if (!(ofdMm >= ofdMin && ofdMm <= ofdMax))
    throw absurdScale(ofdMm, ofdMm / pixelMm, pixelMm, ofdMin, ofdMax);
  const thick: number[] = [];
  for (let m = 0; m < M; m++) {
    if (fit.inlier[m] && wIn[m] && (outer[m] as number) > (inner[m] as number))
      thick.push(((outer[m] as number) - (inner[m] as number)) * pixelMm);
  }
  thick.sort((a, b) => a - b);
  const boneThicknessMm = thick.length ? (thick[Math.floor(thick.length / 2)] as number) : NaN;
  // BPD across the minor axis (through the ellipse centre, in pixels).
  const vx = -uy;
  const vy = ux;
  const ecx = e.cx / pixelMm;
  const ecy = e.cy / pixelMm;
  const innerFit = fitOutline(cx, cy, theta, inner, wIn, { minTolPx: Math.max(2, mmPx(0.8)) });
  let bpdMm: number;
  let bpdMethod: HeadOutline['bpdMethod'];
  const outerAlong = (sx: number, sy: number): number => rayPolygon(contour, ecx, ecy, sx, sy);
  if (innerFit && wIn.reduce((a: number, b: number) => a + b, 0) >= 0.5 * M) {
    const innerXY = new Float64Array(2 * NC);
    for (let q = 0; q < NC; q++) {
      const th = (2 * Math.PI * q) / NC;
      const r = innerFit.radiusAt(th);
      innerXY[2 * q] = cx + r * Math.cos(th);
      innerXY[2 * q + 1] = cy + r * Math.sin(th);
    }
    if (scaling) applyAxisScaling(innerXY, scaling, 1 / pixelMm);
    refineMap?.(innerXY);
    const innerAlong = (sx: number, sy: number): number => rayPolygon(innerXY, ecx, ecy, sx, sy);
    const d1 = outerAlong(vx, vy) + innerAlong(-vx, -vy);
    const d2 = outerAlong(-vx, -vy) + innerAlong(vx, vy);
    bpdMm = 0.5 * (d1 + d2) * pixelMm;
    bpdMethod = 'outer-inner';
  } else {
    bpdMm =
      (outerAlong(vx, vy) + outerAlong(-vx, -vy)) * pixelMm -
      (Number.isFinite(boneThicknessMm) ? boneThicknessMm : 0);
    bpdMethod = 'outer-outer-minus-thickness';
    warnings.push('too few inner bone edges: BPD is outer–outer minus the measured bone thickness');
  }

  // The detector's own uncertainty (outlineUncertainty.ts).
  let altRingRel = 0;
  const cands = ring.candidates;
  const top = cands[0];
  if (top?.ellipse) {
    const pTop = ellipsePerimeter(top.ellipse.a, top.ellipse.b);
    for (const c of cands.slice(1)) {
      if (!c.ellipse || c.score < 0.85 * top.score) continue;
      const d = Math.hypot(c.ellipse.cx - top.ellipse.cx, c.ellipse.cy - top.ellipse.cy);
      const rel = Math.abs(ellipsePerimeter(c.ellipse.a, c.ellipse.b) - pTop) / pTop;
      // The same ring found again from another centre is no alternative.
      if (rel > 0.05 || d > 0.1 * top.ellipse.b)
        altRingRel = Math.max(altRingRel, rel, d / (2 * top.ellipse.a));
    }
  }
  const uncertainty = outlineUncertainty({
    hcMm,
    coverage,
    fitRmsMm: fit.rmsPx * pixelMm,
    rejectedShare,
    // Outline from the ring alone: as doubtful as an arc-dependent fit that moves by 5 %.
    jackknifeRel: fallback ? 0.05 : jackknifePerimeter(cx, cy, ex, ey, fit.inlier),
    altRingRel,
    refiner: refinement && {
      sdRel: refinement.meanSdRel,
      startMoveRel: refinement.startMoveRel,
      hcShiftRel: Math.abs(refinement.hcShiftMm) / hcMm,
    },
  });
  if (uncertainty.doubtful)
    warnings.push(`doubtful outline (HC ± ${fmt(uncertainty.hcSdMm)} mm): ${uncertainty.reasons.join('; ')}`);

  const rMean = (0.5 * (e.a + e.b)) / pixelMm;
  const fitQuality = Math.exp(-fit.rmsPx / Math.max(1, 0.02 * rMean));
  const confidence =
    Math.min(1, coverage / 0.8) * fitQuality * Math.min(1, contrastRatio / 8) * (1 - outFrac);
  return {
    kind,
    pixelMm,
    profileMm: can.profile,
    centroidPx: [can.centroid[0] / pixelMm, can.centroid[1] / pixelMm],
    contourPx: contour,
    edgePx,
    ellipse: { cxPx: ecx, cyPx: ecy, semiMajorMm: e.a, semiMinorMm: e.b, angleRad: e.angleRad },
    hcMm,
    ofdMm,
    bpdMm,
    bpdMethod,
    boneThicknessMm,
    rotationRad: can.rotationRad,
    tFlipped: can.tFlipped,
    sAxisPx: can.sAxis,
    tAxisPx: can.tAxis,
    coverage,
    confidence: Math.max(0, Math.min(1, confidence)),
    ring: { support, contrast: contrastRatio },
    uncertainty,
    refinement,
    warnings,
  };
}
