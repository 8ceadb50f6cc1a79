/**
 * A smooth closed outline from edge points measured along rays, with outliers removed and gaps
 * filled: an algebraic ellipse fit to the accepted points, then a penalised Fourier series of the
 * radial residual r(θ) − r_ellipse(θ) (penalty μ·n⁴ on order n), so where rays are missing the
 * outline relaxes to the ellipse plus the low orders. Outliers (residual beyond 3 robust standard
 * deviations, at least `minTolPx`) are dropped and everything refitted, three times.
 */
import { type Ellipse2D, fitEllipse } from '../geometry/ellipseFit';

/** Options of {@link fitOutline}. */
export interface OutlineFitOptions {
  /** Highest Fourier order of the residual. Default 10. */
  order?: number;
  /** Penalty weight μ on n⁴ (a_n² + b_n²). Default 1e-4. */
  smoothness?: number;
  /** Smallest outlier tolerance, pixels. Default 2. */
  minTolPx?: number;
}

/** The fitted outline. */
export interface OutlineFit {
  /** Radius about (cx, cy) at each input angle, pixels. */
  radii: Float64Array;
  /** 1 for the rays kept as inliers. */
  inlier: Uint8Array;
  ellipse: Ellipse2D;
  /** RMS of the inliers about the fitted outline, pixels. */
  rmsPx: number;
  /** Radius of the fitted outline at any angle. */
  radiusAt: (theta: number) => number;
}

/** Distance from (cx, cy) along direction θ to the ellipse (the positive root; NaN if none). */
export function ellipseRadius(e: Ellipse2D, cx: number, cy: number, theta: number): number {
  const c = Math.cos(e.angleRad);
  const s = Math.sin(e.angleRad);
  const dx = Math.cos(theta);
  const dy = Math.sin(theta);
  // In the ellipse's own axes.
  const px = (cx - e.cx) * c + (cy - e.cy) * s;
  const py = -(cx - e.cx) * s + (cy - e.cy) * c;
  const ux = dx * c + dy * s;
  const uy = -dx * s + dy * c;
  const A = (ux * ux) / (e.a * e.a) + (uy * uy) / (e.b * e.b);
  const B = 2 * ((px * ux) / (e.a * e.a) + (py * uy) / (e.b * e.b));
  const C = (px * px) / (e.a * e.a) + (py * py) / (e.b * e.b) - 1;
  const disc = B * B - 4 * A * C;
  if (disc < 0) return NaN;
  return (-B + Math.sqrt(disc)) / (2 * A);
}

/** Solves the symmetric positive definite system M x = r (n × n, row-major) by Cholesky. */
function choleskySolve(M: Float64Array, r: Float64Array, n: number): Float64Array {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = M[i * n + j] as number;
      for (let k = 0; k < j; k++) s -= (L[i * n + k] as number) * (L[j * n + k] as number);
      L[i * n + j] = i === j ? Math.sqrt(Math.max(s, 1e-18)) : s / (L[j * n + j] as number);
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = r[i] as number;
    for (let k = 0; k < i; k++) s -= (L[i * n + k] as number) * (y[k] as number);
    y[i] = s / (L[i * n + i] as number);
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i] as number;
    for (let k = i + 1; k < n; k++) s -= (L[k * n + i] as number) * (x[k] as number);
    x[i] = s / (L[i * n + i] as number);
  }
  return x;
}

/** Basis value j of the Fourier series at θ: 1, cos θ, sin θ, cos 2θ, … */
const basis = (j: number, th: number): number =>
  j === 0 ? 1 : j % 2 === 1 ? Math.cos(((j + 1) / 2) * th) : Math.sin((j / 2) * th);

/**
 * Fits a closed outline to radii `r` (pixels, NaN or weight 0 = missing) measured about (cx, cy)
 * along angles `theta`. Returns null when fewer than 8 rays remain or no ellipse fits.
 */
