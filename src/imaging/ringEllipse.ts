/**
 * The ellipse a ring path mostly follows, found by RANSAC over its strong, locally convex points: the
 * guide for the detector's last ring pass (see `ringSearch.ts`).
 */
import { createRng } from '../anatomy/random';
import { type Ellipse2D, fitEllipse } from '../geometry/ellipseFit';
import { ellipseRadius } from './outlineFit';
import type { RingPath } from './ringPath';

/**
 * Ellipse through the strong, locally convex points of a ring path by RANSAC: 300 seeded draws of 5 points from
 * different quarters, each conic kept if it is an ellipse with axis ratio ≥ 0.45; the one whose
 * inliers (radial distance ≤ max(2 px, 4 % of the mean semi-axis)) carry the most ridge strength wins
 * and is refitted to them. Null when fewer than 12 strong points or no draw gives an ellipse.
 */
export function ringEllipse(
  p: RingPath,
  minStrength = 0.3,
): { ellipse: Ellipse2D; inlierShare: number } | null {
  const K = p.radii.length;
  const xs: number[] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  const quarter: number[][] = [[], [], [], []];
  const xy = (k: number): [number, number] => {
    const kk = ((k % K) + K) % K;
    const th = (2 * Math.PI * kk) / K;
    return [p.cx + (p.radii[kk] as number) * Math.cos(th), p.cy + (p.radii[kk] as number) * Math.sin(th)];
  };
  const span = Math.max(2, Math.round(K / 40));
  for (let k = 0; k < K; k++) {
    const s = p.strength[k] as number;
    if (s < minStrength) continue;
    // A skull is convex: a point inside the chord of its neighbours (seen from the centre) lies on
    // something curved the other way, such as the maternal wall around the probe.
    const [ax, ay] = xy(k - span);
    const [bx, by] = xy(k + span);
    const th = (2 * Math.PI * k) / K;
    const dx = Math.cos(th);
    const dy = Math.sin(th);
    const ex = bx - ax;
    const ey = by - ay;
    const den = dx * ey - dy * ex;
    if (Math.abs(den) > 1e-9) {
      const rChord = ((ax - p.cx) * ey - (ay - p.cy) * ex) / den;
      if ((p.radii[k] as number) < rChord - Math.max(1, 0.01 * rChord)) continue;
    }
    quarter[Math.floor((4 * k) / K)]?.push(xs.length);
    xs.push(p.cx + (p.radii[k] as number) * Math.cos(th));
    ys.push(p.cy + (p.radii[k] as number) * Math.sin(th));
    ws.push(s);
  }
  const n = xs.length;
  if (n < 12) return null;
  const rng = createRng(7);
  const inliers = (e: Ellipse2D): { score: number; idx: number[] } => {
    const tol = Math.max(2, 0.04 * 0.5 * (e.a + e.b));
    let score = 0;
    const idx: number[] = [];
    for (let i = 0; i < n; i++) {
      const dx = (xs[i] as number) - e.cx;
      const dy = (ys[i] as number) - e.cy;
      const re = ellipseRadius(e, e.cx, e.cy, Math.atan2(dy, dx));
      if (Math.abs(Math.hypot(dx, dy) - re) <= tol) {
        score += ws[i] as number;
        idx.push(i);
      }
    }
    return { score, idx };
  };
  const ok = (e: Ellipse2D | null): e is Ellipse2D => !!e && e.b / e.a >= 0.45 && Number.isFinite(e.a);
  let best: { e: Ellipse2D; score: number; idx: number[] } | null = null;
  const nonEmpty = quarter.filter((q) => q.length > 0);
  const pts = new Float64Array(10);
  for (let it = 0; it < 300; it++) {
    const chosen = new Set<number>();
    for (let q = 0; q < 5; q++) {
      const from = nonEmpty[(it + q) % nonEmpty.length] as number[];
      chosen.add(from[rng.int(0, from.length - 1)] as number);
    }
    if (chosen.size < 5) continue;
    let q = 0;
    for (const i of chosen) {
      pts[q++] = xs[i] as number;
      pts[q++] = ys[i] as number;
    }
    const e = fitEllipse(pts);
    if (!ok(e)) continue;
    const r = inliers(e);
    if (!best || r.score > best.score) best = { e, ...r };
  }
  if (!best || best.idx.length < 8) return null;
  // Refit to the inliers (twice: the inlier set may grow).
  let e = best.e;
  let idx = best.idx;
  for (let it = 0; it < 2; it++) {
    const q = new Float64Array(2 * idx.length);
    idx.forEach((i, j) => {
      q[2 * j] = xs[i] as number;
      q[2 * j + 1] = ys[i] as number;
    });
    const f = fitEllipse(q);
    if (!ok(f)) break;
    e = f;
    idx = inliers(e).idx;
  }
  return { ellipse: e, inlierShare: idx.length / K };
}
