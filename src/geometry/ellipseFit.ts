/**
 * Ellipses in the plane: algebraic least-squares fit and perimeter.
 */

/** An ellipse in a plane, mm. */
export interface Ellipse2D {
  cx: number;
  cy: number;
  /** Semi-axes a ≥ b, mm. */
  a: number;
  b: number;
  /** Angle of the a-axis from +x, radians. */
  angleRad: number;
}

/** Ramanujan's second approximation to the perimeter of an ellipse with semi-axes a, b. */
export function ellipsePerimeter(a: number, b: number): number {
  const h = ((a - b) / (a + b)) ** 2;
  return Math.PI * (a + b) * (1 + (3 * h) / (10 + Math.sqrt(4 - 3 * h)));
}

/** Solves the n×n system M x = r (row-major M) by Gaussian elimination with partial pivoting. */
function solve(M: Float64Array, r: Float64Array, n: number): Float64Array | null {
  const A = Float64Array.from(M);
  const x = Float64Array.from(r);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let i = c + 1; i < n; i++)
      if (Math.abs(A[i * n + c] as number) > Math.abs(A[piv * n + c] as number)) piv = i;
    if (Math.abs(A[piv * n + c] as number) < 1e-300) return null;
    for (let j = 0; j < n; j++) {
      const tmp = A[c * n + j] as number;
      A[c * n + j] = A[piv * n + j] as number;
      A[piv * n + j] = tmp;
    }
    const tmp = x[c] as number;
    x[c] = x[piv] as number;
    x[piv] = tmp;
    for (let i = c + 1; i < n; i++) {
      const f = (A[i * n + c] as number) / (A[c * n + c] as number);
      for (let j = c; j < n; j++) A[i * n + j] = (A[i * n + j] as number) - f * (A[c * n + j] as number);
      x[i] = (x[i] as number) - f * (x[c] as number);
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i] as number;
    for (let j = i + 1; j < n; j++) s -= (A[i * n + j] as number) * (x[j] as number);
    x[i] = s / (A[i * n + i] as number);
  }
  return x;
}

/**
 * Least-squares ellipse through 2-D points (xy pairs, mm): the general conic
 * A x² + B xy + C y² + D x + E y = 1 in coordinates centred on the points' (weighted) mean. Optional
 * `weights` (one per point, ≥ 0) weight each point's squared algebraic residual. Null if degenerate
 * or not an ellipse.
 */
export function fitEllipse(points: Float64Array, weights?: ArrayLike<number>): Ellipse2D | null {
  const n = Math.floor(points.length / 2);
  if (n < 5) return null;
  const wt = (i: number): number => (weights ? (weights[i] as number) : 1);
  let mx = 0;
  let my = 0;
  let wsum = 0;
  for (let i = 0; i < n; i++) {
    mx += wt(i) * (points[2 * i] as number);
    my += wt(i) * (points[2 * i + 1] as number);
    wsum += wt(i);
  }
  if (!(wsum > 0)) return null;
  mx /= wsum;
  my /= wsum;
  const M = new Float64Array(25);
  const r = new Float64Array(5);
  const row = new Float64Array(5);
  for (let i = 0; i < n; i++) {
    const x = (points[2 * i] as number) - mx;
    const y = (points[2 * i + 1] as number) - my;
    row[0] = x * x;
    row[1] = x * y;
    row[2] = y * y;
    row[3] = x;
    row[4] = y;
    const wi = wt(i);
    for (let a = 0; a < 5; a++) {
      r[a] = (r[a] as number) + wi * (row[a] as number);
      for (let b = 0; b < 5; b++)
        M[a * 5 + b] = (M[a * 5 + b] as number) + wi * (row[a] as number) * (row[b] as number);
    }
  }
  const s = solve(M, r, 5);
  if (!s) return null;
  const [A, B, C, D, E] = s as unknown as [number, number, number, number, number];
  const det = 4 * A * C - B * B;
  if (!(det > 0)) return null;
  const x0 = (B * E - 2 * C * D) / det;
  const y0 = (B * D - 2 * A * E) / det;
  const F0 = A * x0 * x0 + B * x0 * y0 + C * y0 * y0 + D * x0 + E * y0 - 1;
  // Eigenvalues of [[A, B/2], [B/2, C]].
  const mean = (A + C) / 2;
  const diff = Math.hypot((A - C) / 2, B / 2);
  const l1 = mean - diff;
  const l2 = mean + diff;
  if (!(l1 > 0) || !(F0 < 0)) return null;
  const a = Math.sqrt(-F0 / l1);
  const b = Math.sqrt(-F0 / l2);
  // The eigenvector of l1 is the long axis; take the better conditioned of its two expressions.
  const u: [number, number] = [B / 2, l1 - A];
  const w: [number, number] = [l1 - C, B / 2];
  const v = Math.hypot(...u) >= Math.hypot(...w) ? u : w;
  let angleRad = Math.atan2(v[1], v[0]);
  if (angleRad > Math.PI / 2) angleRad -= Math.PI;
  if (angleRad <= -Math.PI / 2) angleRad += Math.PI;
  return { cx: x0 + mx, cy: y0 + my, a, b, angleRad };
}
