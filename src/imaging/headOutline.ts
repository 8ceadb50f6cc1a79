/**
 * Head detection in a 2-D fetal ultrasound plane: the outer outline of the skull as a radial profile
 * in the plane kind's canonical frame (mm), with the fitted ellipse, HC, OFD and BPD.
 *
 * Pipeline (classical, no learned weights; sizes in work pixels unless said):
 * 1. Work image: box-downsampled so the longer side is 320–640 px; field of view = all but the black
 *    surround of the sector; ridge strength = two-sided bright-band contrast at 3 scales
 *    (`ridgeMap.ts`), mapped linearly from its 90th percentile (0: speckle and texture) to its 99.5th
 *    (1: the brightest bands) and clipped to [0, 1].
 * 2. Ring search (`ringPath.ts`): candidate centres from rays cast in 24 directions; from each, a
 *    closed path r(θ) through the ridge map by polar dynamic programming (64 angles, two laps),
 *    re-centred on its centroid until it settles; the best-scoring path wins and is traced again at
 *    128 angles, then once more from the centre of the ellipse that most of it follows (RANSAC over
 *    its strong points) within ±18 % of that ellipse's radius, so a detour along another bright
 *    structure (maternal wall over a faint vault, choroid plexus) is pulled back to the skull. No path with enough strong ridge
 *    all round (support and contrast against the image's background ridges) → "no head found".
 * 3. Edges (`rayEdges.ts`): 180 rays from the path's centroid on the full-resolution image; the outer
 *    edge of the bright band where the profile falls to a level α of the way from the outside
 *    background to the band's peak (high, because the log-compressed display makes the band look
 *    wider than the bone): α = 0.8 where the bone faces the probe at the top of the image, 0.9 where
 *    it faces away, 0.97 on the lateral walls along the beam; the inner edge at α = 0.9. Rays whose band is weak (acoustic shadow, suture, lateral drop-out, outside the
 *    sector) are left out.
 * 4. Outline (`outlineFit.ts`): ellipse fit to the outer edges + penalised Fourier residual, outliers
 *    removed; gaps are filled by the fit.
 * 5. Canonical frame and profile (`canonicalFrame.ts`), ellipse, HC (Ramanujan), OFD (outline chord
 *    along the major axis), BPD outer–inner across the minor axis (inner outline fitted the same way),
 *    or outer–outer minus the median band thickness when too few inner edges are seen.
 */
import { ellipsePerimeter } from '../geometry/ellipseFit';
import { UserInputError } from '../io/errors';
import { assertNotUniform } from './decodeImage';
import { type PlaneKind, canonicalProfile, rayPolygon } from './canonicalFrame';
import { ellipseRadius, fitOutline } from './outlineFit';
import { rayEdges } from './rayEdges';
import {
  type RingPath,
  pathCentroid,
  positivePercentile,
  ringCentres,
  ringEllipse,
  ringPath,
} from './ringPath';
import { workMaps } from './ridgeMap';
import type { GrayImage } from './types';

export type { PlaneKind } from './canonicalFrame';