export function fitOutline(
  cx: number,
  cy: number,
  theta: ArrayLike<number>,
  r: ArrayLike<number>,
  weight: ArrayLike<number>,
  opts: OutlineFitOptions = {},
): OutlineFit | null {
  const M = theta.length;
  const N = opts.order ?? 10;
  const mu = opts.smoothness ?? 1e-4;
  const minTol = opts.minTolPx ?? 2;
  const nb = 2 * N + 1;
  const inlier = new Uint8Array(M);
  for (let k = 0; k < M; k++)
    inlier[k] = (weight[k] as number) > 0 && Number.isFinite(r[k] as number) ? 1 : 0;
  let ellipse: Ellipse2D | null = null;
  let coef: Float64Array = new Float64Array(nb);
  const series = (th: number): number => {
    let s = 0;
    for (let j = 0; j < nb; j++) s += (coef[j] as number) * basis(j, th);
    return s;
  };
  for (let it = 0; it < 4; it++) {
    const pts: number[] = [];
    for (let k = 0; k < M; k++) {
      if (!inlier[k]) continue;
      pts.push(
        cx + (r[k] as number) * Math.cos(theta[k] as number),
        cy + (r[k] as number) * Math.sin(theta[k] as number),
      );
    }
    if (pts.length < 16) return null;
    const e = fitEllipse(Float64Array.from(pts));
    if (!e) return null;
    ellipse = e;
    // Penalised least squares of the residual.
    const A = new Float64Array(nb * nb);
    const rhs = new Float64Array(nb);
    let wsum = 0;
    const row = new Float64Array(nb);
    const resid = new Float64Array(M);
    for (let k = 0; k < M; k++) {
      const re = ellipseRadius(e, cx, cy, theta[k] as number);
      resid[k] = (r[k] as number) - re;
      if (!inlier[k] || !Number.isFinite(resid[k] as number)) continue;
      const w = weight[k] as number;
      wsum += w;
      for (let j = 0; j < nb; j++) row[j] = basis(j, theta[k] as number);
      for (let a = 0; a < nb; a++) {
        rhs[a] = (rhs[a] as number) + w * (row[a] as number) * (resid[k] as number);
        for (let b = 0; b <= a; b++)
          A[a * nb + b] = (A[a * nb + b] as number) + w * (row[a] as number) * (row[b] as number);
      }
    }
    for (let a = 0; a < nb; a++) for (let b = 0; b < a; b++) A[b * nb + a] = A[a * nb + b] as number;
    for (let j = 0; j < nb; j++) {
      const n = Math.ceil(j / 2);
      A[j * nb + j] = (A[j * nb + j] as number) + wsum * mu * Math.max(n, 0.5) ** 4;
    }
    coef = choleskySolve(A, rhs, nb);
    // Outliers against the full model.
    const dev: number[] = [];
    for (let k = 0; k < M; k++)
      if (inlier[k]) dev.push(Math.abs((resid[k] as number) - series(theta[k] as number)));
    const sorted = [...dev].sort((a, b) => a - b);
    const mad = sorted[Math.floor(sorted.length / 2)] as number;
    const tol = Math.max(minTol, 3 * 1.4826 * mad);
    let changed = false;
    for (let k = 0; k < M; k++) {
      if (!inlier[k]) continue;
      if (Math.abs((resid[k] as number) - series(theta[k] as number)) > tol) {
        inlier[k] = 0;
        changed = true;
      }
    }
    if (!changed) break;
  }
  const e = ellipse as Ellipse2D;
  const radiusAt = (th: number): number => ellipseRadius(e, cx, cy, th) + series(th);
  const radii = new Float64Array(M);
  let ss = 0;
  let n = 0;
  for (let k = 0; k < M; k++) {
    radii[k] = radiusAt(theta[k] as number);
    if (inlier[k]) {
      ss += ((r[k] as number) - (radii[k] as number)) ** 2;
      n++;
    }
  }
  return { radii, inlier, ellipse: e, rmsPx: Math.sqrt(ss / Math.max(1, n)), radiusAt };
}
