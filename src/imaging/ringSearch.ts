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
import { ellipseRadius } from './outlineFit';
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
}

/** The best closed bright ring of the work maps (null when the image has no bright structure). */
export function findSkullRing(maps: WorkMaps): SkullRing | null {
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
  }
  const K = best.radii.length;
  let strong = 0;
  const ringVals: number[] = [];
  for (let k = 0; k < K; k++) {
    if ((best.strength[k] as number) >= 0.3) strong++;
    const th = (2 * Math.PI * k) / K;
    const x = Math.round(best.cx + (best.radii[k] as number) * Math.cos(th));
    const y = Math.round(best.cy + (best.radii[k] as number) * Math.sin(th));
    if (x >= 0 && y >= 0 && x < w && y < h) ringVals.push(maps.ridge[y * w + x] as number);
  }
  ringVals.sort((a, b) => a - b);
  const ringRidge = ringVals.length ? (ringVals[Math.floor(0.6 * ringVals.length)] as number) : 0;
  return { path: best, support: strong / K, contrast: bgRef > 0 ? ringRidge / bgRef : 0 };
}