/** Tuning of {@link detectHeadOutline}; the defaults were set on simulated planes. */
export interface HeadOutlineOptions {
  /** Profile length. Default 64. */
  profilePoints?: number;
  /** Rays for the edge search. Default 180. */
  rays?: number;
  /**
   * Edge level between the outside background (0) and the band's peak (1) on the side of the skull
   * facing the probe (top of the image), facing away, and along the beam (lateral walls), blended by
   * the ray's direction. Default [0.8, 0.9, 0.97] (set on simulated planes; see docs/imaging.md).
   */
  edgeLevels?: [number, number, number];
  /** Accepted outer–outer OFD range, mm. Default [40, 160]. */
  ofdRangeMm?: [number, number];
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
  if (!(typeof pixelMm === 'number' && Number.isFinite(pixelMm) && pixelMm > 0 && pixelMm <= 2)) {
    throw new UserInputError(
      `absurd pixel size ${String(pixelMm)} mm: expected a positive number up to 2 mm (ultrasound images are typically 0.05–0.4 mm per pixel)`,
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
  const [ofdMin, ofdMax] = opts.ofdRangeMm ?? [40, 160];
  const nProfile = opts.profilePoints ?? 64;
  const nRays = opts.rays ?? 180;
  if (!Number.isInteger(nProfile) || nProfile < 8 || !Number.isInteger(nRays) || nRays < 32 || nRays > 1440)
    throw new RangeError(
      `expected profilePoints ≥ 8 and 32 ≤ rays ≤ 1440 (integers); got ${nProfile} and ${nRays}`,
    );
  if (!(ofdMin > 0 && ofdMax > ofdMin))
    throw new RangeError(`expected 0 < ofdRangeMm[0] < ofdRangeMm[1]; got ${ofdMin}, ${ofdMax}`);
  const warnings: string[] = [];

  // 1. Work maps.
  const maps = workMaps(img);
  const { width: w, height: h, factor: f } = maps;
  const ref = positivePercentile(maps.ridge, maps.valid, 0.995);
  const floor = positivePercentile(maps.ridge, maps.valid, 0.9);
  const bgRef = positivePercentile(maps.ridge, maps.valid, 0.75);
  const noHead = (why: string): UserInputError =>
    new UserInputError(
      `no fetal head found in the image (${why}); expected a plane through the head showing the bright skull outline`,
    );
  if (!(ref > 0)) throw noHead('no bright structures');
  const sat = new Float32Array(maps.ridge.length);
  const span = Math.max(1e-6, ref - floor);
  for (let p = 0; p < sat.length; p++)
    sat[p] = Math.min(1, Math.max(0, ((maps.ridge[p] as number) - floor) / span));

  // 2. Ring search.
  const maxSide = Math.max(w, h);
  const rMin = Math.max(4, 0.03 * maxSide);
  const rMax = 0.65 * maxSide;
  // Each candidate: a path, re-centred on its own centroid until it settles (rays then meet the ring
  // nearly at right angles); the best-scoring path wins and is traced once more at 128 angles.
  let best: RingPath | null = null;
  for (const c of ringCentres(sat, w, h, 4)) {
    let p = ringPath(sat, w, h, c.x, c.y, { rMin, rMax, angles: 64 });
    for (let it = 0; it < 3; it++) {
      const cen = pathCentroid(p);
      if (!(cen.x >= 0 && cen.y >= 0 && cen.x <= w - 1 && cen.y <= h - 1)) break;
      if (Math.hypot(cen.x - p.cx, cen.y - p.cy) < 1.5) break;
      const p2 = ringPath(sat, w, h, cen.x, cen.y, { rMin, rMax, angles: 64 });
      if (p2.score < p.score) break;
      p = p2;
    }
    if (!best || p.score > best.score) best = p;
  }
  if (best) best = ringPath(sat, w, h, best.cx, best.cy, { rMin, rMax, angles: 128 });
  // Keep the path near the ellipse that most of it follows (RANSAC): a detour along another bright
  // structure (the maternal wall above a faint vault, the choroid plexus) is pulled back to the skull.
  const guide = best ? ringEllipse(best) : null;
  if (best && guide && guide.inlierShare >= 0.4) {
    const e = guide.ellipse;
    const A = 128;
    const lo = new Float32Array(A);
    const hi = new Float32Array(A);
    for (let k = 0; k < A; k++) {
      const r = ellipseRadius(e, e.cx, e.cy, (2 * Math.PI * k) / A);
      lo[k] = 0.82 * r;
      hi[k] = 1.18 * r;
    }
    best = ringPath(sat, w, h, e.cx, e.cy, { rMin, rMax, angles: A, band: { lo, hi } });
  }
  if (!best) throw noHead('no ring-like structure');
  const K = best.radii.length;
  let strong = 0;
  const ringVals: number[] = [];
  for (let k = 0; k < K; k++) {
    const s = best.strength[k] as number;
    if (s >= 0.3) strong++;
    const th = (2 * Math.PI * k) / K;
    const x = Math.round(best.cx + (best.radii[k] as number) * Math.cos(th));
    const y = Math.round(best.cy + (best.radii[k] as number) * Math.sin(th));
    if (x >= 0 && y >= 0 && x < w && y < h) ringVals.push(maps.ridge[y * w + x] as number);
  }
  ringVals.sort((a, b) => a - b);
  const ringRidge = ringVals.length ? (ringVals[Math.floor(0.6 * ringVals.length)] as number) : 0;
  const contrastRatio = bgRef > 0 ? ringRidge / bgRef : 0;
  const support = strong / K;
  // Simulated planes give support ≥ 0.8 and contrast ≥ 7; noise, blobs and photos ≤ 0.5 and ≤ 4.
  if (support < 0.4 || contrastRatio < 5) {
    throw noHead(
      `the strongest closed bright ring is seen on ${fmt(100 * support, 0)} % of its length with ${fmt(contrastRatio)}× the background ridge contrast`,
    );
  }

  // Pixel size sanity from the coarse ring before any mm-based step.
  const toFull = (v: number): number => v * f + (f - 1) / 2;
  let coarseDiam = 0;
  for (let k = 0; k < K / 2; k++)
    coarseDiam = Math.max(coarseDiam, (best.radii[k] as number) + (best.radii[k + K / 2] as number));
  const coarseOfd = coarseDiam * f * pixelMm;
  if (coarseOfd < 0.6 * ofdMin || coarseOfd > 1.4 * ofdMax)
    throw absurdScale(coarseOfd, coarseDiam * f, pixelMm, ofdMin, ofdMax);

  // 3. Edges on the full-resolution image.
  const cen = pathCentroid(best);
  const cx = toFull(cen.x);
  const cy = toFull(cen.y);
  const M = nRays;
  const theta = new Float64Array(M);
  const outer = new Float64Array(M);
  const inner = new Float64Array(M);
  const wOut = new Float64Array(M);
  const wIn = new Float64Array(M);
  const contrast = new Float64Array(M);
  const mmPx = (mm: number): number => mm / pixelMm;
  const edgeOpts = {
    searchPx: Math.max(2 * f, mmPx(1.5)),
    windowPx: Math.max(4, mmPx(3)),
    tangentPx: Math.max(0.5, mmPx(0.3)),
    smoothPx: Math.max(0.5, mmPx(0.2)),
    alpha: 0.9,
  };
  // Path radius and strength about the new centre, by intersecting rays with the path polygon.
  const pathXY = new Float64Array(2 * K);
  for (let k = 0; k < K; k++) {
    const th = (2 * Math.PI * k) / K;
    pathXY[2 * k] = toFull(best.cx + (best.radii[k] as number) * Math.cos(th));
    pathXY[2 * k + 1] = toFull(best.cy + (best.radii[k] as number) * Math.sin(th));
  }
  for (let m = 0; m < M; m++) {
    const th = (2 * Math.PI * m) / M;
    theta[m] = th;
    const r0 = rayPolygon(pathXY, cx, cy, Math.cos(th), Math.sin(th));
    outer[m] = NaN;
    inner[m] = NaN;
    if (!Number.isFinite(r0)) continue;
    // Path strength at this ray: the nearest path vertex by angle about the path's own centre.
    const px = (cx + r0 * Math.cos(th) - toFull(best.cx)) / f;
    const py = (cy + r0 * Math.sin(th) - toFull(best.cy)) / f;
    const kk = Math.round(((Math.atan2(py, px) + 2 * Math.PI) % (2 * Math.PI)) / ((2 * Math.PI) / K)) % K;
    if ((best.strength[kk] as number) < 0.3) continue;
    // Edge level by the band's side: facing the probe (beam entering the bone), facing away, or
    // lateral (bone along the beam), blended by c = the ray's downward component.
    const c = Math.sin(th);
    const lv = opts.edgeLevels ?? [0.8, 0.9, 0.97];
    const alpha = (c < 0 ? lv[0] : lv[1]) * c * c + lv[2] * (1 - c * c);
    const e = rayEdges(img, cx, cy, th, r0, { ...edgeOpts, alpha });
    contrast[m] = e.contrastOut;
    if (Number.isFinite(e.outer)) {
      outer[m] = e.outer;
      wOut[m] = 1;
    }
    if (Number.isFinite(e.inner)) {
      inner[m] = e.inner;
      wIn[m] = 1;
    }
  }
  // Weak bands relative to the ring's typical contrast are unreliable.
  const cs = Array.from(contrast).filter((v, m) => wOut[m] && v > 0);
  cs.sort((a, b) => a - b);
  const cMed = cs.length ? (cs[Math.floor(cs.length / 2)] as number) : 0;
  for (let m = 0; m < M; m++) {
    if ((contrast[m] as number) < 0.35 * cMed) {
      wOut[m] = 0;
      wIn[m] = 0;
    }
  }

  // 4. Outline.
  const fit = fitOutline(cx, cy, theta, outer, wOut, { minTolPx: Math.max(2, mmPx(0.8)) });
  if (!fit) throw noHead('too few skull edges to fit an outline');
  let used = 0;
  for (let m = 0; m < M; m++) used += fit.inlier[m] as number;
  const coverage = used / M;
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
  if (innerFit && wIn.reduce((a, b) => a + b, 0) >= 0.5 * M) {
    const innerXY = new Float64Array(2 * NC);
    for (let q = 0; q < NC; q++) {
      const th = (2 * Math.PI * q) / NC;
      const r = innerFit.radiusAt(th);
      innerXY[2 * q] = cx + r * Math.cos(th);
      innerXY[2 * q + 1] = cy + r * Math.sin(th);
    }
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
    warnings,
  };
}

function absurdScale(ofdMm: number, ofdPx: number, pixelMm: number, lo: number, hi: number): UserInputError {
  return new UserInputError(
    `absurd pixel size ${pixelMm} mm: the head found is ${ofdPx.toFixed(0)} pixels long, which at ${pixelMm} mm per pixel is an occipito-frontal diameter of ${ofdMm.toFixed(0)} mm — outside the ${lo}–${hi} mm this detector accepts (fetal heads from about 17 weeks to term); check the pixel size`,
  );
}
