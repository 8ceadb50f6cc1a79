/**
 * Step 2 of the head detector: the skull's closed ring in the work maps.
 *
 * The ridge map is mapped linearly from its 90th percentile (0: speckle and texture) to its 99.5th
 * (1: the brightest bands) and clipped. From the best 4 candidate centres (`ringCentres`) a closed
 * path is traced by polar dynamic programming (`ringPath`, 64 angles) and re-centred on its own
 * centroid until it settles (rays then meet the ring nearly at right angles); the best-scoring path
 * is traced again at 128 angles, then once more from the centre of the ellipse that most of it
 * follows (`ringEllipse`, RANSAC) within ±18 % of that ellipse's radius, so a detour along another
 * bright structure (the maternal wall above a faint vault, the choroid plexus) is pulled back to
 * the skull.
 */
import type { Ellipse2D } from '../geometry/ellipseFit';
import { ellipseRadius } from './outlineFit';
import { type EllipseSupport, ellipseSupport, refineEllipse } from './ringCandidates';
import { ringEllipse } from './ringEllipse';
import { type RingPath, pathCentroid, positivePercentile, ringCentres, ringPath } from './ringPath';
import type { WorkMaps } from './ridgeMap';

/** The ring found and how ring-like it is. */
export interface SkullRing {
  /** The path, work pixels. */
  path: RingPath;
  /** Share of the path on strong ridge (saturated strength ≥ 0.3). */
  support: number;
  /** 60th percentile of the raw ridge strength on the path over the image's 75th percentile. */
  contrast: number;
  /** The ranked candidate rings that had an ellipse (best first): for the detector's uncertainty. */
  candidates: RingCandidate[];
}

/** A ring traced from one candidate centre and the ellipse it follows. */
export interface RingCandidate {
  path: RingPath;
  ellipse: Ellipse2D | null;
  support: EllipseSupport | null;
  score: number;
}

/** Candidate centres traced. */
const CENTRES = 8;
/** Half-width of the band about the refined ellipse for the last pass, relative to the radius. */
const BAND = 0.06;

/** The best closed bright ring of the work maps (null when the image has no bright structure). */
export function findSkullRing(maps: WorkMaps, opts: { axial?: boolean } = {}): SkullRing | null {
  const axial = opts.axial ?? true;
  const { width: w, height: h } = maps;
  const ref = positivePercentile(maps.ridge, maps.valid, 0.995);
  const floor = positivePercentile(maps.ridge, maps.valid, 0.9);
  const bgRef = positivePercentile(maps.ridge, maps.valid, 0.75);
  if (!(ref > 0)) return null;
  const sat = new Float32Array(maps.ridge.length);
  const span = Math.max(1e-6, ref - floor);
  for (let p = 0; p < sat.length; p++)
    sat[p] = Math.min(1, Math.max(0, ((maps.ridge[p] as number) - floor) / span));

  const maxSide = Math.max(w, h);
  const rMin = Math.max(4, 0.03 * maxSide);
  const rMax = 0.65 * maxSide;
  // Trace a ring from each candidate centre, fit its ellipse, and rank the ellipses by the bright
  // band they run along, favouring the larger of two equally bright rings (an inner structure such as
  // the choroid plexus or one half of the skull plus the midline otherwise wins over a head with faint
  // lateral walls).
  const refPx = Math.max(w, h);
  if (!axial) {
    const r = sectionRing(sat, w, h, rMin, rMax, refPx);
    if (!r) return null;
    return { ...r, ...ringLikeness(r.path, maps, bgRef) };
  }
  const cands: RingCandidate[] = [];
  for (const c of ringCentres(sat, w, h, CENTRES)) {
    let p = ringPath(sat, w, h, c.x, c.y, { rMin, rMax, angles: 64 });
    for (let it = 0; it < 3; it++) {
      const cen = pathCentroid(p);
      if (!(cen.x >= 0 && cen.y >= 0 && cen.x <= w - 1 && cen.y <= h - 1)) break;
      if (Math.hypot(cen.x - p.cx, cen.y - p.cy) < 1.5) break;
      const p2 = ringPath(sat, w, h, cen.x, cen.y, { rMin, rMax, angles: 64 });
      if (p2.score < p.score) break;
      p = p2;
    }
    const g = ringEllipse(p);
    const ok = g && g.inlierShare >= 0.3;
    const sup = ok ? ellipseSupport(sat, w, h, g.ellipse, refPx, 128, axial) : null;
    cands.push({
      path: p,
      ellipse: ok ? g.ellipse : null,
      support: sup,
      score: sup ? sup.score : 0.001 * p.score,
    });
  }
  if (!cands.length) return null;
  cands.sort((a, b) => b.score - a.score);
  // Refine the best three ellipses onto the ring they follow, and rank again.
  for (const c of cands.slice(0, 3)) {
    if (!c.ellipse) continue;
    c.ellipse = refineEllipse(sat, w, h, c.ellipse);
    c.support = ellipseSupport(sat, w, h, c.ellipse, refPx, 128, axial);
    c.score = c.support.score;
  }
  cands.sort((a, b) => b.score - a.score);
  // Rings of other sizes around the best two: a faint vault above a bright far wall (the ring found
  // closes through a structure inside the head), or a ring that took the uterine wall (too large).
  // Each is scaled about its centre and about its lowest point (the far wall, bright in most scans),
  // refined, and ranked with the rest.
  {
    const extra: RingCandidate[] = [];
    for (const c of cands.slice(0, 2)) {
      const e = c.ellipse;
      if (!e) continue;
      const lowY = lowestPointY(e);
      for (const k of [0.8, 1.25, 1.5]) {
        for (const keepBottom of [false, true]) {
          const cy = keepBottom ? lowY - k * (lowY - e.cy) : e.cy;
          const e0 = { ...e, a: k * e.a, b: k * e.b, cy };
          if (k * e.b > 0.6 * Math.max(w, h)) continue;
          const r = refineEllipse(sat, w, h, e0);
          const sup = ellipseSupport(sat, w, h, r, refPx, 128, axial);
          extra.push({ path: c.path, ellipse: r, support: sup, score: sup.score });
        }
      }
    }
    cands.push(...extra);
    cands.sort((a, b) => b.score - a.score);
  }
  const top = cands[0] as RingCandidate;
  let best: RingPath;
  if (top.ellipse) {
    // A last traced pass kept within ±BAND of the refined ellipse: the skull need not be an exact
    // ellipse (sagittal vault, flattened occiput), but a detour onto another structure is cut off.
    const e = top.ellipse;
    const A = 128;
    const lo = new Float32Array(A);
    const hi = new Float32Array(A);
    for (let k = 0; k < A; k++) {
      const r = ellipseRadius(e, e.cx, e.cy, (2 * Math.PI * k) / A);
      lo[k] = (1 - BAND) * r - 1;
      hi[k] = (1 + BAND) * r + 1;
    }
    best = ringPath(sat, w, h, e.cx, e.cy, { rMin, rMax, angles: A, band: { lo, hi } });
  } else {
    best = ringPath(sat, w, h, top.path.cx, top.path.cy, { rMin, rMax, angles: 128 });
  }
  return { path: best, ...ringLikeness(best, maps, bgRef), candidates: cands.filter((c) => c.ellipse) };
}

