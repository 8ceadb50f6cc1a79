/**
 * Robust ellipse through measured skull edge points (trimmed least squares): the ellipse most of the
 * edge points agree with, so that a stretch of edges on another structure (the scalp or uterine wall
 * beside a faint lateral wall) does not bend the fit. Also returns each point's residual, which the
 * detector's uncertainty uses. (A RANSAC variant was tried on HC18 and was worse: it jumps to
 * sub-arcs.)
 */
import { type Ellipse2D, fitEllipse } from '../geometry/ellipseFit';
import { ellipseRadius } from './outlineFit';

/** Result of {@link trimmedEllipse}. */
export interface RobustEllipse {
  ellipse: Ellipse2D;
  /** 1 for points within the tolerance of the final ellipse. */
  inlier: Uint8Array;
  /** Weighted share of the usable points that are inliers. */
  inlierShare: number;
  /** Radial residual of each point from the final ellipse (px; NaN where unusable). */
  residualPx: Float64Array;
  /** The tolerance used, px. */
  tolPx: number;
}

/**
 * Trimmed least-squares ellipse: starting from the fit to all usable points, points farther than
 * max(`minTolPx`, 2.5 × 1.4826 × MAD) radially from the current ellipse are dropped and the ellipse
 * refitted, up to `iters` times. A local robust fit (unlike RANSAC it cannot jump to a sub-arc): a
 * stretch of edges on a structure a few mm outside the skull is left out when most edges agree.
 */
export function trimmedEllipse(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  w: ArrayLike<number>,
  opts: { minTolPx?: number; iters?: number } = {},
): RobustEllipse | null {
  const minTol = opts.minTolPx ?? 2;
  const n = xs.length;
  const inlier = new Uint8Array(n);
  for (let i = 0; i < n; i++) inlier[i] = (w[i] as number) > 0 && Number.isFinite(xs[i] as number) ? 1 : 0;
  const usable = Uint8Array.from(inlier);
  const residualPx = new Float64Array(n).fill(NaN);
  let e: Ellipse2D | null = null;
  let tol = Infinity;
  for (let it = 0; it < (opts.iters ?? 5); it++) {
    const q: number[] = [];
    for (let i = 0; i < n; i++) if (inlier[i]) q.push(xs[i] as number, ys[i] as number);
    if (q.length < 24) break;
    const f = fitEllipse(Float64Array.from(q));
    if (!f || !(f.b / f.a >= 0.4)) break;
    e = f;
    const dev: number[] = [];
    for (let i = 0; i < n; i++) {
      if (!usable[i]) continue;
      const dx = (xs[i] as number) - f.cx;
      const dy = (ys[i] as number) - f.cy;
      residualPx[i] = Math.hypot(dx, dy) - ellipseRadius(f, f.cx, f.cy, Math.atan2(dy, dx));
      if (inlier[i]) dev.push(Math.abs(residualPx[i] as number));
    }
    dev.sort((a, b) => a - b);
    const mad = dev[Math.floor(dev.length / 2)] as number;
    tol = Math.max(minTol, 2.5 * 1.4826 * mad);
    let changed = false;
    for (let i = 0; i < n; i++) {
      if (!usable[i]) continue;
      const keep = Math.abs(residualPx[i] as number) <= tol ? 1 : 0;
      if (keep !== inlier[i]) changed = true;
      inlier[i] = keep;
    }
    if (!changed) break;
  }
  if (!e) return null;
  let wIn = 0;
  let wTot = 0;
  for (let i = 0; i < n; i++) {
    if (!usable[i]) continue;
    wTot += w[i] as number;
    if (inlier[i]) wIn += w[i] as number;
  }
  return { ellipse: e, inlier, inlierShare: wIn / Math.max(1e-12, wTot), residualPx, tolPx: tol };
}