/** Image y of an ellipse's lowest point (largest y), work pixels. */
function lowestPointY(e: Ellipse2D): number {
  const s = Math.sin(e.angleRad);
  const c = Math.cos(e.angleRad);
  return e.cy + Math.sqrt((e.a * s) ** 2 + (e.b * c) ** 2);
}

/** How ring-like a traced path is: share on strong ridge, and its ridge over the background's. */
function ringLikeness(mp: RingPath, maps: WorkMaps, bgRef: number): { support: number; contrast: number } {
  const { width: w, height: h } = maps;
  const K = mp.radii.length;
  let strong = 0;
  const ringVals: number[] = [];
  for (let k = 0; k < K; k++) {
    if ((mp.strength[k] as number) >= 0.3) strong++;
    const th = (2 * Math.PI * k) / K;
    const x = Math.round(mp.cx + (mp.radii[k] as number) * Math.cos(th));
    const y = Math.round(mp.cy + (mp.radii[k] as number) * Math.sin(th));
    if (x >= 0 && y >= 0 && x < w && y < h) ringVals.push(maps.ridge[y * w + x] as number);
  }
  ringVals.sort((a, b) => a - b);
  const ringRidge = ringVals.length ? (ringVals[Math.floor(0.6 * ringVals.length)] as number) : 0;
  return { support: strong / K, contrast: bgRef > 0 ? ringRidge / bgRef : 0 };
}

/**
 * Sagittal and coronal planes: the best of 4 traced rings by their own DP score, traced again at 128
 * angles and a last pass within ±18 % of the RANSAC ellipse it mostly follows. (Their sections are
 * not ellipses: the vault rises higher than the base falls, so the axial ranking and its ±6 % band
 * do not apply; set on simulated planes.)
 */
function sectionRing(
  sat: Float32Array,
  w: number,
  h: number,
  rMin: number,
  rMax: number,
  refPx: number,
): { path: RingPath; candidates: RingCandidate[] } | null {
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
  if (!best) return null;
  best = ringPath(sat, w, h, best.cx, best.cy, { rMin, rMax, angles: 128 });
  const guide = ringEllipse(best);
  const candidates: RingCandidate[] = [];
  if (guide && guide.inlierShare >= 0.4) {
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
    const sup = ellipseSupport(sat, w, h, e, refPx, 128, false);
    candidates.push({ path: best, ellipse: e, support: sup, score: sup.score });
  } else {
    const g = ringEllipse(best, 0.15);
    if (g) {
      const sup = ellipseSupport(sat, w, h, g.ellipse, refPx, 128, false);
      candidates.push({ path: best, ellipse: g.ellipse, support: sup, score: sup.score });
    }
  }
  return { path: best, candidates };
}
